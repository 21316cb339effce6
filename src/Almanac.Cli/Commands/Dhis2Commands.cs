using System.CommandLine;
using Almanac.Domain;
using Almanac.Domain.Publishing;
using Almanac.Ingest.Dhis2;
using Almanac.Store;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>almanac export dhis2 and almanac import dhis2: the stored figures as DHIS2 data value sets (JSON, CSV) and ADX, both ways, through a mapping file.</summary>
public static class Dhis2Commands
{
    /// <summary>Formats of 'export dhis2'.</summary>
    public enum ExportFormat
    {
        Json,
        Csv,
        Adx,
    }

    private static Option<FileInfo?> MappingOption() =>
        new("--mapping") { Description = "The mapping between measures, members, offices and DHIS2 codes (YAML); default: the project's data/dhis2/mapping.yaml." };

    /// <summary>The 'export dhis2' subcommand.</summary>
    public static Command CreateExport(CommandContext context)
    {
        var year = new Option<int>("--year") { Description = "The reporting year (DHIS2's yearly period).", Required = true };
        var format = new Option<ExportFormat>("--format") { Description = "json (a data value set), csv (DHIS2's data value CSV) or adx (application/adx+xml).", Required = true };
        var mapping = MappingOption();
        var output = new Option<FileInfo>("--out") { Description = "The file to write.", Required = true };
        var dhis2 = new Command("dhis2", "Write a year's stored figures as a DHIS2 data value set (JSON or CSV) or an ADX document, through the mapping; figures the mapping cannot write are named on standard error.")
        {
            year, format, mapping, output,
        };
        dhis2.SetAction(async (parse, cancellationToken) =>
        {
            var map = await ReadMappingAsync(parse.GetValue(mapping), cancellationToken);
            await using var store = await context.OpenStoreAsync(parse, cancellationToken);
            var export = await Dhis2Exchange.ExportAsync(store, map, parse.GetValue(year), null, cancellationToken);
            foreach (var reason in export.LeftOut) context.Errors.MarkupLineInterpolated($"[yellow]left out[/] {reason}");
            if (export.Values.Count == 0)
            {
                throw new AlmanacException($"the store holds no figure of {parse.GetValue(year)} that the mapping {map.Name} writes; nothing was written.");
            }
            var file = parse.GetValue(output)!;
            var dhis2Format = parse.GetValue(format) switch
            {
                ExportFormat.Json => Dhis2Format.Json,
                ExportFormat.Csv => Dhis2Format.Csv,
                _ => Dhis2Format.Adx,
            };
            await File.WriteAllBytesAsync(file.FullName, Dhis2DataValues.Write(export.Values, dhis2Format, context.Clock.GetUtcNow()), cancellationToken);
            context.Console.MarkupLineInterpolated($"wrote {file.FullName}: {NumberFormat.Count(export.Values.Count)} data values");
            return 0;
        });
        return dhis2;
    }

    /// <summary>The 'import dhis2' subcommand.</summary>
    public static Command CreateImport(CommandContext context)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A DHIS2 data value set (JSON or CSV) or an ADX document; the format by the extension (.json, .csv, .xml, .adx), else by the content." };
        var mapping = MappingOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Check and count what the import would do; write nothing." };
        var command = new Command("dhis2", "Import DHIS2 data values through the mapping, as DHIS2 does: each value imported, updated or ignored; any conflict (an unmapped code above all) and nothing is written.")
        {
            file, mapping, dryRun,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var map = await ReadMappingAsync(parse.GetValue(mapping), cancellationToken);
            var input = parse.GetValue(file)!;
            if (!input.Exists) throw new InputException(input.Name, null, null, null, "no such file");
            if (input.Length > InputLimits.MaxDataValueSetBytes)
                throw new InputException(input.Name, null, null, null, $"the file is larger than the {InputLimits.Number(InputLimits.MaxDataValueSetBytes)} bytes (64 MiB) a data value set may have");
            var content = await File.ReadAllBytesAsync(input.FullName, cancellationToken);
            await using var store = await context.OpenStoreForImportAsync(parse, cancellationToken);
            var view = await Dhis2StoreView.ReadAsync(store, cancellationToken);
            var change = new Change("cli:" + Environment.UserName, context.Clock.GetUtcNow());
            var summary = await Dhis2Exchange.ImportAsync(input.Name, content, Dhis2DataValues.Detect(input.Name, content), map, view, parse.GetValue(dryRun), change.At,
                (source, values, dry) => store.ImportFactValuesAsync(source, values, dry, change, cancellationToken));
            foreach (var conflict in summary.Conflicts)
            {
                context.Errors.MarkupLineInterpolated($"[red]conflict[/] {input.Name}, {conflict.Where}: {conflict.Subject} {InputLimits.Quote(conflict.Value)}: {conflict.Reason}");
            }
            var counts = $"{NumberFormat.Count(summary.Imported)} imported, {NumberFormat.Count(summary.Updated)} updated, {NumberFormat.Count(summary.Ignored)} ignored";
            if (summary.Conflicts.Count > 0)
            {
                throw new AlmanacException($"{input.Name}: {NumberFormat.Count(summary.Conflicts.Count)} conflict{(summary.Conflicts.Count == 1 ? "" : "s")} (above); nothing was written ({counts}).");
            }
            context.Console.MarkupLineInterpolated($"{summary.Status}: {counts}. {summary.Description}");
            return 0;
        });
        return command;
    }

    private static async Task<Dhis2Mapping> ReadMappingAsync(FileInfo? file, CancellationToken cancellationToken) =>
        file is null ? Dhis2Mapping.Default() : await Dhis2Mapping.ReadFileAsync(file.FullName, cancellationToken);
}
