using Almanac.Domain.Reports.Statements;

namespace Almanac.Domain.Platform;

/// <summary>What a questionnaire-derived indicator measures: a number of offices, or their share of the offices that answered.</summary>
public static class IndicatorMeasures
{
    public const string Count = "count";
    public const string Share = "share";
}

/// <summary>The figure a report printed for an indicator in one year, where it printed it: its baseline for that year.</summary>
/// <param name="Qualifier">As the statements contract writes it: exact, at-least, more-than, approximately.</param>
public sealed record IndicatorBaseline(int Year, string Report, int Line, int? Count, decimal? Percent, string Qualifier);

/// <summary>
/// An indicator of a framework node derived from the questionnaires: the offices that gave one answer to one question
/// (of one kind of office when the report counts only those), identified by question id and answer, so that the same
/// question asked in several years is one series. The baselines are the figures the reports printed, one per year.
/// </summary>
public sealed record QuestionIndicator(string Framework, string Node, string Question, string Answer, string? OfficeKind, string Measure, string Title,
    IReadOnlyList<IndicatorBaseline> Baselines)
{
    /// <summary>"sdg-support=yes", "regional-consultations=yes@regional": question, answer and the office kind counted.</summary>
    public string Id => $"{Question}={Answer}" + (OfficeKind is null ? "" : $"@{OfficeKind}");

    /// <summary>The baseline for a year: the figure printed for it, or else the latest one printed before it.</summary>
    public IndicatorBaseline? BaselineFor(int year) => Baselines.Where(b => b.Year <= year).MaxBy(b => b.Year);
}

/// <summary>
/// Derives a framework's indicators from the questionnaires organized by it, instead of writing each by hand: every
/// answer a report statement links to (the questionnaire's <c>statements:</c>) is an indicator of the node of the
/// question's section, "number of offices that …", or "share of offices that …" when a report printed it as a percent.
/// </summary>
public static class FrameworkIndicators
{
    /// <param name="crosswalk">
    /// When given, questionnaires organized by another framework add their years to the series of the same question
    /// (same id, answer and office kind) under a node the crosswalk maps theirs to: an indicator's baselines cross a
    /// change of framework. They add no indicator of their own.
    /// </param>
    public static IReadOnlyList<QuestionIndicator> Derive(Framework framework, IEnumerable<Questionnaire> questionnaires, Crosswalk? crosswalk = null)
    {
        var links = new List<(string Node, Question Question, StatementLink Link, int Year, bool Own)>();
        foreach (var questionnaire in questionnaires.OrderBy(q => q.Year))
        {
            var own = questionnaire.Framework == framework.Id;
            if (!own && crosswalk is null) continue;
            foreach (var section in questionnaire.Sections.Where(s => s.FrameworkNode is not null))
            {
                IReadOnlyList<string> nodes = own
                    ? framework.Node(section.FrameworkNode!) is null ? [] : [section.FrameworkNode!]
                    : crosswalk!.Counterparts(new NodeRef(questionnaire.Framework, section.FrameworkNode!), framework.Id);
                foreach (var node in nodes)
                {
                    foreach (var question in section.Questions)
                    {
                        links.AddRange(question.Statements.Select(link => (node, question, link, questionnaire.Year, own)));
                    }
                }
            }
        }
        return
        [
            .. links.GroupBy(l => (l.Node, l.Question.Id, l.Link.Answer, l.Link.OfficeKind)).Where(group => group.Any(l => l.Own)).Select(group =>
            {
                // The latest year's wording: a question reworded between years keeps its id, and so its series.
                var question = group.Last(l => l.Own).Question;
                var measure = group.Any(l => l.Link.Percent is not null) ? IndicatorMeasures.Share : IndicatorMeasures.Count;
                // A year's baseline is the link that prints the indicator's measure, the first printed when a report gives it twice.
                bool Prints(StatementLink link) => measure == IndicatorMeasures.Share ? link.Percent is not null : link.Count is not null;
                var baselines = group.GroupBy(l => l.Year).Select(y => y.OrderBy(l => Prints(l.Link) ? 0 : 1).ThenBy(l => l.Link.Line).First())
                    .Select(l => new IndicatorBaseline(l.Year, l.Link.Report, l.Link.Line, l.Link.Count, l.Link.Percent, OfficeStatement.QualifierName(l.Link.Qualifier)));
                return new QuestionIndicator(framework.Id, group.Key.Node, question.Id, group.Key.Answer, group.Key.OfficeKind, measure,
                    Title(measure, group.Key.OfficeKind, group.Key.Answer, question.Text), [.. baselines]);
            }),
        ];
    }

