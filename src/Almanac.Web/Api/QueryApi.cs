using System.Text;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Publish;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Almanac.Web.Api;

/// <summary>
/// GET /api/query: a pivot query over the fact table, with the parameters of <c>almanac query</c>'s options (read by the
/// same <see cref="PivotQueryText"/>), answered as JSON of the same shape as <c>almanac query --format json</c> or as
/// CSV. For those who may see results (<see cref="Domain.Platform.Access.CanSeeResults"/>).
/// </summary>
public static class QueryApi
{
    public const string CsvType = ExportFormats.CsvType;

    public static void MapQueryApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/query").WithTags("Query").WithAlmanacErrors();
        group.MapGet("/", async Task<Results<ContentHttpResult, FileContentHttpResult>> (
            string[]? measure, string[]? rows, string[]? columns, string[]? year, string[]? where, string? totals, string[]? show, string? top, string? format,
            HttpContext http, PlatformService platform, CancellationToken ct) =>
        {
            ExportFormat? file = format?.Trim().ToLowerInvariant() switch
            {
                null or "" or "json" => null,
                "csv" => ExportFormat.Csv,
                "xlsx" => ExportFormat.Xlsx,
                _ => throw new AlmanacException($"format {InputLimits.Quote(format)}: write json, csv or xlsx."),
            };
            var text = new PivotQueryText(measure ?? [], rows ?? [], columns ?? [], year ?? [], where ?? [], PivotQueryText.Flag("totals", totals), show ?? [], top)
            {
                OptionPrefix = "",
            };
            var result = await platform.QueryAsync(CurrentAccount.Required(http.User), text, ct);
            var name = FileName(measure ?? [], year ?? []);
            return file switch
            {
                null => TypedResults.Text(QueryRenderers.ToJson(result), "application/json", Encoding.UTF8),
                // The long CSV of almanac query --format csv, with the byte-order mark Excel needs to read it as UTF-8.
                ExportFormat.Csv => TypedResults.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(QueryRenderers.ToCsv(result))], CsvType + "; charset=utf-8", name + ".csv"),
                // The grid as the pivot page and almanac query's table show it.
                _ => ExportFormats.File(ExportFormat.Xlsx, [QueryRenderers.ToSheet(result, Title(measure ?? [], year ?? []))], "Query", name + ".xlsx"),
            };
        })
        .WithSummary("A pivot query over the stored observations: measure (repeatable), rows, columns, year (2023, 2021,2023 or 2014-2023), "
            + "where (DIMENSION=A|B, repeatable), totals, show (share:D, pp:D[:YEAR], yoy, yoy%, ratio:M, distinct:D), top (D:N), format (json, csv: one line per cell, or xlsx: the grid as the pivot page shows it); as almanac query takes them.")
        .Produces(StatusCodes.Status200OK, contentType: "application/json")
        .Produces(StatusCodes.Status200OK, contentType: CsvType)
        .Produces(StatusCodes.Status200OK, contentType: ExportFormats.XlsxType);
    }

    /// <summary>"staff.headcount, 2021-2023": what a workbook's sheet says it holds.</summary>
    public static string Title(IEnumerable<string> measures, IEnumerable<string> years) =>
        string.Join(", ", Items(measures)) + (Items(years).ToList() is { Count: > 0 } asked ? ", " + string.Join(", ", asked) : "");

    /// <summary>"staff.headcount-2023": the measures and the years as asked, in characters safe in a file name (the extension is the format's).</summary>
    public static string FileName(IEnumerable<string> measures, IEnumerable<string> years)
    {
        var name = string.Join('+', Items(measures));
        if (Items(years).ToList() is { Count: > 0 } asked) name += "-" + string.Join('_', asked);
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' or '_' ? c : '_')]);
        return safe.Length == 0 ? "query" : safe;
    }

    private static IEnumerable<string> Items(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
