using Almanac.Domain.Platform;
using Almanac.Domain.Reports.Statements;

namespace Almanac.Domain.Tests.Platform;

/// <summary>
/// Indicators derived from the questionnaires' statement links, their values by region with the year before and the
/// printed baseline, and the crosswalk that reads a year under another framework.
/// </summary>
public sealed class FrameworkIndicatorsTests
{
    private static readonly Framework Old = new("old", "Old framework", 2016, 2019, [
        new FrameworkNode("principle-1", "principle", "Rights", null, []),
        new FrameworkNode("objective-1", "objective", "Crises", null, [new Indicator("participation", "Participation rate (%)", 95, 100)]),
    ])
    {
        Crosswalk = [new CrosswalkLink(new NodeRef("old", "principle-1"), [new NodeRef("new", "priority-protection"), new NodeRef("new", "objective-3")])],
    };

    private static readonly Framework New = new("new", "New framework", 2023, 2028, [
        new FrameworkNode("objective-3", "objective", "Pathways", null, []),
        new FrameworkNode("priority-protection", "cross-cutting priority", "Protection", null, []),
    ]);

    private static StatementLink Printed(int year, int line, string answer = "yes", int? count = null, decimal? percent = null, string? kind = null) =>
        new($"annual-report-{year}", line, answer, count, percent, StatementQualifier.Exact, kind);

    private static Questionnaire Year(int year, params StatementLink[] links) => new(year, $"Questionnaire {year}", "old", [
        new QuestionnaireSection("rights", "Rights", "principle-1", [
            new Question("sdg-support", QuestionKind.YesNo, "Did the office support the SDGs?", null, true, [], [], [], null) { Statements = links },
            new Question("how", QuestionKind.MultipleChoice, "How?", null, false, ["advice", "training"], [], [], new ShowIf("sdg-support", "yes"))
            {
                Statements = [Printed(year, 20, "training", count: 1)],
            },
            new Question("unlinked", QuestionKind.YesNo, "Not printed anywhere", null, false, [], [], [], null),
        ]),
    ]);

    private static readonly Office Dakar = new("RO-DAK", "Dakar", OfficeKind.RegionalOffice, "RO-DAK", "SEN");
    private static readonly Office Mali = new("CO-MLI", "Mali", OfficeKind.CountryOffice, "RO-DAK", "MLI");
    private static readonly Office Peru = new("CO-PER", "Peru", OfficeKind.CountryOffice, "RO-BUE", "PER");
    private static readonly Office BuenosAires = new("RO-BUE", "Buenos Aires", OfficeKind.RegionalOffice, "RO-BUE", "ARG");
    private static readonly Office[] Offices = [Dakar, Mali, Peru, BuenosAires];

    private static QuestionnaireYear Answered(Questionnaire questionnaire, params (string Office, SubmissionState State, Dictionary<string, string> Answers)[] submissions) =>
        new(questionnaire, [.. submissions.Select((s, i) => (new Submission(i + 1, s.Office, questionnaire.Year, s.State, 1, null, DateTimeOffset.UnixEpoch, "test"),
            (IReadOnlyDictionary<string, string>)s.Answers))]);

    [Fact]
    public void Every_statement_linked_answer_is_an_indicator_of_its_node_with_each_years_printed_figure_as_baseline()
    {
        var indicators = FrameworkIndicators.Derive(Old, [Year(2018, Printed(2018, 411, percent: 72)), Year(2017, Printed(2017, 141, count: 102), Printed(2017, 9, count: 8, kind: "regional"))]);

        Assert.Equal(["sdg-support=yes", "sdg-support=yes@regional", "how=training"], indicators.Select(i => i.Id));
        var sdg = indicators[0];
        Assert.Equal(("old", "principle-1", "sdg-support", "yes"), (sdg.Framework, sdg.Node, sdg.Question, sdg.Answer));
        // One printed percent makes it a share; each year keeps its own figure, report and line.
        Assert.Equal(IndicatorMeasures.Share, sdg.Measure);
        Assert.Equal("Share of offices that answered \u201cyes\u201d to: Did the office support the SDGs?", sdg.Title);
        Assert.Equal([new IndicatorBaseline(2017, "annual-report-2017", 141, 102, null, "exact"), new IndicatorBaseline(2018, "annual-report-2018", 411, null, 72, "exact")], sdg.Baselines);
        Assert.Equal(2017, sdg.BaselineFor(2017)!.Year);
        Assert.Equal(2018, sdg.BaselineFor(2019)!.Year);
        Assert.Null(sdg.BaselineFor(2016));
        Assert.Equal("Number of regional offices that answered \u201cyes\u201d to: Did the office support the SDGs?", indicators[1].Title);
        Assert.Equal(IndicatorMeasures.Count, indicators[2].Measure);
        // A question no statement links to is no indicator; another framework's questionnaire gives none.
        Assert.DoesNotContain(indicators, i => i.Question == "unlinked");
        Assert.Empty(FrameworkIndicators.Derive(New, [Year(2018, Printed(2018, 411, percent: 72))]));
    }

