using System.CommandLine;
using Almanac.Domain;
using Almanac.Domain.Publishing;
using Almanac.Ingest.Hxl;
using Almanac.Ingest.Observations;
using Almanac.Ingest.Projects;
using Almanac.Ingest.Published;
using Almanac.Ingest.Sdmx;
using Almanac.Ingest.Staff;
using Almanac.Store;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>almanac import staff|published|observations|sdmx|…: brings a source into the store in one transaction.</summary>
public static class ImportCommands
{
    public static Command Create(CommandContext context)
    {
        var import = new Command("import", "Import a source into the store (one transaction per source): a staff list, the printed figures kept in the project, or a published report.");

        var file = new Argument<FileInfo>("FILE") { Description = "Staff list: CSV (UTF-8) or XLSX, one row per staff member." };
        var year = new Option<int>("--year") { Description = "The reporting year the list describes (staff at the end of that year).", Required = true };
        var replace = ReplaceOption("a list with fewer than half the staff of the year's current list (an empty one above all)");
        var staff = new Command("staff", "Import a staff list for a year; a new list for the same year replaces it, the old one stays in the history.") { file, year, replace };
        staff.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await context.OpenStoreForImportAsync(parse, cancellationToken);
            var importer = new StaffImporter(store, context.Clock) { Replace = parse.GetValue(replace) };
            var result = await Guarded(() => importer.ImportAsync(parse.GetValue(file)!.FullName, parse.GetValue(year), cancellationToken));
            Report(context, result, $"staff list for {parse.GetValue(year)}", "staff members");
            return 0;
        });

        var report = new Option<int>("--report") { Description = "Year of the annual report whose printed staff figures to import (2017, 2018, 2023).", Required = true };
        var published = new Command("published", "Import the staff figures an annual report printed (kept in the project's data/published), for the years no staff list covers.") { report };
        published.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await context.OpenStoreForImportAsync(parse, cancellationToken);
            var result = await new PublishedFiguresImporter(store, context.Clock).ImportEmbeddedAsync(parse.GetValue(report), cancellationToken);
            Report(context, result, $"figures printed in the {parse.GetValue(report)} report", "figures");
            return 0;
        });

        var observationFile = new Argument<FileInfo>("FILE")
        {
            Description = "Long CSV (UTF-8): measure,year,office,<dimension…>,value; an empty cell is a declared total. Or an HXL-tagged CSV file, read through the HXL mapping.",
        };
        var hxlMapping = new Option<FileInfo?>("--mapping") { Description = "For an HXL-tagged file: the mapping from hashtags to year, office, dimensions and measures (YAML); default: the project's data/hxl/mapping.yaml." };
        var observations = new Command("observations", "Bulk-load an observation file (or an HXL-tagged CSV file) into the fact table (one transaction), then check it against the rules.") { observationFile, hxlMapping };
        observations.SetAction(async (parse, cancellationToken) =>
        {
            var mappingFile = parse.GetValue(hxlMapping);
            var mapping = mappingFile is null ? null : await HxlMapping.ReadFileAsync(mappingFile.FullName, cancellationToken);
            await using var store = await context.OpenStoreForImportAsync(parse, cancellationToken);
            var result = await new ObservationImporter(store, context.Clock) { HxlMapping = mapping }.ImportFileAsync(parse.GetValue(observationFile)!.FullName, cancellationToken);
            var what = result.Hxl is { } hxl
                ? $"HXL file {parse.GetValue(observationFile)!.Name} (hashtag row on line {hxl.Content.HashtagRow}, through {hxl.Mapping}; measures {string.Join(", ", hxl.Content.Measures)})"
                : $"observation file {parse.GetValue(observationFile)!.Name}";
            Report(context, result.Import, what, "observations");
            if (result.Import.Outcome == ImportOutcome.Imported) await AuditCommand.ReportImportAsync(context, store, result.Import.SourceId, cancellationToken);
            return 0;
        });

        var sdmxFile = new Argument<FileInfo>("FILE") { Description = "SDMX-CSV (UTF-8) of a dataflow Almanac publishes (publish --format sdmx): ALMANAC:<MEASURE>(1.0)." };
        var sdmx = new Command("sdmx", "Import an SDMX-CSV file of a dataflow Almanac publishes into the fact table, as an observation file (one transaction), then check it against the rules.") { sdmxFile };
        sdmx.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await context.OpenStoreForImportAsync(parse, cancellationToken);
            var result = await new SdmxImporter(store, context.Clock).ImportAsync(parse.GetValue(sdmxFile)!.FullName, cancellationToken);
            Report(context, result.Import, $"SDMX-CSV file {parse.GetValue(sdmxFile)!.Name} (dataflow {result.Content.Dataflow}, measure {result.Content.Measure})", "observations");
            if (result.Content.Derived > 0)
            {
                context.Errors.MarkupLineInterpolated(
                    $"[yellow]note[/] {NumberFormat.Count(result.Content.Derived)} figures of groupings Almanac derives (membership, P-5 and higher) were not imported: the store computes them from the figures they are made of.");
            }
            if (result.Import.Outcome == ImportOutcome.Imported) await AuditCommand.ReportImportAsync(context, store, result.Import.SourceId, cancellationToken);
            return 0;
        });

        var projectsFile = new Argument<FileInfo>("FILE") { Description = "Projects: an XLSX workbook with the sheets 'projects' and 'transactions', or a projects CSV file (UTF-8)." };
        var transactionsFile = new Option<FileInfo?>("--transactions") { Description = "The transactions CSV file that goes with a projects CSV file." };
        var projects = new Command("projects", "Import a project portfolio (projects and their transactions); it supersedes the previous portfolio, which stays in the history.") { projectsFile, transactionsFile };
        projects.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await context.OpenStoreForImportAsync(parse, cancellationToken);
            var result = await new ProjectImporter(store, context.Clock).ImportAsync(parse.GetValue(projectsFile)!.FullName, parse.GetValue(transactionsFile)?.FullName, cancellationToken);
            Report(context, result, $"project portfolio {parse.GetValue(projectsFile)!.Name}", "projects");
            return 0;
        });

        import.Subcommands.Add(staff);
        import.Subcommands.Add(projects);
        import.Subcommands.Add(observations);
        import.Subcommands.Add(published);
        import.Subcommands.Add(sdmx);
        import.Subcommands.Add(ReportCommands.CreateImport(context));
        import.Subcommands.Add(Dhis2Commands.CreateImport(context));
        return import;
    }

    /// <summary>The --replace option of an import that could replace <paramref name="what"/>.</summary>
    public static Option<bool> ReplaceOption(string what) =>
        new("--replace") { Description = $"Replace even with far less: without it, {what} stops the import, says what would be lost and writes nothing." };

    /// <summary>Runs an import, saying how to proceed when the store refuses it as destructive.</summary>
    public static async Task<T> Guarded<T>(Func<Task<T>> import)
    {
        try
        {
            return await import();
        }
        catch (DestructiveImportException e)
        {
            throw new AlmanacException($"{e.Message} Nothing was written; to replace it all the same, run the command again with --replace.");
        }
    }

    /// <summary>Says what an import wrote, or that it changed nothing.</summary>
    public static void Report(CommandContext context, ImportResult result, string what, string unit)
    {
        if (result.Outcome == ImportOutcome.Unchanged)
        {
            context.Console.MarkupLineInterpolated($"Unchanged: this {what} is already in the store as source {result.SourceId} ({NumberFormat.Count(result.RowCount)} {unit}).");
            return;
        }
        var superseded = result.Superseded.Count == 0 ? "" : $"; supersedes source {string.Join(", ", result.Superseded)}";
        context.Console.MarkupLineInterpolated($"Imported {what} as source {result.SourceId}: {NumberFormat.Count(result.RowCount)} {unit}{superseded}.");
    }
}
