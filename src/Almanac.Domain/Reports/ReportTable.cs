using Almanac.Domain.Tables;

namespace Almanac.Domain.Reports;

/// <summary>
/// A table rebuilt from a published document: its rows and columns as numbers, the lines it was read from, the
/// arithmetic it carries, and the rows that could not be placed. Printed figures are kept as printed.
/// </summary>
/// <param name="Id">Stable within a document kind, e.g. "staff-table-1", "staff-annex-professional", "funding-summary".</param>
/// <param name="Title">The title as printed, markup removed.</param>
/// <param name="Year">The year the table's figures describe (for multi-year tables, the latest).</param>
/// <param name="Columns">Column headings as printed (grades, years, categories); labels are in the rows.</param>
/// <param name="Arithmetic">The identities the printed figures should satisfy; used to read ambiguous cells and to audit.</param>
/// <param name="Unresolved">Lines inside the table that no single reading fits; never guessed.</param>
public sealed record ReportTable(
    string Id,
    string Title,
    int Year,
    LineRange Lines,
    IReadOnlyList<string> Columns,
    IReadOnlyList<ReportRow> Rows,
    IReadOnlyList<TableIdentity> Arithmetic,
    IReadOnlyList<UnresolvedRow> Unresolved)
{
    /// <summary>Index of a column by its heading; throws when the table has no such column.</summary>
    public int ColumnIndex(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.Ordinal)) return i;
        }
        throw new AlmanacException($"Table '{Id}' has no column '{column}'.");
    }

    /// <summary>The cell at a row and column heading, or null when the printed cell is empty.</summary>
    public ReportCell? Cell(ReportRow row, string column) => row.Cells[ColumnIndex(column)];
}

/// <summary>First and last 1-based line of a table in its document.</summary>
public readonly record struct LineRange(int First, int Last)
{
    public override string ToString() => First == Last ? $"line {First}" : $"lines {First}–{Last}";
}

/// <summary>
/// One printed row. <paramref name="Cells"/> align with the table's columns; null is an empty cell.
/// </summary>
/// <param name="Iso3">The country the row stands for, when it does.</param>
/// <param name="Kind">How the row's numbers read: counts or amounts, percentages, or changes in percentage points.</param>
/// <param name="Line">The line the row's numbers were read from (a name wrapped over lines starts earlier).</param>
/// <param name="Section">The part of the table the row belongs to, e.g. "Member States", "Observer States".</param>
public sealed record ReportRow(
    string Label,
    string? Iso3,
    RowRole Role,
    CellKind Kind,
    int Line,
    IReadOnlyList<ReportCell?> Cells,
    string? Section = null);

/// <summary>A printed number; <paramref name="Inferred"/> when its column was decided by the table's arithmetic (or its neighbours' layout) rather than read.</summary>
public readonly record struct ReportCell(decimal Value, bool Inferred = false);

/// <summary>A line that belongs to a table but that no single reading fits.</summary>
/// <param name="Ambiguous">Several readings fit every check the table has (the row's and the column totals): the table cannot tell which is printed.</param>
/// <param name="Possible">What the row can hold, when the reader knows (see <see cref="PossibleRow"/>): derived figures are bounded by it.</param>
public sealed record UnresolvedRow(int Line, string Text, string Reason, bool Ambiguous = false, PossibleRow? Possible = null)
{
    /// <summary>The audit rule of a row several readings fit.</summary>
    public const string AmbiguousRule = "ambiguous-row";
}

/// <summary>
/// What an unresolved row can hold: who it stands for and, per column, the least and the most its readings print (an
/// empty cell as zero), so that a figure derived from the table's rows can still be bounded.
/// </summary>
/// <param name="Iso3">The country the row names, or null when its name is no country Almanac knows (it may still be one).</param>
/// <param name="Cells">Per column of the table, the range of the row's readings; null when nothing bounds them (no reading was possible).</param>
public sealed record PossibleRow(string Label, string? Iso3, RowRole Role, string? Section, IReadOnlyList<CellRange>? Cells)
{
    /// <summary>The range of a column, or null when nothing bounds the row's cells.</summary>
    public CellRange? Range(int column) => Cells is { } cells && column < cells.Count ? cells[column] : null;

    /// <summary>The ranges of the given readings per column (empty cells as zero); null when there is no reading.</summary>
    public static IReadOnlyList<CellRange>? RangesOf(IReadOnlyCollection<IReadOnlyList<decimal?>> readings)
    {
        if (readings.Count == 0) return null;
        var columns = readings.First().Count;
        return [.. Enumerable.Range(0, columns).Select(c => new CellRange(readings.Min(r => r[c] ?? 0), readings.Max(r => r[c] ?? 0)))];
    }
}

/// <summary>The least and the most a cell can hold.</summary>
public readonly record struct CellRange(decimal Low, decimal High);

/// <summary>What kind of published document a file is.</summary>
public enum DocumentKind
{
    /// <summary>The Director General's annual report to the Council.</summary>
    AnnualReport,
    /// <summary>An appeal listing funding requirements (e.g. Migration Initiatives).</summary>
    FundingAppeal,
}

/// <summary>Whose document a file is, which kind and which year it reports on.</summary>
public sealed record DocumentIdentity(string Organization, DocumentKind Kind, int Year, string Title)
{
    public override string ToString() => $"{Organization} {(Kind == DocumentKind.AnnualReport ? "annual report" : "funding appeal")} {Year}";
}
