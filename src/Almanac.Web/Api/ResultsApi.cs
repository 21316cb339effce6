using Almanac.Domain.Platform;
using Almanac.Web.Security;
using Almanac.Web.Services;

namespace Almanac.Web.Api;

/// <summary>
/// GET /api/results/{year}: participation and answers as before, and the questionnaire-derived indicators by framework
/// node and region with the year before's value and the printed baseline, under the year's framework or another
/// (<c>?framework=</c>) through the crosswalk.
/// </summary>
public static class ResultsApi
{
    /// <summary>
    /// A year's results as the API answers them: the fields it has always had (year, overall, byRegion, answers) and,
    /// added beside them, the framework the indicators are read under, the previous year shown and the indicators by node;
    /// <c>outOfRangeCount</c> counts the approved figures outside the bounds (stored before they were checked) that the sums
    /// leave out, and <c>outOfRange</c> lists those of offices whose submissions the account may read.
    /// </summary>
    public sealed record ResultsDto(int Year, Participation Overall, IReadOnlyList<Participation> ByRegion, IReadOnlyList<AnswerResult> Answers,
        string Framework, int? PreviousYear, IReadOnlyList<NodeResults> Indicators, int OutOfRangeCount, IReadOnlyList<SubmissionsApi.OutOfRangeDto> OutOfRange)
    {
        public static ResultsDto Of(YearResults r) =>
            new(r.Results.Year, r.Results.Overall, r.Results.ByRegion, r.Results.Answers, r.Framework, r.PreviousYear, r.Indicators,
                r.Results.OutOfRange.Count, [.. r.OutOfRange.Select(SubmissionsApi.OutOfRangeDto.Of)]);
    }

    public static void MapResultsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/results").WithTags("Results").WithAlmanacErrors();
        group.MapGet("/{year:int}", async (int year, string? region, string? node, string? framework, HttpContext http, PlatformService platform, CancellationToken ct) =>
            TypedResults.Ok(ResultsDto.Of(await platform.ResultsAsync(CurrentAccount.Required(http.User), year, region, node, framework, ct))))
            .WithSummary("Participation by region and overall; for each answer 'N offices (x%)' by region and overall; the questionnaire-derived indicators by "
                + "framework node with the previous year's value and the printed baseline; filtered by region and node, read under another framework (framework=) through the crosswalk.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{year:int}/export", async (int year, string? format, string? table, string? region, string? node, string? framework,
            HttpContext http, PlatformService platform, CancellationToken ct) =>
        {
            var account = CurrentAccount.Required(http.User);
            var kind = ExportFormats.Read(format);
            if (table is not null && !ResultsSheets.Tables.Contains(table, StringComparer.Ordinal))
                throw new RequestException("table", $"{Domain.InputLimits.Quote(table)} is no results table: write {string.Join(", ", ResultsSheets.Tables)}.");
            if (kind == ExportFormat.Csv && table is null)
                throw new RequestException("table", $"a CSV file holds one table: name it ({string.Join(", ", ResultsSheets.Tables)}), or ask format=xlsx for all of them in one workbook.");
            var sheets = await ResultsSheets.ForAsync(platform, account, year, region, node, framework, ct);
            var chosen = table is null ? sheets : [.. sheets.Where(s => s.Id == table)];
            return ExportFormats.File(kind, chosen, $"Results {year}", ResultsSheets.FileName(year, region, table, ExportFormats.Extension(kind)));
        })
            .WithSummary("The results page's tables as a download: format=csv (one table=participation|answers|indicators|text-answers; UTF-8 with a byte-order mark, "
                + "as Excel needs to read accents) or format=xlsx (that table, or every table without table=); region, node and framework filter as on the page.")
            .Produces(StatusCodes.Status200OK, contentType: ExportFormats.CsvType)
            .Produces(StatusCodes.Status200OK, contentType: ExportFormats.XlsxType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