    [Fact]
    public void A_years_indicators_count_approved_answers_by_region_beside_the_same_question_the_year_before()
    {
        var q2017 = Year(2017, Printed(2017, 141, count: 2));
        var q2018 = Year(2018, Printed(2018, 411, percent: 67));
        var y2017 = Answered(q2017,
            ("CO-MLI", SubmissionState.Approved, new() { ["sdg-support"] = "yes", ["how"] = "training" }),
            ("CO-PER", SubmissionState.Approved, new() { ["sdg-support"] = "yes" }),
            ("RO-DAK", SubmissionState.Approved, new() { ["sdg-support"] = "no" }));
        var y2018 = Answered(q2018,
            ("CO-MLI", SubmissionState.Approved, new() { ["sdg-support"] = "yes", ["how"] = "advice; training" }),
            ("CO-PER", SubmissionState.Approved, new() { ["sdg-support"] = "no", ["how"] = "training" }),
            ("RO-DAK", SubmissionState.Approved, new() { ["sdg-support"] = "yes" }),
            ("RO-BUE", SubmissionState.Submitted, new() { ["sdg-support"] = "yes" }));

        var nodes = IndicatorResults.Compute([Old, New], [q2017, q2018], y2018, y2017, Offices);

        Assert.Equal(["principle-1", "objective-1"], nodes.Select(n => n.Node.Id));
        Assert.Equal([new Indicator("participation", "Participation rate (%)", 95, 100)], nodes[1].Node.Indicators);
        var sdg = nodes[0].Indicators.Single(r => r.Indicator.Id == "sdg-support=yes");
        // Approved answers only (Buenos Aires only submitted); a share is of the offices that answered the question.
        Assert.Equal(new Share(2, 3), sdg.Value);
        Assert.Equal(new Share(2, 2), sdg.ByRegion["RO-DAK"]);
        Assert.Equal(new Share(0, 1), sdg.ByRegion["RO-BUE"]);
        Assert.Equal(new Share(2, 3), sdg.Previous);
        Assert.Equal(new Share(1, 2), sdg.PreviousByRegion!["RO-DAK"]);
        Assert.Equal(new IndicatorBaseline(2018, "annual-report-2018", 411, null, 67, "exact"), sdg.Baseline);
        // Peru's "training" is left from a question since hidden (it said no): not counted, nor in the base.
        Assert.Equal(new Share(1, 1), nodes[0].Indicators.Single(r => r.Indicator.Id == "how=training").Value);

        // The year before without approved answers has no results: no previous value.
        var none = IndicatorResults.Compute([Old, New], [q2017, q2018], y2018, Answered(q2017), Offices);
        Assert.All(none.SelectMany(n => n.Indicators), r => Assert.Null(r.Previous));
        // A region's results: its offices only.
        var dakar = IndicatorResults.Compute([Old, New], [q2017, q2018], y2018, y2017, Offices, region: "RO-DAK");
        Assert.Equal(new Share(2, 2), dakar[0].Indicators.Single(r => r.Indicator.Id == "sdg-support=yes").Value);
    }

