using System.Globalization;
using System.Text.Json.Serialization;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;

namespace Almanac.Domain.Reports;

/// <summary>
/// An arithmetic identity a printed table carries (parts sum to their total, a percentage is its ratio). The same
/// identities decide ambiguous readings during import and produce the audit's findings.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "identity")]
[JsonDerivedType(typeof(ColumnsSum), "columns-sum")]
[JsonDerivedType(typeof(RowsSum), "rows-sum")]
[JsonDerivedType(typeof(RowPercentage), "row-percentage")]
[JsonDerivedType(typeof(RowChange), "row-change")]
[JsonDerivedType(typeof(ChangeAlongRow), "change-along-row")]
[JsonDerivedType(typeof(RankedDescending), "ranked-descending")]
[JsonDerivedType(typeof(ColumnsDifference), "columns-difference")]
[JsonDerivedType(typeof(ShareOfTotal), "share-of-total")]
[JsonDerivedType(typeof(CountOfRowsWithValue), "count-of-rows-with-value")]
[JsonDerivedType(typeof(ShareAcrossRows), "share-across-rows")]
[JsonDerivedType(typeof(TotalExplained), "total-explained")]
public abstract record TableIdentity
{
    /// <summary>The findings where the printed table breaks this identity; empty cells take part as zero.</summary>
    public abstract IEnumerable<Finding> Check(ReportTable table, string source);

    /// <summary>Whether one row satisfies the identity (for identities within a row); true when the identity does not concern it.</summary>
    public virtual bool Holds(ReportTable table, ReportRow row) => true;

    /// <summary>Facts the table's rows establish that the document may also print as a figure; the audit compares the two.</summary>
    public virtual IEnumerable<DerivedFact> Derive(ReportTable table) => [];

    /// <summary>A number in a finding's message, written as the reports print it ("416 200 709").</summary>
    private protected static string Fmt(decimal value) => NumberFormat.Count(value);
}

/// <summary>In every row of the given roles, the <paramref name="Total"/> column is the sum of the <paramref name="Parts"/> columns.</summary>
/// <param name="Rule">Finding rule name: "parts-sum-to-total" or, for sexes, "women-plus-men".</param>
/// <param name="Footnoted">
/// Rows whose total a footnote says includes items outside the parts: their parts may sum to less than the total, and
/// the difference is reported as information, not as an error.
/// </param>
public sealed record ColumnsSum(string Total, IReadOnlyList<string> Parts, string Rule = "parts-sum-to-total", IReadOnlyList<FootnotedTotal>? Footnoted = null) : TableIdentity
{
    public const string OutsideItemsRule = "total-includes-other-items";

    public override bool Holds(ReportTable table, ReportRow row)
    {
        if (row.Kind != CellKind.Count || row.Role is not (RowRole.Data or RowRole.Total)) return true;
        var total = table.Cell(row, Total);
        var parts = Parts.Select(p => table.Cell(row, p)).ToList();
        var sum = parts.Sum(p => p?.Value ?? 0);
        if (total is null) return parts.All(p => p is null || p.Value.Value == 0);
        return FootnoteOf(table, row) is null ? sum == total.Value.Value : sum <= total.Value.Value;
    }

    public override IEnumerable<Finding> Check(ReportTable table, string source)
    {
        foreach (var row in table.Rows)
        {
            var total = table.Cell(row, Total)?.Value;
            var sum = Parts.Sum(p => table.Cell(row, p)?.Value ?? 0);
            if (!Holds(table, row))
            {
                yield return new Finding(table.Id, Rule,
                    $"{table.Title}, row '{row.Label}': {string.Join(" + ", Parts)} = {Fmt(sum)}, but {Total} is printed as {(total is null ? "empty" : Fmt(total.Value))}",
                    total, sum, source, row.Line);
            }
            else if (FootnoteOf(table, row) is { } footnote && total > sum)
            {
                yield return new Finding(table.Id, OutsideItemsRule,
                    $"{table.Title}, row '{row.Label}': {Total} is printed as {Fmt(total.Value)}, {Fmt(total.Value - sum)} more than {string.Join(" + ", Parts)} = {Fmt(sum)}: "
                    + $"it includes items outside these columns (footnote: \"{footnote}\")",
                    total, sum, source, row.Line, FindingSeverity.Info);
            }
        }
    }

    private string? FootnoteOf(ReportTable table, ReportRow row) =>
        Footnoted?.FirstOrDefault(f => f.Row < table.Rows.Count && ReferenceEquals(table.Rows[f.Row], row))?.Footnote;
}