    /// <summary>"Number of offices that answered "yes" to: Did the office …?" — the question's own words, so nothing is written twice.</summary>
    public static string Title(string measure, string? officeKind, string answer, string question)
    {
        var offices = OfficeKinds.Parse(officeKind) switch
        {
            OfficeKind.CountryOffice => "country offices",
            OfficeKind.RegionalOffice => "regional offices",
            OfficeKind.Headquarters => "headquarters offices",
            _ => "offices",
        };
        return $"{(measure == IndicatorMeasures.Share ? "Share" : "Number")} of {offices} that answered \u201c{answer}\u201d to: {question}";
    }
}

/// <summary>A year's questionnaire with its submissions and their answers (the results of that year are of the approved ones).</summary>
public sealed record QuestionnaireYear(Questionnaire Questionnaire, IReadOnlyCollection<(Submission Submission, IReadOnlyDictionary<string, string> Answers)> Submissions)
{
    public int Year => Questionnaire.Year;

    /// <summary>Whether the year has results: at least one approved submission.</summary>
    public bool HasResults => Submissions.Any(s => s.Submission.Year == Year && s.Submission.State == SubmissionState.Approved);
}

/// <summary>
/// An indicator's value in a year, by region and overall, with the same question's value in the year before (when that
/// year has results) and the baseline printed for the year. A share is of the approved offices that answered the question.
/// </summary>
public sealed record IndicatorResult(QuestionIndicator Indicator, Share Value, IReadOnlyDictionary<string, Share> ByRegion, Share? Previous,
    IReadOnlyDictionary<string, Share>? PreviousByRegion, IndicatorBaseline? Baseline);

/// <summary>
/// A node of the framework the results are read under (with its hand-written indicators, frameworks.yaml) and the
/// derived indicators measured in the year; <paramref name="Via"/> names the nodes of the year's own framework they come from
/// when they were read through the crosswalk.
/// </summary>
public sealed record NodeResults(string Framework, FrameworkNode Node, IReadOnlyList<NodeRef> Via, IReadOnlyList<IndicatorResult> Indicators);

