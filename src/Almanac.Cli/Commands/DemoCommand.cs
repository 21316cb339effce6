using System.CommandLine;
using Almanac.Analytics.Definitions;
using Almanac.Analytics.Publishing;
using Almanac.Domain.Platform;
using Almanac.Domain.Projects;
using Almanac.Domain.Publishing;
using Almanac.Ingest.Projects;
using Almanac.Ingest.Published;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Staff;
using Almanac.Publish;
using Almanac.Publish.Publications;
using Almanac.Store;
using Almanac.Web.Demo;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>
/// almanac demo: a fresh embedded store with the reference data, the figures printed by the 2017, 2018 and 2023
/// reports, a synthetic 2023 staff list and the 2017, 2018 and 2023 questionnaires with synthetic answers, locked; then
/// the 2023 annexes to the terminal and as CSV and JSON files, and the 2017, 2018 and 2023 reports published from the
/// store in every format, each with its chapter of questionnaire results.
/// </summary>
public static class DemoCommand
{
    private const int ReportYear = 2023;

    public static Command Create(CommandContext context)
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for the demo store, the synthetic staff list and the annex files.", DefaultValueFactory = _ => new DirectoryInfo("out/demo") };
        var command = new Command("demo", "Build the 2023 staff annexes and the 2017, 2018 and 2023 reports end to end from synthetic data, in a new store (DIR/demo.db, or the new store --db names).") { output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = parse.GetValue(output)!.FullName;
            Directory.CreateDirectory(directory);
            await using var store = await OpenDemoStoreAsync(context, parse, directory, cancellationToken);
            var console = context.Console;
            await store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), cancellationToken);
            console.MarkupLineInterpolated($"[grey]{store.Description}: reference data loaded[/]");
            foreach (var printedYear in new[] { 2017, 2018, ReportYear })
            {
                var result = await new PublishedFiguresImporter(store, context.Clock).ImportEmbeddedAsync(printedYear, cancellationToken);
                console.MarkupLineInterpolated($"[grey]figures printed in the {printedYear} report: {NumberFormat.Count(result.RowCount)} imported[/]");
            }
            var staffList = Path.Combine(directory, $"synthetic-staff-{ReportYear}.csv");
            var count = GenerateCommand.Write(ReportYear, staffList);
            var imported = await new StaffImporter(store, context.Clock).ImportAsync(staffList, ReportYear, cancellationToken);
            console.MarkupLineInterpolated($"[grey]SYNTHETIC staff list {staffList}: {NumberFormat.Count(count)} staff members generated, {NumberFormat.Count(imported.RowCount)} imported[/]");
            console.MarkupLine("[bold]The 2023 figures below are computed from a SYNTHETIC staff list built to match the published annexes; earlier years are the figures the reports printed.[/]");
            console.WriteLine();

            var projectFiles = Path.Combine(directory, $"synthetic-projects-{GenerateCommand.AppealYear}");
            var (portfolio, notes) = GenerateCommand.WriteProjects(projectFiles);
            await new ProjectImporter(store, context.Clock).ImportAsync(Path.Combine(projectFiles, "projects.csv"), Path.Combine(projectFiles, "transactions.csv"), cancellationToken);
            console.MarkupLineInterpolated($"[grey]{SyntheticPortfolio.Label} ({GenerateCommand.AppealYear}): {portfolio.Projects.Count} projects, {portfolio.Transactions.Count} transactions in {projectFiles}, imported[/]");
            foreach (var note in notes) console.MarkupLineInterpolated($"[grey]  the appeal's printed inconsistency: {note}[/]");

            var annexes = await AnnexCommand.BuildAsync(store, ReportYear, cancellationToken);
            AnnexCommand.Write(context, annexes, TableFormat.Text, Path.Combine(directory, "annexes-2023"));

            // The 2017, 2018 and 2023 questionnaires, answered (SYNTHETIC answers that reproduce what the reports print),
            // approved and locked: their answers write those years' chapter of results.
            await PlatformDemo.SeedOrganizationAsync(store, context.Clock, cancellationToken);
            await PlatformDemo.SeedHistoryAsync(store, context.Clock, cancellationToken, PlatformDemo.ReportYears);
            console.MarkupLineInterpolated($"[grey]institutional questionnaires {string.Join(", ", PlatformDemo.ReportYears)}: {SyntheticAnswers.Label}, approved and locked[/]");

            var definition = DefaultDefinitions.Load();
            var inputs = await PublicationInputsLoader.LoadAsync(store, definition, cancellationToken);
            foreach (var year in PlatformDemo.ReportYears)
            {
                var report = Path.Combine(directory, $"report-{year}");
                var written = await PublishCommand.PublishAsync(console, definition, inputs, year, "en",
                    PublicationWriters.Parse(string.Join(",", PublicationWriters.Formats)), report, cancellationToken);
                console.MarkupLineInterpolated($"The {year} report, published from the store: {written.Count} files in {report} (open {Path.GetFileName(written[0])} in a browser).");
            }
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The store the demo builds: the one --db names when given (which must hold no import yet: the demo never mixes its
    /// synthetic data into a store in use), else DIR/demo.db, made anew.
    /// </summary>
    private static async Task<SqlStore> OpenDemoStoreAsync(CommandContext context, ParseResult parse, string directory, CancellationToken cancellationToken)
    {
        if (parse.GetResult(context.Db) is { Implicit: false })
        {
            var target = parse.GetValue(context.Db)!;
            var store = await AlmanacStores.OpenAsync(target, cancellationToken);
            var imports = (await store.SourcesAsync(cancellationToken)).Count;
            if (imports == 0) return store;
            await store.DisposeAsync();
            throw new Domain.AlmanacException($"--db '{target}': the demo builds a new store, and this one holds {imports} imports; name a new file (or leave --db out for {Path.Combine(directory, "demo.db")}).");
        }
        var database = Path.Combine(directory, "demo.db");
        foreach (var stale in new[] { database, database + ".wal" }.Where(File.Exists)) File.Delete(stale);
        return await AlmanacStores.OpenAsync(database, cancellationToken);
    }
}
