using Almanac.Domain.Platform;
using Almanac.Domain.Reports.Statements;

namespace Almanac.Domain.Tests.Platform;

/// <summary>Synthetic answers reproduce every statement a questionnaire links, count for count, whatever the question's place.</summary>
public sealed class SyntheticAnswersTests
{
    private static readonly IReadOnlyList<Office> Offices =
    [
        new("HQ", "Headquarters", OfficeKind.Headquarters, null, "CHE"),
        .. Enumerable.Range(1, 9).Select(i => new Office($"RO-{i}", $"Regional Office {i}", OfficeKind.RegionalOffice, $"RO-{i}", "CHE")),
        .. Enumerable.Range(1, 160).Select(i => new Office($"CO-{i:000}", $"Country Office {i}", OfficeKind.CountryOffice, $"RO-{i % 9 + 1}", "MLI")),
    ];

    private static StatementLink Link(int line, string answer = "yes", int? count = null, decimal? percent = null,
        StatementQualifier qualifier = StatementQualifier.Exact, string? kind = null) => new("annual-report-2018", line, answer, count, percent, qualifier, kind);

    private static Question Q(string id, QuestionKind kind, ShowIf? showIf, IReadOnlyList<string> options, params StatementLink[] links) =>
        new(id, kind, id, null, false, options, [], [], showIf) { Statements = links };

    // "… the participation rate reached 98 per cent" (2018).
    private static readonly Questionnaire Sample = new Questionnaire(2018, "Institutional questionnaire 2018", "migof",
    [
        new QuestionnaireSection("standards", "Standards", "principle-1",
        [
            // "Seventy-two per cent of IOM offices provided governments with advice … (35 offices), … (56 offices), … (74 offices)"
            Q("advice", QuestionKind.YesNo, null, [], Link(68, percent: 72)),
            Q("advice-how", QuestionKind.MultipleChoice, new ShowIf("advice", "yes"), ["Assessing", "Technical support", "Consulting"],
                Link(70, "Assessing", 35), Link(70, "Technical support", 56), Link(71, "Consulting", 74)),
            // "One hundred and five Country Offices and eight Regional Offices reported …"
            Q("principles", QuestionKind.YesNo, null, [], Link(241, count: 105, kind: "country"), Link(241, count: 8, kind: "regional")),
            // "Over 60 offices reported …"
            Q("gbv", QuestionKind.YesNo, null, [], Link(152, count: 60, qualifier: StatementQualifier.MoreThan)),
        ]),
        new QuestionnaireSection("monitoring", "Monitoring and evaluation", "organizational-effectiveness",
        [
            // "165 offices responded to the monitoring and evaluation part … Of these, 60 offices (36%) …, while 56 (34%) …"
            Q("m-and-e", QuestionKind.YesNo, null, [], Link(2113, count: 165)),
            Q("framework", QuestionKind.YesNo, new ShowIf("m-and-e", "yes"), [], Link(2114, count: 60, percent: 36)),
            Q("evaluations", QuestionKind.YesNo, new ShowIf("m-and-e", "yes"), [], Link(2115, percent: 34)),
            // "almost two thirds of reporting offices"
            Q("media", QuestionKind.YesNo, new ShowIf("m-and-e", "yes"), [], Link(2028, percent: 66.7m, qualifier: StatementQualifier.Approximately)),
            Q("framework-used-for", QuestionKind.SingleChoice, new ShowIf("framework", "yes"), ["Strategy", "Projects", "Other"], Link(2116, "Strategy", 20)),
        ]),
    ])
    { Participation = new StatementLink("annual-report-2018", 1969, "yes", null, 98m, StatementQualifier.Exact) };

    [Fact]
    public void Every_linked_statement_is_reproduced_among_the_offices_its_question_is_put_to()
    {
        var result = SyntheticAnswers.Generate(Sample, Offices, seed: 2018);
        Assert.Equal(167, result.Respondents.Count); // 167 / 170 = 98.2%: the most offices that round to 98%
        int Given(string question, string answer, string? kind = null) => result.Respondents
            .Where(o => kind is null || o.Kind.Code() == kind)
            .Count(o => result.Answers[o.Code].TryGetValue(question, out var v) && Answering.Choices(v).Contains(answer));
        int Shown(string question) => result.Respondents.Count(o => Answering.IsShown(Sample, Sample.Question(question)!, result.Answers[o.Code]));

        Assert.Equal(72m, Math.Round(Given("advice", "yes") * 100m / Shown("advice")));
        Assert.Equal((35, 56, 74), (Given("advice-how", "Assessing"), Given("advice-how", "Technical support"), Given("advice-how", "Consulting")));
        Assert.Equal(Given("advice", "yes"), Shown("advice-how"));
        Assert.Equal((105, 8, 0), (Given("principles", "yes", "country"), Given("principles", "yes", "regional"), Given("principles", "yes", "headquarters")));
        Assert.Equal(61, Given("gbv", "yes"));
        Assert.Equal((165, 165), (Given("m-and-e", "yes"), Shown("framework")));
        Assert.Equal(60, Given("framework", "yes"));
        Assert.Equal(34m, Math.Round(Given("evaluations", "yes") * 100m / 165));
        Assert.Equal(110, Given("media", "yes"));
        Assert.Equal(20, Given("framework-used-for", "Strategy"));
        Assert.Equal(40, Given("framework-used-for", "Projects"));
        // An answer of a question hidden from an office is never given.
        Assert.All(result.Respondents.Where(o => result.Answers[o.Code].GetValueOrDefault("m-and-e") != "yes"), o => Assert.False(result.Answers[o.Code].ContainsKey("framework")));
    }

    [Fact]
    public void The_same_inputs_give_the_same_answers()
    {
        var first = SyntheticAnswers.Generate(Sample, Offices, seed: 2018);
        var again = SyntheticAnswers.Generate(Sample, [.. Offices.Reverse()], seed: 2018);
        Assert.Equal(first.Respondents, again.Respondents);
        Assert.All(first.Answers, a => Assert.Equal(a.Value.OrderBy(x => x.Key), again.Answers[a.Key].OrderBy(x => x.Key)));
        Assert.NotEqual(first.Respondents, SyntheticAnswers.Generate(Sample, Offices, seed: 2017).Respondents);
    }

    [Fact]
    public void A_statement_no_answers_can_reproduce_is_refused_with_its_line()
    {
        var tooMany = new Questionnaire(2018, "q", "migof", [new QuestionnaireSection("s", "s", null,
            [Q("gate", QuestionKind.YesNo, null, [], Link(10, count: 20)), Q("part", QuestionKind.YesNo, new ShowIf("gate", "yes"), [], Link(11, count: 25))])]);
        var e = Assert.Throws<AlmanacException>(() => SyntheticAnswers.Generate(tooMany, Offices, 1, 95m));
        Assert.Contains("line 11 counts 25 offices, but the question is put to 20", e.Message, StringComparison.Ordinal);

        var twoFigures = new Questionnaire(2017, "q", "migof", [new QuestionnaireSection("s", "s", null,
            [Q("sdg", QuestionKind.YesNo, null, [], Link(141, count: 102), Link(200, count: 103))])]);
        Assert.Contains("line 141 and line 200 count 'yes' as 102 and 103 offices", Assert.Throws<AlmanacException>(() => SyntheticAnswers.Generate(twoFigures, Offices, 1, 95m)).Message, StringComparison.Ordinal);
    }
}
