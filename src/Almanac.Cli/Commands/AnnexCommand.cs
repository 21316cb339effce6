using System.CommandLine;
using Almanac.Analytics.Definitions;
using Almanac.Analytics.Publishing;
using Almanac.Publish;
using Almanac.Store;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>almanac annex: the staff statistics annexes of a report year, from the store.</summary>
public static class AnnexCommand
{
    public static Command Create(CommandContext context)
    {
        var year = new Option<int>("--year") { Description = "Report year.", Required = true };
        var format = new Option<TableFormat>("--format") { Description = "text (terminal tables), csv or json.", DefaultValueFactory = _ => TableFormat.Text };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Write each table as CSV and all as JSON into this directory." };
        var command = new Command("annex", "Print Annex I Tables 1–4 and Annexes II–IV (staff by category, grade, sex and nationality) for a year.") { year, format, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await context.OpenStoreAsync(parse, cancellationToken);
            var annexes = await BuildAsync(store, parse.GetValue(year), cancellationToken);
            Write(context, annexes, parse.GetValue(format), parse.GetValue(output)?.FullName);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The staff annexes of a year, evaluated by the report engine from the default definition (its sections annex-i …
    /// annex-iv), as <c>almanac publish</c> publishes them.
    /// </summary>
    public static async Task<StaffAnnexTables> BuildAsync(IAlmanacStore store, int year, CancellationToken cancellationToken)
    {
        var definition = StaffAnnexes.Sections(DefaultDefinitions.Load());
        var inputs = await PublicationInputsLoader.LoadAsync(store, definition, cancellationToken);
        return StaffAnnexes.Build(definition, inputs, year);
    }

    /// <summary>
    /// Writes the tables in the format asked for (and as files into <paramref name="directory"/>); the note on an annex
    /// not shown goes with them, or to standard error beside JSON so that the output stays one JSON document.
    /// </summary>
    public static void Write(CommandContext context, StaffAnnexTables annexes, TableFormat format, string? directory)
    {
        var tables = annexes.Tables;
        if (directory is not null)
        {
            foreach (var file in TableRenderers.WriteFiles(directory, tables)) context.Console.MarkupLineInterpolated($"wrote {file}");
        }
        switch (format)
        {
            case TableFormat.Text:
                TableRenderers.WriteText(context.Console, tables);
                foreach (var note in annexes.Omitted) context.Console.MarkupLineInterpolated($"[yellow]Note:[/] {note}");
                break;
            case TableFormat.Json:
                context.Console.Profile.Out.Writer.WriteLine(TableRenderers.ToJson(tables));
                foreach (var note in annexes.Omitted) context.Errors.MarkupLineInterpolated($"Note: {note}");
                break;
            case TableFormat.Csv:
                var writer = context.Console.Profile.Out.Writer;
                foreach (var table in tables)
                {
                    writer.WriteLine($"# {table.Title}");
                    TableRenderers.WriteCsv(writer, table);
                    writer.WriteLine();
                }
                foreach (var note in annexes.Omitted) writer.WriteLine($"# Note: {note}");
                break;
        }
    }
}