    [Fact]
    public void A_year_is_read_under_another_framework_through_the_crosswalk_both_ways()
    {
        var q2018 = Year(2018, Printed(2018, 411, percent: 72));
        var y2018 = Answered(q2018, ("CO-MLI", SubmissionState.Approved, new() { ["sdg-support"] = "yes" }));

        var under = IndicatorResults.Compute([Old, New], [q2018], y2018, null, Offices, view: "new");
        Assert.Equal(["objective-3", "priority-protection"], under.Select(n => n.Node.Id));
        Assert.All(under, n =>
        {
            Assert.Equal([new NodeRef("old", "principle-1")], n.Via);
            Assert.Equal(["sdg-support=yes", "how=training"], n.Indicators.Select(r => r.Indicator.Id));
        });
        var only = IndicatorResults.Compute([Old, New], [q2018], y2018, null, Offices, view: "new", viewNodes: new HashSet<string> { "priority-protection" });
        Assert.Equal(["priority-protection"], only.Select(n => n.Node.Id));

        // The reverse: a node of the new framework is continued from the old nodes whose entries name it.
        var crosswalk = Crosswalk.Of([Old, New]);
        Assert.Equal(["principle-1"], crosswalk.Counterparts(new NodeRef("new", "objective-3"), "old"));
        Assert.Equal(["objective-3", "priority-protection"], crosswalk.Counterparts(new NodeRef("old", "principle-1"), "new"));
        Assert.Empty(crosswalk.Counterparts(new NodeRef("old", "objective-1"), "new"));
        Assert.Equal(["objective-1"], crosswalk.Counterparts(new NodeRef("old", "objective-1"), "old"));
    }

    [Fact]
    public void A_question_asked_again_under_the_new_framework_keeps_its_series_through_the_crosswalk()
    {
        var q2023 = new Questionnaire(2023, "Questionnaire 2023", "new", [
            new QuestionnaireSection("pathways", "Pathways", "objective-3", [
                new Question("sdg-support", QuestionKind.YesNo, "Did the office support the SDGs in 2023?", null, true, [], [], [], null)
                {
                    Statements = [Printed(2023, 77, count: 95)],
                },
            ]),
        ]);
        var questionnaires = new[] { Year(2017, Printed(2017, 141, count: 102)), Year(2018, Printed(2018, 411, count: 110)), q2023 };

        var indicator = Assert.Single(FrameworkIndicators.Derive(New, questionnaires, Crosswalk.Of([Old, New])));
        // The 2023 node's series starts in 2017: the old node crosswalks to it and the question kept its id; the
        // 2023 wording titles it. The old node's other counterpart asks nothing in 2023: no indicator there.
        Assert.Equal(("objective-3", "sdg-support=yes"), (indicator.Node, indicator.Id));
        Assert.Equal([2017, 2018, 2023], indicator.Baselines.Select(b => b.Year));
        Assert.Equal((2018, 110), (indicator.BaselineFor(2022)!.Year, indicator.BaselineFor(2022)!.Count!.Value));
        Assert.Contains("in 2023?", indicator.Title, StringComparison.Ordinal);
        // Without the crosswalk the series is the new framework's years only; "how", never asked in 2023, is no indicator of it.
        Assert.Equal([2023], Assert.Single(FrameworkIndicators.Derive(New, questionnaires)).Baselines.Select(b => b.Year));
    }

    [Fact]
    public void A_crosswalk_naming_an_unknown_node_or_framework_is_refused_with_the_field_and_value()
    {
        Assert.Empty(Crosswalk.Of([Old, New]).Problems([Old, New]));
        static CrosswalkProblem Problem(params CrosswalkLink[] links) => new Crosswalk(links).Problems([Old, New]).First();

        var unknownNode = Problem(new CrosswalkLink(new NodeRef("old", "principle-1"), [new NodeRef("new", "priority-nothing")]));
        Assert.Equal(("crosswalk.to", "new/priority-nothing"), (unknownNode.Field, unknownNode.Value));
        Assert.Contains("no node 'priority-nothing' in framework 'new'", unknownNode.Problem, StringComparison.Ordinal);
        var unknownFramework = Problem(new CrosswalkLink(new NodeRef("migof", "principle-1"), [new NodeRef("new", "objective-3")]));
        Assert.Equal(("crosswalk.from", "migof/principle-1"), (unknownFramework.Field, unknownFramework.Value));
        var own = Problem(new CrosswalkLink(new NodeRef("old", "principle-1"), [new NodeRef("old", "objective-1")]));
        Assert.Equal(("crosswalk.to", "old/objective-1"), (own.Field, own.Value));
        Assert.Equal("crosswalk.to", Problem(new CrosswalkLink(new NodeRef("old", "principle-1"), [])).Field);
        var twice = Problem(new CrosswalkLink(new NodeRef("old", "principle-1"), [new NodeRef("new", "objective-3")]), new CrosswalkLink(new NodeRef("old", "principle-1"), [new NodeRef("new", "objective-3")]));
        Assert.Equal(("crosswalk.from", "old/principle-1"), (twice.Field, twice.Value));
        Assert.Null(NodeRef.Parse("principle-1"));
        Assert.Equal(new NodeRef("old", "principle-1"), NodeRef.Parse("old/principle-1"));
    }
}
