using Almanac.Domain.Platform;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using Almanac.Publish.Publications.Charts;
using Almanac.Web.Localization;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Almanac.Web.Pages;

/// <summary>
/// Results for an editor: participation and "N offices (x%)" per answer, filtered by year, region and framework node, with
/// charts; and the questionnaire-derived indicators by framework node, with the previous year and the printed baseline,
/// under the year's framework or another through the crosswalk.
/// </summary>
public sealed class ResultsModel(PlatformService platform, IOptions<PlatformOptions> options, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Node { get; set; }
    [BindProperty(SupportsGet = true)] public string? Framework { get; set; }

    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<Office> Regions { get; private set; } = [];
    public IReadOnlyList<FrameworkNode> Nodes { get; private set; } = [];
    public IReadOnlyList<Framework> Frameworks { get; private set; } = [];
    public QuestionnaireResults? Results { get; private set; }
    public YearResults? Indicators { get; private set; }
    public string ParticipationChart { get; private set; } = "";

    /// <summary>Required against committed by appeal region for the year, as the report's funding-coverage table has them (empty without a portfolio).</summary>
    public IReadOnlyList<RegionFunding> Funding { get; private set; } = [];
    private ILookup<string, TextAnswer> _texts = Array.Empty<TextAnswer>().ToLookup(t => t.Question, StringComparer.Ordinal);

    /// <summary>How many text answers a question shows on the page; the rest are in the text answers download.</summary>
    public const int TextAnswersShown = 10;
    private Questionnaire? _questionnaire;
    private Dictionary<string, string> _regionNames = [];

    public string RegionName(string? code) => code is null ? text["Results.AllRegionsShort"] : _regionNames.GetValueOrDefault(code, code);

    public string QuestionText(string id) => _questionnaire?.Question(id)?.TextIn(UiLanguages.Current) ?? id;

    /// <summary>A counted answer in the page's language: yes, an option's label, "answered", a table cell's row and column.</summary>
    public string AnswerText(string questionId, string answer)
    {
        var language = UiLanguages.Current;
        return _questionnaire?.Question(questionId) switch
        {
            { Kind: QuestionKind.YesNo } => text[$"Answer.{answer}"],
            { Kind: QuestionKind.SingleChoice or QuestionKind.MultipleChoice } q => q.OptionIn(answer, language),
            { Kind: QuestionKind.Number or QuestionKind.Text } => text["Results.Answered"],
            { Kind: QuestionKind.Table } q when answer.Split(" / ") is [var row, var column] => $"{q.RowIn(row, language)} / {q.ColumnIn(column, language)}",
            _ => answer,
        };
    }

    /// <summary>"47%" in English, "47 %" in French and Spanish.</summary>
    public static string Percent(int? percent) => percent is { } p ? UiFormat.Percent(p) : "–";

    /// <summary>"102 offices (47%)".</summary>
    public string Share(Share share) => share.Percent is { } p ? text["Results.ShareOf", share.Count, Percent(p)] : text["Results.Offices", share.Count];

    /// <summary>What approved offices wrote to a text question (an empty list for other questions).</summary>
    public IReadOnlyList<TextAnswer> TextAnswersOf(string question) => [.. _texts[question]];

    /// <summary>The download of one of the page's tables (all of them in one workbook when <paramref name="table"/> is null), with the page's filters.</summary>
    public string ExportLink(string format, string? table) =>
        QueryHelpers.AddQueryString($"/api/results/{Year}/export", new Dictionary<string, string?>
        {
            ["format"] = format,
            ["table"] = table,
            ["region"] = string.IsNullOrEmpty(Region) ? null : Region,
            ["node"] = string.IsNullOrEmpty(Node) ? null : Node,
            ["framework"] = Framework,
        }.Where(p => p.Value is not null));

    /// <summary>
    /// A chart of a choice question's answers (share of approved offices per option, overall), labelled with the options'
    /// words; none for a yes-no, number, text or table question, whose one figure per row the table shows.
    /// </summary>
    public string QuestionChart(string id)
    {
        var question = _questionnaire?.Question(id);
        if (Results is null || question is null || question.Kind is not (QuestionKind.SingleChoice or QuestionKind.MultipleChoice) || question.Options.Count < 2) return "";
        var answers = Results.Answers.Where(a => a.Question == id).ToList();
        var title = QuestionText(id);
        return SvgChart.Render(new ChartBlock("answers-" + id, title, ChartKind.GroupedBar,
            [.. answers.Select(a => AnswerText(id, a.Answer))],
            [new ChartSeries(text["Chart.ApprovedOffices"], [.. answers.Select(a => (decimal?)a.Overall.Percent)])],
            CellKind.Percent, text["Chart.QuestionNote", title]), UiLanguages.Current);
    }

    /// <summary>The framework the year's questionnaire is organized by.</summary>
    public string? QuestionnaireFramework => _questionnaire?.Framework;

    public string NodeTitle(NodeRef node) =>
        Frameworks.FirstOrDefault(f => f.Id == node.Framework)?.Node(node.Node) is { } n ? $"{n.Kind}: {n.Title}" : node.ToString();

    public string FrameworkName(string id) => Frameworks.FirstOrDefault(f => f.Id == id)?.Name ?? id;

    /// <summary>"102", or "72% (35 of 49)" for a share.</summary>
    public string Value(QuestionIndicator indicator, Share? value) => value is null ? "–"
        : indicator.Measure == IndicatorMeasures.Share ? (value.Percent is { } p ? $"{Percent(p)} ({text["Results.CountOf", value.Count, value.Of]})" : text["Results.CountOf", value.Count, value.Of])
        : UiFormat.Number(value.Count);

    /// <summary>The printed figure with its qualifier and where it stands: "more than 100 (annual-report-2018, line 411)".</summary>
    public string Baseline(IndicatorBaseline? baseline)
    {
        if (baseline is null) return "–";
        var figure = baseline.Percent is { } p ? UiFormat.Percent(p) + (baseline.Count is { } c ? $" ({UiFormat.Number(c)})" : "") : baseline.Count is { } count ? UiFormat.Number(count) : "";
        var qualifier = baseline.Qualifier == "exact" ? "" : text[$"Qualifier.{baseline.Qualifier}"] + " ";
        return text["Results.Printed", qualifier + figure, baseline.Report, baseline.Line];
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var account = CurrentAccount.Required(User);
        Years = await platform.QuestionnaireYearsAsync(cancellationToken);
        Year ??= Years.Contains(options.Value.CurrentYear) || Years.Count == 0 ? options.Value.CurrentYear : Years[^1];
        var offices = await platform.OfficesAsync(cancellationToken);
        Regions = [.. offices.Where(o => o.Kind != OfficeKind.CountryOffice)];
        _regionNames = offices.ToDictionary(o => o.Code, o => o.Name, StringComparer.Ordinal);
        // The portfolio's figures stand whether or not the year has a questionnaire (the appeal's year may have none).
        Funding = await platform.FundingAsync(account, Year.Value, cancellationToken);
        if (!Years.Contains(Year.Value)) return;
        _questionnaire = await platform.QuestionnaireAsync(Year.Value, cancellationToken);
        Frameworks = await platform.FrameworksAsync(cancellationToken);
        // The framework to read the year under: its own unless another is chosen (its nodes then fill the node filter).
        if (string.IsNullOrEmpty(Framework) || Frameworks.All(f => f.Id != Framework)) Framework = _questionnaire.Framework;
        Nodes = Frameworks.FirstOrDefault(f => f.Id == Framework)?.Nodes ?? [];
        if (!string.IsNullOrEmpty(Node) && Nodes.All(n => n.Id != Node)) Node = null;
        Indicators = await platform.ResultsAsync(account, Year.Value, Region, Node, Framework, cancellationToken);
        Results = Indicators.Results;

        var language = UiLanguages.Current;
        ParticipationChart = SvgChart.Render(new ChartBlock("participation", text["Chart.Participation", Year], ChartKind.GroupedBar,
            [.. Results.ByRegion.Select(p => RegionName(p.Region))],
            [new ChartSeries(text["Chart.Responded"], [.. Results.ByRegion.Select(p => (decimal?)p.Responded.Percent)])],
            CellKind.Percent, text["Chart.ParticipationNote"]), language);
        _texts = Indicators.TextAnswers.ToLookup(t => t.Question, StringComparer.Ordinal);
    }
}
