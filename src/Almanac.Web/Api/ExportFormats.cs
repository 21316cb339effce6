using Almanac.Domain;
using Almanac.Domain.Publishing;
using Almanac.Publish;
using Almanac.Publish.Publications.Xlsx;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Almanac.Web.Api;

/// <summary>A download's format: a CSV file of one table, or an XLSX workbook.</summary>
public enum ExportFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// The one way the API hands out tables as files: <c>format=csv</c> (<see cref="DataSheetCsv"/>: UTF-8 with a byte-order
/// mark, formula-like text neutralised) or <c>format=xlsx</c> (<see cref="XlsxWriter"/>, the publication's workbook writer).
/// </summary>
public static class ExportFormats
{
    public const string CsvType = "text/csv";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The format asked for; anything but csv or xlsx is a 400 naming the parameter.</summary>
    public static ExportFormat Read(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        "csv" => ExportFormat.Csv,
        "xlsx" => ExportFormat.Xlsx,
        null or "" => throw new RequestException("format", "required: csv or xlsx."),
        _ => throw new RequestException("format", $"{InputLimits.Quote(format)}: write csv or xlsx."),
    };

    public static string Extension(ExportFormat format) => format == ExportFormat.Csv ? "csv" : "xlsx";

    /// <summary>The file: the one sheet as CSV, or the sheets as one workbook titled <paramref name="title"/>.</summary>
    public static FileContentHttpResult File(ExportFormat format, IReadOnlyList<DataSheet> sheets, string title, string fileName) =>
        format == ExportFormat.Csv
            ? TypedResults.File(DataSheetCsv.Write(sheets.Single()), CsvType + "; charset=utf-8", fileName)
            : TypedResults.File(XlsxWriter.Write(sheets, title), XlsxType, fileName);
}
