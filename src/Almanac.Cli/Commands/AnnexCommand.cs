using System.CommandLine;
using Spectre.Console;
using Almanac.Domain.Observations;
using Almanac.Domain.Tables;
using Almanac.Domain.Workforce;
using Almanac.Publish;
using Almanac.Store;

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
            var tables = await BuildAsync(store, parse.GetValue(year), cancellationToken);
            Write(context, tables, parse.GetValue(format), parse.GetValue(output)?.FullName);
            return 0;
        });
        return command;
    }

    public static async Task<IReadOnlyList<StatTable>> BuildAsync(IAlmanacStore store, int year, CancellationToken cancellationToken)
    {
        var reference = await store.LoadReferenceDataAsync(cancellationToken);
        var observations = await store.CurrentObservationsAsync(
            [Measures.StaffHeadcount, Measures.WomenPercent, Measures.NationalitiesRepresented, Measures.MemberStates], cancellationToken);
        return new WorkforceAnnexBuilder(new WorkforceFigures(observations, reference), reference).Build(year);
    }

    public static void Write(CommandContext context, IReadOnlyList<StatTable> tables, TableFormat format, string? directory)
    {
        if (directory is not null)
        {
            foreach (var file in TableRenderers.WriteFiles(directory, tables)) context.Console.MarkupLineInterpolated($"wrote {file}");
        }
        switch (format)
        {
            case TableFormat.Text:
                TableRenderers.WriteText(context.Console, tables);
                break;
            case TableFormat.Json:
                context.Console.Profile.Out.Writer.WriteLine(TableRenderers.ToJson(tables));
                break;
            case TableFormat.Csv:
                var writer = context.Console.Profile.Out.Writer;
                foreach (var table in tables)
                {
                    writer.WriteLine($"# {table.Title}");
                    TableRenderers.WriteCsv(writer, table);
                    writer.WriteLine();
                }
                break;
        }
    }
}