using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Almanac.Domain;
using Almanac.Domain.Platform;

namespace Almanac.Store.Platform;

/// <summary>
/// A year's questionnaire saved at the version its editor read (the designer's and the import's one way in), in the same
/// SQL for both engines.
/// </summary>
internal sealed partial class PlatformStore
{
    public Task<StampedQuestionnaire?> StampedQuestionnaireAsync(int year, CancellationToken cancellationToken) =>
        store.ReadingAsync(async () =>
        {
            var json = (string?)await store.ScalarAsync(null, "SELECT document FROM questionnaire WHERE year = $1", cancellationToken, year);
            if (json is null) return null;
            var submissions = Convert.ToInt32(await store.ScalarAsync(null, "SELECT COUNT(*) FROM submission WHERE year = $1", cancellationToken, year), CultureInfo.InvariantCulture);
            return new StampedQuestionnaire(JsonSerializer.Deserialize<Questionnaire>(json, DocumentJson)!, QuestionnaireStamp(json), submissions);
        }, cancellationToken);

    public Task<string> SaveQuestionnaireAsync(Questionnaire questionnaire, string? expectedStamp, Change change, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            var year = questionnaire.Year;
            // Ordered against the year's lock and unlock and its submissions' saves, on every server of the store.
            await SerializeYearAsync(transaction, year, alone: true, cancellationToken);
            if (await IsLockedAsync(transaction, year, cancellationToken)) throw new WorkflowException(Refusal.Of("year.locked-questionnaire", $"{year} is locked: its questionnaire cannot change", year));
            var json = (string?)await store.ScalarAsync(transaction, "SELECT document FROM questionnaire WHERE year = $1", cancellationToken, year);
            if (expectedStamp is not null && QuestionnaireStamp(json) != expectedStamp)
            {
                var last = await store.QueryAsync(transaction, "SELECT actor, changed_at FROM audit_log WHERE entity = $1 ORDER BY id DESC LIMIT 1", cancellationToken, $"questionnaire {year}")
                    .FirstOrDefaultAsync(cancellationToken);
                var by = last is null ? "" : $" by {last[0]} at {SqlStore.Utc((DateTime)last[1]!):u}";
                throw new ConcurrencyException(json is null
                    ? Refusal.Of("design.removed-since-read", $"the {year} questionnaire was removed since this page read it: nothing was saved", year)
                    : last is null
                    ? Refusal.Of("design.changed-since-read", $"the {year} questionnaire was changed since this page read it: nothing was saved. Reload the designer to see their changes, then make yours again", year)
                    : Refusal.Of("design.changed-by-since-read", $"the {year} questionnaire was changed{by} since this page read it: nothing was saved. Reload the designer to see their changes, then make yours again",
                        year, last[0]!.ToString()!, $"{SqlStore.Utc((DateTime)last[1]!):u}"));
            }
            var before = json is null ? null : JsonSerializer.Deserialize<Questionnaire>(json, DocumentJson);
            if (QuestionnaireDesign.AnswersKept(questionnaire, await ReadYearAsync(transaction, year, cancellationToken), before) is { Count: > 0 } problems)
                throw new QuestionnaireRefusedException(year, problems);
            await WriteDocumentAsync(transaction, "questionnaire", "year", year, questionnaire, change, cancellationToken);
            return QuestionnaireStamp(JsonSerializer.Serialize(questionnaire, DocumentJson));
        }, cancellationToken, SqlStore.UnitAccess.WriteAlone);

    /// <summary>A stored questionnaire's stamp: of its document, so that any change to it, by any way, moves the stamp ("" for none).</summary>
    private static string QuestionnaireStamp(string? json) =>
        json is null ? "" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16];
}
