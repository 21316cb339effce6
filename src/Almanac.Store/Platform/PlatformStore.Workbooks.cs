using System.Globalization;

namespace Almanac.Store.Platform;

/// <summary>The audit of offline questionnaire workbooks: the line that says where a save's answers came from.</summary>
internal sealed partial class PlatformStore
{
    public Task AuditWorkbookUploadAsync(long submissionId, string file, long downloadedVersion, long savedVersion, Change change, CancellationToken cancellationToken) =>
        store.InTransactionAsync(transaction => AuditAsync(transaction, change, $"submission {submissionId}", "workbook upload", "version",
            downloadedVersion.ToString(CultureInfo.InvariantCulture), $"{savedVersion.ToString(CultureInfo.InvariantCulture)} (from the workbook {file})", cancellationToken), cancellationToken);
}
