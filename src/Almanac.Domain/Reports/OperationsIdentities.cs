using System.Globalization;
using Almanac.Domain.Tables;

namespace Almanac.Domain.Reports;

/// <summary>
/// A "top N" list: its data rows are printed in non-increasing order of <paramref name="Column"/> (the year the list
/// ranks by). Decides readings of a space-separated row from its neighbours and reports rows printed out of order.
/// </summary>
public sealed record RankedDescending(string Column) : TableIdentity
{
    public override bool Holds(ReportTable table, ReportRow row)
    {
        var ranked = Ranked(table);
        var index = ranked.IndexOf(row);
        if (index < 0) return true;
        var value = table.Cell(row, Column)?.Value;
        if (value is null) return true;
        var above = ranked.Take(index).Select(r => table.Cell(r, Column)?.Value).LastOrDefault(v => v is not null);
        var below = ranked.Skip(index + 1).Select(r => table.Cell(r, Column)?.Value).FirstOrDefault(v => v is not null);
        return (above is null || above >= value) && (below is null || below <= value);
    }

    public override IEnumerable<Finding> Check(ReportTable table, string source)
    {
        decimal? previous = null;
        string? previousLabel = null;
        foreach (var row in Ranked(table))
        {
            var value = table.Cell(row, Column)?.Value;
            if (value is null) continue;
            if (previous is not null && value > previous)
            {
                yield return new Finding(table.Id, "top-list-in-order",
                    $"{table.Title}, column '{Column}': '{row.Label}' ({Fmt(value.Value)}) is ranked below '{previousLabel}' ({Fmt(previous.Value)})",
                    value, previous, source, row.Line);
            }
            previous = value;
            previousLabel = row.Label;
        }
    }

    private static List<ReportRow> Ranked(ReportTable table) => [.. table.Rows.Where(r => r.Role == RowRole.Data)];
}

/// <summary>In every count row, column <paramref name="Difference"/> is column <paramref name="To"/> minus column <paramref name="From"/>.</summary>
public sealed record ColumnsDifference(string Difference, string From, string To) : TableIdentity
{
    public override bool Holds(ReportTable table, ReportRow row)
    {
        if (row.Kind != CellKind.Count || row.Role is not (RowRole.Data or RowRole.Total)) return true;
        var printed = table.Cell(row, Difference)?.Value;
        var from = table.Cell(row, From)?.Value;
        var to = table.Cell(row, To)?.Value;
        return printed is null || from is null || to is null || printed == to - from;
    }

    public override IEnumerable<Finding> Check(ReportTable table, string source)
    {
        foreach (var row in table.Rows)
        {
            if (Holds(table, row)) continue;
            var printed = table.Cell(row, Difference)!.Value.Value;
            var from = table.Cell(row, From)!.Value.Value;
            var to = table.Cell(row, To)!.Value.Value;
            yield return new Finding(table.Id, "difference-matches-columns",
                $"{table.Title}, row '{row.Label}': {To} − {From} = {Fmt(to - from)}, but {Difference} is printed as {Fmt(printed)}",
                printed, to - from, source, row.Line);
        }
    }
}

/// <summary>
/// In every count row, column <paramref name="Share"/> is 100 × column <paramref name="Part"/> / the cell of row
/// <paramref name="Total"/> in column <paramref name="Of"/>, printed to as many decimals as it shows. A share that
/// agrees only when its printed inputs are taken anywhere within their own rounding is a warning, otherwise an error.
/// </summary>
public sealed record ShareOfTotal(string Share, string Part, int Total, string Of) : TableIdentity
{
    public override bool Holds(ReportTable table, ReportRow row) => Assess(table, row) is null or FindingSeverity.Warning;

    public override IEnumerable<Finding> Check(ReportTable table, string source)
    {
        foreach (var row in table.Rows)
        {
            if (Assess(table, row) is not { } severity) continue;
            var printed = table.Cell(row, Share)!.Value.Value;
            var part = table.Cell(row, Part)!.Value.Value;
            var total = table.Cell(table.Rows[Total], Of)!.Value.Value;
            var exact = 100m * part / total;
            var rounded = Math.Round(exact, Decimals(printed), MidpointRounding.AwayFromZero);
            yield return new Finding(table.Id, "share-matches-ratio",
                $"{table.Title}, row '{row.Label}': {Share} is printed as {Fmt(printed)}%, but {Fmt(part)} / {Fmt(total)} = {exact.ToString("0.000", CultureInfo.InvariantCulture)}%",
                printed, rounded, source, row.Line, severity);
        }
    }

    /// <summary>Null when the row agrees (or does not take part); otherwise how badly it disagrees.</summary>
    private FindingSeverity? Assess(ReportTable table, ReportRow row)
    {
        if (row.Kind != CellKind.Count || row.Role is not (RowRole.Data or RowRole.Total) || Total >= table.Rows.Count) return null;
        var printed = table.Cell(row, Share)?.Value;
        var part = table.Cell(row, Part)?.Value;
        var total = table.Cell(table.Rows[Total], Of)?.Value;
        if (printed is null || part is null || total is null or <= 0) return null;
        var decimals = Decimals(printed.Value);
        if (Math.Round(100m * part.Value / total.Value, decimals, MidpointRounding.AwayFromZero) == printed) return null;
        // The inputs are rounded too: the share was probably computed from unrounded amounts.
        var partHalf = HalfUnit(part.Value);
        var totalHalf = HalfUnit(total.Value);
        var ratios = new[]
        {
            (part.Value - partHalf) / (total.Value - totalHalf), (part.Value - partHalf) / (total.Value + totalHalf),
            (part.Value + partHalf) / (total.Value - totalHalf), (part.Value + partHalf) / (total.Value + totalHalf),
        }.Select(r => 100m * r).ToList();
        var shareHalf = HalfUnit(printed.Value);
        return printed.Value + shareHalf >= ratios.Min() && printed.Value - shareHalf <= ratios.Max() ? FindingSeverity.Warning : FindingSeverity.Error;
    }

    private static int Decimals(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

    private static decimal HalfUnit(decimal value) => 0.5m / (decimal)Math.Pow(10, Decimals(value));
}