/// <summary>Counts the derived indicators of a year, grouped by the nodes of the framework in force or, through the crosswalk, of another.</summary>
public static class IndicatorResults
{
    /// <param name="questionnaires">Every questionnaire known: the indicators and their baselines are derived from those up to the year.</param>
    /// <param name="view">The framework to read the year under; the year's own when null.</param>
    /// <param name="viewNodes">Only these nodes of the view framework (a node and those below it); all when null.</param>
    public static IReadOnlyList<NodeResults> Compute(IReadOnlyCollection<Framework> frameworks, IEnumerable<Questionnaire> questionnaires, QuestionnaireYear year,
        QuestionnaireYear? previous, IReadOnlyCollection<Office> offices, string? view = null, string? region = null, IReadOnlySet<string>? viewNodes = null)
    {
        var questionnaire = year.Questionnaire;
        var source = frameworks.FirstOrDefault(f => f.Id == questionnaire.Framework);
        var target = frameworks.FirstOrDefault(f => f.Id == (view ?? questionnaire.Framework));
        if (source is null || target is null) return [];
        var crosswalk = Crosswalk.Of(frameworks);
        var scope = offices.Where(o => region is null || ResultsCalculator.RegionOf(o) == region).ToDictionary(o => o.Code, StringComparer.Ordinal);
        var regions = scope.Values.Select(ResultsCalculator.RegionOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var hasPrevious = previous is { HasResults: true } && previous.Year < year.Year;

        // The indicators the year measures: derived up to the year (a later report's figure is no baseline yet), whose
        // question the year asks under the same node.
        var indicators = FrameworkIndicators.Derive(source, questionnaires.Where(q => q.Year <= year.Year).Append(questionnaire).DistinctBy(q => q.Year), crosswalk)
            .Where(i => questionnaire.SectionOf(i.Question)?.FrameworkNode == i.Node)
            .Select(i =>
            {
                var (value, byRegion) = Count(year, i, scope, regions);
                var (before, beforeByRegion) = hasPrevious && previous!.Questionnaire.Question(i.Question) is not null ? Count(previous, i, scope, regions) : (null, null);
                return new IndicatorResult(i, value!, byRegion!, before, beforeByRegion, i.BaselineFor(year.Year));
            })
            .ToList();

        var results = new List<NodeResults>();
        foreach (var node in target.Nodes.Where(n => viewNodes is null || viewNodes.Contains(n.Id)))
        {
            var via = source.Id == target.Id ? [] : crosswalk.Counterparts(new NodeRef(target.Id, node.Id), source.Id);
            var measured = source.Id == target.Id ? indicators.Where(r => r.Indicator.Node == node.Id) : indicators.Where(r => via.Contains(r.Indicator.Node));
            results.Add(new NodeResults(target.Id, node, [.. via.Select(v => new NodeRef(source.Id, v))], [.. measured]));
        }
        return results;
    }

    /// <summary>The offices (of the indicator's kind) that gave its answer, of the approved offices in scope that answered the question.</summary>
    private static (Share? Overall, IReadOnlyDictionary<string, Share>? ByRegion) Count(QuestionnaireYear year, QuestionIndicator indicator,
        Dictionary<string, Office> scope, List<string> regions)
    {
        var question = year.Questionnaire.Question(indicator.Question);
        if (question is null) return (null, null);
        var kind = OfficeKinds.Parse(indicator.OfficeKind);
        var answered = new List<Office>();
        var gave = new List<Office>();
        foreach (var (submission, answers) in year.Submissions)
        {
            if (submission.Year != year.Year || submission.State != SubmissionState.Approved || !scope.TryGetValue(submission.Office, out var office)) continue;
            // An answer left behind by a question since hidden (show-if no longer holds) is not counted, as in the results.
            if (!Answering.IsShown(year.Questionnaire, question, answers) || !Answered(question, answers)) continue;
            answered.Add(office);
            if ((kind is null || office.Kind == kind) && Gave(question, answers, indicator.Answer)) gave.Add(office);
        }
        Share Of(string? r) => new(gave.Count(o => r is null || ResultsCalculator.RegionOf(o) == r), answered.Count(o => r is null || ResultsCalculator.RegionOf(o) == r));
        return (Of(null), regions.ToDictionary(r => r, Of, StringComparer.Ordinal));
    }

    private static bool Answered(Question question, IReadOnlyDictionary<string, string> answers) =>
        question.Kind == QuestionKind.Table ? answers.Keys.Any(k => Answering.QuestionOf(k) == question.Id) : answers.ContainsKey(question.Id);

    /// <summary>Whether the answers give the indicator's answer: the option or "yes", "answered" for a number or text, "row / column" for a table cell.</summary>
    private static bool Gave(Question question, IReadOnlyDictionary<string, string> answers, string answer) => question.Kind switch
    {
        QuestionKind.YesNo or QuestionKind.SingleChoice => answers.GetValueOrDefault(question.Id) == answer,
        QuestionKind.MultipleChoice => Answering.Choices(answers.GetValueOrDefault(question.Id)).Contains(answer, StringComparer.Ordinal),
        QuestionKind.Table => question.Rows.SelectMany(r => question.Columns.Select(c => (r, c))).Any(rc => $"{rc.r} / {rc.c}" == answer && answers.ContainsKey(Answering.CellKey(question.Id, rc.r, rc.c))),
        _ => answer == "answered" && answers.ContainsKey(question.Id),
    };
}
