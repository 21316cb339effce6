using System.Text.RegularExpressions;

namespace Almanac.Ingest.Reports;

/// <summary>
/// How a printed line of an extraction is cut into cells: the one splitter every table reader uses. The extractions
/// separate cells by tabs (each cell whole), or by single spaces, where every extra space is one more, empty, cell
/// (and a space may also group thousands: <see cref="RowReadings"/> decides which).
/// </summary>
public static partial class ReportLine
{
    /// <summary>Whether the line's cells are separated by tabs, so that no cell may join its neighbour.</summary>
    public static bool IsTabbed(string line) => line.Contains('\t', StringComparison.Ordinal);

    /// <summary>The line's cells: its tab cells, trimmed; else every token between single spaces, "" for each extra space.</summary>
    public static IReadOnlyList<string> Cells(string line) =>
        IsTabbed(line) ? [.. line.Split('\t').Select(c => c.Trim())] : line.Split(' ');

    /// <summary>The headings of a heading line: its tab cells as printed (a heading may be several words, a cell empty), else its words.</summary>
    public static IReadOnlyList<string> Headings(string line) => IsTabbed(line) ? Cells(line) : Words(line);

    /// <summary>Every word of the line, whatever the layout.</summary>
    public static IReadOnlyList<string> Words(string line) =>
        line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The text with every run of whitespace as one space, trimmed: a label or heading wrapped over lines or cells, as one.</summary>
    public static string Collapse(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}