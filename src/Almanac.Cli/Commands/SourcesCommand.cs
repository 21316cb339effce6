using System.CommandLine;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>almanac sources: the import history, with the years each source is current for.</summary>
public static class SourcesCommand
{
    private static readonly string[] Headers = ["id", "kind", "name", "imported (UTC)", "rows", "years (* current)", "sha256"];

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
                    s.RowCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    string.Join(" ", s.Years.Select(y => y.Year + (y.IsCurrent ? "*" : ""))), s.Sha256[..12]);
            }
            context.Console.Write(table);
            return 0;
        });
        return command;
    }
}