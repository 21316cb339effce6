namespace Almanac.Domain.Tables;

/// <summary>A statistical table ready to render: columns, rows of cells, and the findings about it.</summary>
/// <param name="Id">Short stable identifier, e.g. "table-1" or "annex-ii".</param>
/// <param name="Findings">Inconsistencies noticed while building the table (e.g. a printed total that is not the sum of its parts).</param>
public sealed record StatTable(
    string Id,
    string Title,
    string StubHeader,
    IReadOnlyList<string> Columns,
    IReadOnlyList<StatRow> Rows,
    IReadOnlyList<string> Notes,
    IReadOnlyList<Finding> Findings);

/// <summary>What a row is, so that renderers can set totals apart and skip section headings where data is expected.</summary>
public enum RowRole
{
    Data,
    Total,
    Derived,
    SectionHeading,
}

/// <summary>One row of a <see cref="StatTable"/>; <paramref name="Iso3"/> is set when the row stands for a country.</summary>
public sealed record StatRow(string Label, string? Iso3, RowRole Role, IReadOnlyList<Cell> Cells);

/// <summary>How a cell's number is meant to be read and printed.</summary>
public enum CellKind
{
    Count,
    Percent,
    PercentagePointChange,
}

/// <summary>A cell: a number, or empty (null), or explicitly not applicable.</summary>
public readonly record struct Cell(decimal? Value, CellKind Kind, bool NotApplicable = false)
{
    public static Cell Empty(CellKind kind = CellKind.Count) => new(null, kind);
    public static Cell Count(decimal? value) => new(value, CellKind.Count);
    public static Cell Percent(decimal? value) => new(value, CellKind.Percent);
    public static Cell Change(decimal? value) => value is null ? new(null, CellKind.PercentagePointChange, true) : new(value, CellKind.PercentagePointChange);
}

/// <summary>An inconsistency with its location; never a silent correction.</summary>
/// <param name="Rule">e.g. "parts-sum-to-total", "percentage-matches-ratio", "same-fact-agrees".</param>
/// <param name="Source">The document or import the printed figure comes from.</param>
/// <param name="Line">1-based line of the printed figure in <paramref name="Source"/>, when known.</param>
/// <param name="SourceId">The import <paramref name="Source"/> names, when the finding is about an imported document: two imports can share a file name.</param>
public sealed record Finding(string Table, string Rule, string Message, decimal? Printed, decimal? Computed, string? Source,
    int? Line = null, FindingSeverity Severity = FindingSeverity.Error, long? SourceId = null);

/// <summary>How much a finding matters to a reader of the published figure.</summary>
public enum FindingSeverity
{
    /// <summary>Worth knowing, not a mistake: e.g. a total that its footnote says includes items outside its parts.</summary>
    Info,
    /// <summary>A figure that agrees with its parts only under a rounding the document does not state.</summary>
    Warning,
    /// <summary>Printed figures that cannot all be right.</summary>
    Error,
}