/// <summary>A row whose printed total a footnote says includes items outside the table's columns, or that sums such totals.</summary>
/// <param name="Row">Index into the table's rows.</param>
/// <param name="Footnote">The footnote as printed, marker first ("* Includes institutional initiatives …").</param>
public sealed record FootnotedTotal(int Row, string Footnote);

/// <summary>In every column, row <paramref name="Total"/> is the sum of rows <paramref name="Parts"/> (indices into the table's rows).</summary>
public sealed record RowsSum(int Total, IReadOnlyList<int> Parts, string Rule = "column-sum-to-total") : TableIdentity
{
    public override IEnumerable<Finding> Check(ReportTable table, string source)
    {
        var totalRow = table.Rows[Total];
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var printed = totalRow.Cells[c]?.Value;
            var parts = Parts.Select(p => table.Rows[p].Cells[c]).ToList();
            if (printed is null && parts.All(p => p is null)) continue;
            var sum = parts.Sum(p => p?.Value ?? 0);
            if (printed == sum || (printed is null && sum == 0)) continue;
            yield return new Finding(table.Id, Rule,
                $"{table.Title}, column '{table.Columns[c]}': the rows above '{totalRow.Label}' sum to {Fmt(sum)}, but {(printed is null ? "nothing" : Fmt(printed.Value))} is printed",
                printed, sum, source, totalRow.Line);
        }
    }
}

/// <summary>
/// In every column, row <paramref name="Percent"/> is 100 × <paramref name="Numerator"/> / <paramref name="Denominator"/>,
/// printed as a whole per cent (rounded half away from zero; a truncated figure is a warning, anything else an error).
/// </summary>
public sealed record RowPercentage(int Percent, int Numerator, int Denominator) : TableIdentity
{
    public override IEnumerable<Finding> Check(ReportTable table, string source)
    {
        var row = table.Rows[Percent];
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var printed = row.Cells[c]?.Value;
            var numerator = table.Rows[Numerator].Cells[c]?.Value;
            var denominator = table.Rows[Denominator].Cells[c]?.Value;
            if (printed is null || numerator is null || denominator is null or 0) continue;
            var exact = 100m * numerator.Value / denominator.Value;
            var rounded = Math.Round(exact, 0, MidpointRounding.AwayFromZero);
            if (printed == rounded) continue;
            var severity = printed == Math.Truncate(exact) ? FindingSeverity.Warning : FindingSeverity.Error;
            yield return new Finding(table.Id, "percentage-matches-ratio",
                $"{table.Title}, column '{table.Columns[c]}': '{row.Label}' is printed as {Fmt(printed.Value)}%, but {Fmt(numerator.Value)} / {Fmt(denominator.Value)} = {exact.ToString("0.0", CultureInfo.InvariantCulture)}%",
                printed, rounded, source, row.Line, severity);
        }
    }
}

/// <summary>In every column, row <paramref name="Change"/> is row <paramref name="To"/> minus row <paramref name="From"/> (percentage points).</summary>
public sealed record RowChange(int Change, int From, int To) : TableIdentity
{
    public override IEnumerable<Finding> Check(ReportTable table, string source)
    {
        var row = table.Rows[Change];
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var printed = row.Cells[c]?.Value;
            var from = table.Rows[From].Cells[c]?.Value;
            var to = table.Rows[To].Cells[c]?.Value;
            if (printed is null || from is null || to is null || printed == to - from) continue;
            yield return new Finding(table.Id, "change-matches-difference",
                $"{table.Title}, column '{table.Columns[c]}': '{row.Label}' is printed as {Fmt(printed.Value)}, but {Fmt(to.Value)} − {Fmt(from.Value)} = {Fmt(to.Value - from.Value)} percentage points",
                printed, to - from, source, row.Line);
        }
    }
}

/// <summary>Row <paramref name="Change"/> holds, in each column but the first, row <paramref name="Percent"/>'s change from the previous column.</summary>
public sealed record ChangeAlongRow(int Change, int Percent) : TableIdentity
{
    public override IEnumerable<Finding> Check(ReportTable table, string source)
    {
        var row = table.Rows[Change];
        var percent = table.Rows[Percent];
        for (var c = 1; c < table.Columns.Count; c++)
        {
            var printed = row.Cells[c]?.Value;
            var from = percent.Cells[c - 1]?.Value;
            var to = percent.Cells[c]?.Value;
            if (printed is null || from is null || to is null || printed == to - from) continue;
            yield return new Finding(table.Id, "change-matches-difference",
                $"{table.Title}, column '{table.Columns[c]}': '{row.Label}' is printed as {Fmt(printed.Value)}, but {Fmt(to.Value)} − {Fmt(from.Value)} = {Fmt(to.Value - from.Value)} percentage points",
                printed, to - from, source, row.Line);
        }
    }
}
