using System.CommandLine;
using Almanac.Domain.Publishing;
using Almanac.Publish;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>almanac sources: the import history, with the years each source is current for.</summary>
public static class SourcesCommand
{
    private static readonly string[] Headers = ["id", "kind", "name", "imported (UTC)", "rows", "scope: years (* current)", "sha256"];

    public static Command Create(CommandContext context)
    {
        var command = new Command("sources", "List every import, newest first, and the years each one is current for.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await context.OpenStoreAsync(parse, cancellationToken);
            var table = new Table { Border = TableBorder.Simple };
            foreach (var header in Headers) table.AddColumn(header);
            foreach (var s in await store.SourcesAsync(cancellationToken))
            {
                table.AddRow(
                    s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Kind, Markup.Escape(s.Name), s.ImportedAt.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                    NumberFormat.Count(s.RowCount),
                    Markup.Escape(CoveredYears(s.Years)), s.Sha256[..12]);
            }
            context.Console.WriteFitted(table);
            return 0;
        });
        return command;
    }

    /// <summary>"staff: 2019* 2020*; organization: 2019*": years grouped by scope, current ones starred.</summary>
    private static string CoveredYears(IReadOnlyList<Store.SourceYear> years) =>
        string.Join("; ", years.GroupBy(y => y.Scope).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key + ": " + string.Join(" ", g.OrderBy(y => y.Year).Select(y => y.Year + (y.IsCurrent ? "*" : "")))));
}
