using Almanac.Domain.Platform;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using Almanac.Publish.Publications.Charts;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Almanac.Web.Pages;

/// <summary>Results for an editor: participation and "N offices (x%)" per answer, filtered by year, region and framework node, with charts.</summary>
public sealed class ResultsModel(PlatformService platform, IOptions<PlatformOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Node { get; set; }

    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<Office> Regions { get; private set; } = [];
    public IReadOnlyList<FrameworkNode> Nodes { get; private set; } = [];
    public QuestionnaireResults? Results { get; private set; }
    public string ParticipationChart { get; private set; } = "";
    public string AnswersChart { get; private set; } = "";
    private Questionnaire? _questionnaire;
    private Dictionary<string, string> _regionNames = [];

    public string RegionName(string? code) => code is null ? "All" : _regionNames.GetValueOrDefault(code, code);

    public string QuestionText(string id) => _questionnaire?.Question(id)?.Text ?? id;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var account = CurrentAccount.Required(User);
        Years = await platform.QuestionnaireYearsAsync(cancellationToken);
        Year ??= Years.Contains(options.Value.CurrentYear) || Years.Count == 0 ? options.Value.CurrentYear : Years[^1];
        var offices = await platform.OfficesAsync(cancellationToken);
        Regions = [.. offices.Where(o => o.Kind != OfficeKind.CountryOffice)];
        _regionNames = offices.ToDictionary(o => o.Code, o => o.Name, StringComparer.Ordinal);
        if (!Years.Contains(Year.Value)) return;
        _questionnaire = await platform.QuestionnaireAsync(Year.Value, cancellationToken);
        Nodes = (await platform.FrameworksAsync(cancellationToken)).FirstOrDefault(f => f.Id == _questionnaire.Framework)?.Nodes ?? [];
        Results = await platform.ResultsAsync(account, Year.Value, Region, Node, cancellationToken);

        ParticipationChart = SvgChart.Render(new ChartBlock("participation", $"Participation by region, {Year}", ChartKind.GroupedBar,
            [.. Results.ByRegion.Select(p => RegionName(p.Region))],
            [new ChartSeries("Responded (%)", [.. Results.ByRegion.Select(p => (decimal?)p.Responded.Percent)])],
            CellKind.Percent, "Share of offices in each region that submitted the questionnaire."), "en");
        var choices = Results.Answers.Where(a => a.Sum is null && a.Answer != "answered").ToList();
        if (choices.Count > 0)
        {
            AnswersChart = SvgChart.Render(new ChartBlock("answers", $"Approved offices by answer, {Year}", ChartKind.GroupedBar,
                [.. choices.Select(a => $"{a.Question}: {a.Answer}")],
                [new ChartSeries("Offices (%)", [.. choices.Select(a => (decimal?)a.Overall.Percent)])],
                CellKind.Percent, "Share of approved offices giving each answer."), "en");
        }
    }
}
