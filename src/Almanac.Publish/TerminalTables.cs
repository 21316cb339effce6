using Spectre.Console;
using Spectre.Console.Rendering;

namespace Almanac.Publish;

/// <summary>
/// Writes terminal tables that fit the console's width without losing a figure: a table wider than the console is split
/// into column groups, one after the other, each repeating the label columns. Widths are Spectre.Console's own
/// measurements of the table (borders and padding included) against <c>console.Profile.Width</c>.
/// </summary>
public static class TerminalTables
{
    /// <summary>The narrowest a label column is made, so that a label still reads as words.</summary>
    private const int NarrowestLabel = 12;

    /// <summary>
    /// Writes <paramref name="table"/> whole when it fits, else as column groups. The first <paramref name="labelColumns"/>
    /// columns are repeated in every group; the others are never shrunk, wrapped or dropped (a group holds at least one).
    /// </summary>
    public static void WriteFitted(this IAnsiConsole console, Table table, int labelColumns = 1)
    {
        var options = RenderOptions.Create(console, console.Profile.Capabilities);
        var width = console.Profile.Width;
        if (NaturalWidth(table, options) <= width || table.Columns.Count <= labelColumns + 1)
        {
            console.Write(table);
            return;
        }
        var rows = table.Rows.Select(row => row.ToList()).ToList();
        var labels = Labels(table, rows, labelColumns, width, options);
        var groups = new List<(int First, int End)>();
        for (var first = labelColumns; first < table.Columns.Count;)
        {
            var end = first + 1;
            while (end < table.Columns.Count && NaturalWidth(Group(table, labels, rows, first, end + 1, null), options) <= width) end++;
            groups.Add((first, end));
            first = end;
        }
        for (var g = 0; g < groups.Count; g++)
        {
            var (first, end) = groups[g];
            // Each group says which of the table's columns it holds, so that a reader knows the rows continue.
            var part = $"columns {first - labelColumns + 1}–{end - labelColumns} of {table.Columns.Count - labelColumns}";
            var title = table.Title is { } whole
                ? new TableTitle(g == 0 ? $"{whole.Text} [grey]({part})[/]" : $"{whole.Text} [grey](continued: {part})[/]", whole.Style)
                : new TableTitle($"[grey]{part}[/]");
            var group = Group(table, labels, rows, first, end, title);
            if (g == groups.Count - 1) group.Caption = table.Caption;
            console.Write(group);
            if (g < groups.Count - 1) console.WriteLine();
        }
    }

    private static int NaturalWidth(Table table, RenderOptions options) => ((IRenderable)table).Measure(options, int.MaxValue).Max;

    /// <summary>
    /// The label columns of every group: as they are when they leave room for the widest figure column beside them, else
    /// narrowed to what is left (at least <see cref="NarrowestLabel"/> characters each) and wrapped, so that labels wrap
    /// rather than figures.
    /// </summary>
    private static List<TableColumn> Labels(Table table, List<List<IRenderable>> rows, int labelColumns, int width, RenderOptions options)
    {
        var labels = table.Columns.Take(labelColumns).ToList();
        var natural = labels.Select((_, i) => ColumnWidth(table, rows, i, options)).ToList();
        // What one figure column with its borders and padding takes, besides labels one character wide.
        var narrowest = labels.Select(label => Copy(label, 1)).ToList();
        var figures = Enumerable.Range(labelColumns, table.Columns.Count - labelColumns)
            .Max(column => NaturalWidth(Group(table, narrowest, rows, column, column + 1, null), options)) - labelColumns;
        var room = width - figures;
        if (natural.Sum() <= room) return labels;
        // Labels that must wrap anyway wrap to two fifths of the width, leaving the rest to several figure columns.
        var budget = Math.Min(room, width * 2 / 5);
        return [.. labels.Select((label, i) => Copy(label, Math.Max(NarrowestLabel, budget * natural[i] / natural.Sum())))];
    }

    private static TableColumn Copy(TableColumn column, int width) =>
        new(column.Header) { Width = width, NoWrap = false, Alignment = column.Alignment, Padding = column.Padding };

    /// <summary>The widest of a column's header and cells, as Spectre.Console measures them.</summary>
    private static int ColumnWidth(Table table, List<List<IRenderable>> rows, int column, RenderOptions options) =>
        rows.Select(row => row[column]).Prepend(table.Columns[column].Header).Max(cell => cell.Measure(options, int.MaxValue).Max);

    /// <summary>The label columns and columns [first, end) of the table, with its border and header settings.</summary>
    private static Table Group(Table table, List<TableColumn> labels, List<List<IRenderable>> rows, int first, int end, TableTitle? title)
    {
        var group = new Table { Border = table.Border, BorderStyle = table.BorderStyle, ShowHeaders = table.ShowHeaders, Title = title };
        foreach (var label in labels) group.AddColumn(label);
        for (var column = first; column < end; column++) group.AddColumn(table.Columns[column]);
        foreach (var row in rows) group.AddRow([.. row.Take(labels.Count), .. row.Skip(first).Take(end - first)]);
        return group;
    }
}
