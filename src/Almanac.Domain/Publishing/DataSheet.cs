using Almanac.Domain.Tables;

namespace Almanac.Domain.Publishing;

/// <summary>
/// A flat table for download (a results table, a pivot as the page shows it): named columns, each text or a number of a
/// <see cref="CellKind"/>, and rows of cells. The CSV and XLSX writers both read it, so the two files of one table agree.
/// </summary>
/// <param name="Id">A short name, safe in a file name and as a sheet name: "participation", "answers".</param>
public sealed record DataSheet(string Id, string Title, IReadOnlyList<DataColumn> Columns, IReadOnlyList<IReadOnlyList<DataCell>> Rows);

/// <summary>A column of a <see cref="DataSheet"/>: text when <paramref name="Kind"/> is null, else numbers read as that kind (a percentage as 47 for 47%).</summary>
public sealed record DataColumn(string Name, CellKind? Kind = null)
{
    public bool IsText => Kind is null;
}

/// <summary>One cell: text for a text column, a number (or nothing) for a number column.</summary>
public readonly record struct DataCell(string? Text, decimal? Number)
{
    public static DataCell Of(string? text) => new(text, null);

    public static DataCell Of(decimal? number) => new(null, number);

    public static readonly DataCell Empty;
}
