using Almanac.Domain.Platform;
using Almanac.Domain.Reports.Statements;
using Almanac.Ingest.Platform;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;
using Almanac.Ingest.Reports.Narrative;
using Almanac.Tests;

namespace Almanac.Ingest.Tests.Platform;

/// <summary>
/// The 2017 and 2018 questionnaires rebuilt as data: every statement the year's report makes about offices in that year
/// is linked to one answer of one question, with the figure as printed, and the demo's synthetic answers give every
/// linked figure back — counted here from the answers, held against the statement read from the report's text.
/// </summary>
public sealed class QuestionnaireStatementsTests
{
    private static Questionnaire Questionnaire(int year) =>
        PlatformFiles.ReadQuestionnaire($"questionnaire-{year}.yaml", File.ReadAllText(Path.Combine(SharedFiles.RepositoryRoot, "data", "platform", $"questionnaire-{year}.yaml")));

    private static IReadOnlyList<OfficeStatement> Statements(int year)
    {
        var file = $"annual-report-{year}.txt";
        var document = ReportDocument.FromBytes(file, File.ReadAllBytes(SharedFiles.Require("reports/" + file)), ReferenceDataReader.ReadEmbedded());
        return OfficeStatementReader.Read(document);
    }

    private static IReadOnlyList<Office> Offices()
    {
        using var reader = new StreamReader(EmbeddedData.Open("platform/offices.csv"));
        return PlatformFiles.ReadOffices("offices.csv", reader);
    }

    private static bool Same(StatementLink link, OfficeStatement statement) =>
        link.Line == statement.Line && (link.Count is { } c ? statement.Count == c : statement.Percent == link.Percent);

    /// <summary>A gate question's link: the offices a statement's share or part is of ("of the 123 offices reporting on risk management").</summary>
    private static bool BaseOf(StatementLink link, OfficeStatement statement) => link.Line == statement.Line && link.Count is { } c && statement.Base == c;

    [Theory]
    [InlineData(2017)]
    [InlineData(2018)]
    public void Every_statement_of_the_year_is_linked_once_with_its_printed_figure(int year)
    {
        var questionnaire = Questionnaire(year);
        var links = questionnaire.Questions.SelectMany(q => q.Statements.Select(l => (Question: q.Id, Link: l))).ToList();
        var statements = Statements(year);
        Assert.All(links, l => Assert.Equal($"annual-report-{year}", l.Link.Report));
        var unlinked = statements.Where(s => s.Year == year && !links.Any(l => Same(l.Link, s))).Select(s => $"line {s.Line}: {s.Figure} {s.Subject}").ToList();
        Assert.True(unlinked.Count == 0, "not linked:\n" + string.Join("\n", unlinked));
        var unknown = links.Where(l => !statements.Any(s => Same(l.Link, s) || BaseOf(l.Link, s))).Select(l => $"{l.Question}: line {l.Link.Line} {l.Link.Count} {l.Link.Percent}").ToList();
        Assert.True(unknown.Count == 0, "linked to no statement of the report:\n" + string.Join("\n", unknown));
        var twice = links.GroupBy(l => (l.Link.Line, l.Link.Count, l.Link.Percent, l.Link.OfficeKind, l.Link.Answer)).Where(g => g.Count() > 1).Select(g => g.Key.ToString()).ToList();
        Assert.True(twice.Count == 0, "linked twice:\n" + string.Join("\n", twice));
        Assert.All(links.Where(l => statements.Any(s => Same(l.Link, s))), l => Assert.Equal(statements.First(s => Same(l.Link, s)).Qualifier, l.Link.Qualifier));
        Assert.All(questionnaire.Questions.Where(q => q.Kind != QuestionKind.Table), q => Assert.True(q.Translations.ContainsKey("fr") && q.Translations.ContainsKey("es"), $"{q.Id}: French and Spanish"));
    }

    [Theory]
    [InlineData(2017)]
    [InlineData(2018)]
    public void The_synthetic_answers_give_every_printed_figure_back(int year)
    {
        var questionnaire = Questionnaire(year);
        var offices = Offices();
        var result = SyntheticAnswers.Generate(questionnaire, offices, seed: year);
        Assert.Equal(questionnaire.Participation!.Percent, Math.Round(result.Respondents.Count * 100m / offices.Count));
        foreach (var question in questionnaire.Questions)
        {
            var shown = result.Respondents.Where(o => Answering.IsShown(questionnaire, question, result.Answers[o.Code])).ToList();
            foreach (var link in question.Statements)
            {
                var asked = shown.Where(o => link.OfficeKind is null || o.Kind.Code() == link.OfficeKind).ToList();
                var giving = asked.Count(o => result.Answers[o.Code].TryGetValue(question.Id, out var v) && Answering.Choices(v).Contains(link.Answer));
                var where = $"{question.Id} '{link.Answer}' (line {link.Line}): {giving} of {asked.Count}";
                if (link.Count is { } count)
                {
                    Assert.True(link.Qualifier switch { StatementQualifier.MoreThan => giving > count, StatementQualifier.AtLeast => giving >= count, _ => giving == count }, $"{where}, printed {count}");
                }
                else
                {
                    var share = giving * 100m / asked.Count;
                    Assert.True(link.Qualifier switch
                    {
                        StatementQualifier.MoreThan => share > link.Percent,
                        StatementQualifier.AtLeast => share >= link.Percent,
                        StatementQualifier.Approximately => Math.Abs(share - link.Percent!.Value) < 1,
                        _ => Math.Round(share, 0, MidpointRounding.AwayFromZero) == link.Percent,
                    }, $"{where}, printed {link.Percent}%");
                }
            }
        }
    }
}
