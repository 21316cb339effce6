using System.Text;
using Almanac.Ingest.Reference;
using Almanac.Store;

namespace Almanac.Fuzz;

/// <summary>
/// A fresh embedded DuckDB store in a temp folder, with the project's reference data (and whatever the target seeds it
/// with); <see cref="FingerprintAsync"/> says what it holds, so that a refused import can be checked to have left it as it was.
/// </summary>
public sealed class FuzzStore : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;

    private FuzzStore(DirectoryInfo directory, IAlmanacStore store)
    {
        _directory = directory;
        Store = store;
    }

    public IAlmanacStore Store { get; }

    public IPlatformStore Platform => (IPlatformStore)Store;

    public static async Task<FuzzStore> CreateAsync(Func<FuzzStore, Task> seed, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("almanac-fuzz-store-");
        var store = await AlmanacStores.OpenAsync(Path.Combine(directory.FullName, "fuzz.db"), cancellationToken);
        await store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), cancellationToken);
        var fuzz = new FuzzStore(directory, store);
        await seed(fuzz);
        return fuzz;
    }

    /// <summary>Every import with its years and currency, the offices, frameworks, questionnaires and fact catalog, as text.</summary>
    public async Task<string> FingerprintAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var s in await Store.SourcesAsync(cancellationToken))
        {
            text.Append($"source {s.Id} {s.Kind} {s.Name} {s.Sha256} {s.RowCount}");
            foreach (var y in s.Years) text.Append($" {y.Year}/{y.Scope}/{y.IsCurrent}");
            text.AppendLine();
        }
        foreach (var o in await Platform.OfficesAsync(cancellationToken)) text.AppendLine($"office {o}");
        foreach (var f in await Platform.FrameworksAsync(cancellationToken)) text.AppendLine($"framework {f.Id} {f.Name} {f.Nodes.Count}");
        foreach (var year in await Platform.QuestionnaireYearsAsync(cancellationToken))
        {
            var q = await Platform.QuestionnaireAsync(year, cancellationToken);
            text.AppendLine($"questionnaire {year} {q?.Title} {q?.Sections.Sum(s => s.Questions.Count)}");
        }
        var catalog = await Store.FactCatalogAsync(cancellationToken);
        text.AppendLine($"facts {catalog.Measures.Count}");
        text.AppendLine($"tables {(await Store.ReportTablesAsync(null, cancellationToken)).Count} statements {(await Store.ReportStatementsAsync(null, cancellationToken)).Count}");
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            _directory.Delete(true);
        }
        catch (IOException)
        {
            // A store a hung input still holds: left for the temp folder's clean-up.
        }
    }
}
