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
    }
}
