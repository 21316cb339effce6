using System.CommandLine;
using Almanac.Domain.Reports;
using Almanac.Ingest.Reports;
using Almanac.Publish;
using Almanac.Store;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>almanac import report, tables and audit: published reports read back as tables, and what in them does not add up.</summary>
public static class ReportCommands
{
    /// <summary>Output formats of 'tables' and 'audit'.</summary>
    public enum ReportFormat
    {
        Text,
        Json,
    }

    /// <summary>The 'import report FILE' subcommand.</summary>
    public static Command CreateImport(CommandContext context)
    {
        var file = new Argument<FileInfo>("FILE")
        {
            Description = "A published report as text extracted from its PDF, or the PDF itself (read with pdftotext -layout from Debian's poppler-utils).",
        };
        var replace = ImportCommands.ReplaceOption("a report with fewer tables or printed figures than an earlier import of the same report");
        var command = new Command("report", "Recognize a published report (annual report or funding appeal), rebuild every table it prints and store them in one transaction.") { file, replace };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await context.OpenStoreForImportAsync(parse, cancellationToken);
            var importer = new ReportImporter(store, context.Clock, ReportReaders.All) { Replace = parse.GetValue(replace) };
            var (result, extraction) = await ImportCommands.Guarded(() => importer.ImportAsync(parse.GetValue(file)!.FullName, cancellationToken));
            var unresolved = extraction.Tables.Sum(t => t.Unresolved.Count);
            context.Console.MarkupLineInterpolated($"Recognized the {extraction.Document.Identity}: {extraction.Tables.Count} tables, {extraction.Observations.Count} figures, {extraction.Statements.Count} office statements, {unresolved} unresolved lines.");
            ImportCommands.Report(context, result, $"report {extraction.Document.Name}", "figures");
            return 0;
        });
        return command;
    }

    public static Command CreateTables(CommandContext context) =>
        Listing(context, "tables", "List the tables rebuilt from imported reports.",
            async (store, sourceId, ct) => (await store.ReportTablesAsync(sourceId, ct)).Select(t => (t.SourceName, t.Table)).ToList(),
            ReportRenderers.TablesToJson, ReportRenderers.WriteTables);

    public static Command CreateStatements(CommandContext context) =>
        Listing(context, "statements", "List the statements imported reports make about offices: count, share, qualifier, base, year, the statement each refines.",
            async (store, sourceId, ct) => (await store.ReportStatementsAsync(sourceId, ct)).Select(s => (s.SourceName, s.Statement)).ToList(),
            ReportRenderers.StatementsToJson, ReportRenderers.WriteStatements);

    /// <summary>A command that lists what imported reports hold, of one source or all, as text or JSON.</summary>
    private static Command Listing<T>(CommandContext context, string name, string description,
        Func<IAlmanacStore, long?, CancellationToken, Task<List<(string Source, T Item)>>> read,
        Func<List<(string Source, T Item)>, string> toJson, Action<IAnsiConsole, List<(string Source, T Item)>> write)
    {
        var (source, format) = Options();
        var command = new Command(name, description) { source, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await context.OpenStoreAsync(parse, cancellationToken);
            var sourceId = parse.GetValue(source);
            await RequireSourceAsync(store, sourceId, cancellationToken);
            var items = await read(store, sourceId, cancellationToken);
            if (parse.GetValue(format) == ReportFormat.Json) context.Console.Profile.Out.Writer.WriteLine(toJson(items));
            else write(context.Console, items);
            return 0;
        });
        return command;
    }

    public static Command CreateAudit(CommandContext context)
    {
        var (source, format) = Options();
        var rules = new Option<FileInfo?>("--rules") { Description = "A rule file (YAML, as data/rules/staff.yaml) to check the stored observations against, besides the built-in rules." };
        var command = new Command("audit", "List every printed figure that does not add up (parts vs totals, percentages vs ratios, the same fact printed twice with two values, unresolved rows), every rule the stored observations break, and every rule the current project portfolio breaks.") { source, format, rules };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await context.OpenStoreAsync(parse, cancellationToken);
            var findings = await AuditAsync(store, parse.GetValue(source), cancellationToken);
            // Rules read the current observations of every source; an audit of one source is about its printed tables.
            if (parse.GetValue(source) is null)
            {
                findings = [.. findings, .. await AuditCommand.FindingsAsync(store, parse.GetValue(rules)?.FullName, [], cancellationToken),
                    .. await AuditCommand.PortfolioFindingsAsync(store, cancellationToken)];
            }
            if (parse.GetValue(format) == ReportFormat.Json) context.Console.Profile.Out.Writer.WriteLine(ReportRenderers.FindingsToJson(findings));
            else ReportRenderers.WriteFindings(context.Console, findings);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The audit of one source or all. Facts printed twice are compared across every printed source, so that a source's
    /// figures that another report prints differently are flagged; with --source only the findings about that import
    /// are kept (by its id: two imports can share a file name).
    /// </summary>
    public static async Task<IReadOnlyList<Domain.Tables.Finding>> AuditAsync(IAlmanacStore store, long? sourceId, CancellationToken cancellationToken)
    {
        await RequireSourceAsync(store, sourceId, cancellationToken);
        var tables = await store.ReportTablesAsync(sourceId, cancellationToken);
        var printed = await store.PrintedObservationsAsync(null, cancellationToken);
        // Statements of every report: the same fact stated by two reports is compared like a figure printed twice.
        var statements = await store.ReportStatementsAsync(null, cancellationToken);
        var findings = ReportAudit.Run(tables.Select(t => (t.SourceId, t.SourceName, t.Table)), printed,
            statements.Select(s => (s.SourceId, s.SourceName, s.Statement)));
        return sourceId is null ? findings : [.. findings.Where(f => f.SourceId == sourceId)];
    }

    /// <summary>A --source that names no import is a mistake to report, not an empty listing.</summary>
    private static async Task RequireSourceAsync(IAlmanacStore store, long? sourceId, CancellationToken cancellationToken)
    {
        if (sourceId is not null && !(await store.SourcesAsync(cancellationToken)).Any(s => s.Id == sourceId))
        {
            throw new Domain.AlmanacException($"There is no source {sourceId}: 'almanac sources' lists them.");
        }
    }

    private static (Option<long?> Source, Option<ReportFormat> Format) Options() =>
        (new Option<long?>("--source") { Description = "Only this source (its id as 'almanac sources' lists it)." },
         new Option<ReportFormat>("--format") { Description = "text or json.", DefaultValueFactory = _ => ReportFormat.Text });
}
