using Almanac.Domain.Tables;

namespace Almanac.Domain.Reports;

/// <summary>
/// A totals row that is not the sum of the rows it totals, but is that sum without one or two of them (a catch-all row
/// such as "Other" left out) or with one of them counted twice: the report's error, told with the rows involved.
/// </summary>
/// <param name="Total">Index of the totals row.</param>
/// <param name="Parts">Indices of the rows it totals.</param>
/// <param name="LeftOut">Indices of the rows the printed total leaves out.</param>
/// <param name="Doubled">Indices of the rows the printed total counts twice.</param>
public sealed record TotalExplained(int Total, IReadOnlyList<int> Parts, IReadOnlyList<int> LeftOut, IReadOnlyList<int> Doubled) : TableIdentity
{
    public const string LeavesOutRule = "total-leaves-out-rows";
    public const string DoubleCountsRule = "total-double-counts-row";

    public override IEnumerable<Finding> Check(ReportTable table, string source)
    {
        var totalRow = table.Rows[Total];
        decimal Sum(IEnumerable<int> rows, int c) => rows.Sum(r => table.Rows[r].Cells[c]?.Value ?? 0);
        var explained = Enumerable.Range(0, table.Columns.Count)
            .All(c => (totalRow.Cells[c]?.Value ?? 0) == Sum(Parts, c) - Sum(LeftOut, c) + Sum(Doubled, c));
        // The explanation no longer holds (the rows changed): the plain column sums say where the total differs.
        if (!explained)
        {
            foreach (var finding in new RowsSum(Total, Parts).Check(table, source)) yield return finding;
            yield break;
        }
        // The column the finding quotes: the table's Total column when it has one, else the first the total gets wrong.
        var column = Enumerable.Range(0, table.Columns.Count).Where(c => (totalRow.Cells[c]?.Value ?? 0) != Sum(Parts, c))
            .OrderBy(c => string.Equals(table.Columns[c], "Total", StringComparison.Ordinal) ? 0 : 1).FirstOrDefault(-1);
        if (column < 0) yield break;
        var printed = totalRow.Cells[column]?.Value ?? 0;
        var computed = Sum(Parts, column);
        string Rows(IReadOnlyList<int> rows) => string.Join(", ", rows.Select(r => $"'{table.Rows[r].Label}' (line {table.Rows[r].Line})"));
        var what = LeftOut.Count > 0
            ? $"it leaves out {Rows(LeftOut)}" + (Doubled.Count > 0 ? $" and counts {Rows(Doubled)} twice" : "")
            : $"it counts {Rows(Doubled)} twice";
        yield return new Finding(table.Id, LeftOut.Count > 0 ? LeavesOutRule : DoubleCountsRule,
            $"{table.Title}, row '{totalRow.Label}': {Fmt(printed)} is printed in column '{table.Columns[column]}', but the rows above sum to {Fmt(computed)}; "
            + $"in every column the printed total is their sum if {what}",
            printed, computed, source, totalRow.Line);
    }
}
