using Almanac.Domain.Reports;
using Almanac.Domain.Tables;

namespace Almanac.Ingest.Reports.Operations;

/// <summary>A row as found on the page, before its tokens are read as cells.</summary>
internal sealed record PendingRow(string Label, string? Iso3, RowRole Role, int Line, string Text, Segment Cells);

/// <summary>
/// Turns found rows into a table: each row's readings with the table's column count, the single one that fits the
/// table's arithmetic kept, the rest of the lines left unresolved with the reason.
/// </summary>
internal static class TableAssembler
{
    /// <param name="arithmetic">The identities of the table with the given rows (row indices depend on which rows were read).</param>
    /// <param name="valid">What any reading of a row must satisfy whatever the arithmetic (e.g. counts are whole).</param>
    public static ReportTable Assemble(string id, string title, int year, LineRange lines, IReadOnlyList<string> columns,
        IReadOnlyList<PendingRow> found, Func<IReadOnlyList<ReportRow>, IReadOnlyList<TableIdentity>> arithmetic,
        Func<IReadOnlyList<decimal?>, bool> valid, IEnumerable<UnresolvedRow> alreadyUnresolved)
    {
        var unresolved = new List<UnresolvedRow>(alreadyUnresolved);
        var resolved = new SortedList<int, ReportRow>();
        var ambiguous = new List<(PendingRow Row, IReadOnlyList<IReadOnlyList<decimal?>> Readings)>();
        foreach (var row in found)
        {
            var readings = Readings(row.Cells, columns.Count);
            var distinct = readings.Where(valid).Select(r => string.Join('|', r)).Distinct(StringComparer.Ordinal).Count();
            if (distinct == 0)
            {
                unresolved.Add(new UnresolvedRow(row.Line, row.Text, $"no reading of the row's numbers gives {columns.Count} cells"));
            }
            else if (distinct == 1)
            {
                resolved.Add(row.Line, ToRow(row, RowReadings.Resolve(readings, valid)!));
            }
            else
            {
                ambiguous.Add((row, readings));
            }
        }

        // Rows read with the arithmetic may let further rows be read; stop when a pass decides nothing new.
        var progress = true;
        while (progress && ambiguous.Count > 0)
        {
            progress = false;
            foreach (var (row, readings) in ambiguous.ToList())
            {
                var cells = RowReadings.Resolve(readings, reading => valid(reading) && Fits(row, reading, resolved, id, title, year, lines, columns, arithmetic));
                if (cells is null) continue;
                resolved.Add(row.Line, ToRow(row, cells));
                ambiguous.Remove((row, readings));
                progress = true;
            }
        }
        foreach (var (row, readings) in ambiguous)
        {
            var candidates = readings.Where(valid).ToList();
            var fitting = candidates.Count(r => Fits(row, r, resolved, id, title, year, lines, columns, arithmetic));
            unresolved.Add(new UnresolvedRow(row.Line, row.Text,
                fitting == 0
                    ? $"{candidates.Count} readings give {columns.Count} cells and none fits the table's arithmetic"
                    : $"{fitting} readings give {columns.Count} cells and fit the table's arithmetic"));
        }

        var rows = resolved.Values.ToList();
        return new ReportTable(id, title, year, lines, columns, rows, arithmetic(rows), [.. unresolved.OrderBy(u => u.Line)]);
    }

    private static IReadOnlyList<IReadOnlyList<decimal?>> Readings(Segment cells, int columns)
    {
        var tokens = cells.Tokens.ToList();
        if (!cells.Delimited) return RowReadings.EnumerateWithStraySpaces(tokens, columns);
        // A tab layout often ends a row with a stray tab; only then is a trailing empty cell not a cell.
        while (tokens.Count > columns && tokens[^1].Length == 0) tokens.RemoveAt(tokens.Count - 1);
        return RowReadings.Enumerate(tokens, columns, _ => false);
    }

    private static bool Fits(PendingRow row, IReadOnlyList<decimal?> reading, SortedList<int, ReportRow> resolved, string id, string title,
        int year, LineRange lines, IReadOnlyList<string> columns, Func<IReadOnlyList<ReportRow>, IReadOnlyList<TableIdentity>> arithmetic)
    {
        var candidate = ToRow(row, [.. reading.Select(v => v is { } x ? new ReportCell(x) : (ReportCell?)null)]);
        var rows = resolved.Values.Append(candidate).OrderBy(r => r.Line).ToList();
        var table = new ReportTable(id, title, year, lines, columns, rows, [], []);
        return arithmetic(rows).All(identity => identity.Holds(table, candidate));
    }

    private static ReportRow ToRow(PendingRow row, IReadOnlyList<ReportCell?> cells) =>
        new(row.Label, row.Iso3, row.Role, CellKind.Count, row.Line, cells);
}
