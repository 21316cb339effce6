using System.Globalization;
using Almanac.Domain.Platform;
using Almanac.Domain.Publishing;
using Almanac.Domain.Reports.Statements;
using Almanac.Ingest.Platform;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;
using Almanac.Ingest.Reports.Narrative;
using Almanac.Tests;
using CsvHelper;
using CsvHelper.Configuration;

namespace Almanac.Ingest.Tests.Platform;

/// <summary>
/// The 2017 and 2018 questionnaires rebuilt as data, and the 2023 one extended: every statement the year's report makes
/// about offices in that year is linked to one answer of one question, with the figure as printed, and the demo's
/// synthetic answers give every linked figure back — counted here from the answers, held against the statement read
/// from the report's text (2017, 2018) or the hand-made list of them (2023).
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
        AssertEveryFigureGivenBack(questionnaire, result);
    }

    /// <summary>The questions the 2023 demo questionnaire asked before its statements were linked: one of each kind, in English only, each where it was.</summary>
    private static readonly string[] Demo2023Questions = ["emergency-response", "people-assisted", "durable-solutions", "pathway-areas", "data-products", "psea-focal-point", "psea-plan"];

    /// <summary>The statements of one report in the hand-made list (Reports/Statements/office-statements.csv, see its README).</summary>
    private static List<(int Line, int? Count, decimal? Percent, StatementQualifier Qualifier, string Figure)> Listed(string source)
    {
        using var reader = new StreamReader(Path.Combine(SharedFiles.RepositoryRoot, "tests", "Almanac.Ingest.Tests", "Reports", "Statements", "office-statements.csv"));
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        static int? Int(string text) => text.Length == 0 ? null : int.Parse(text, CultureInfo.InvariantCulture);
        return [.. csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().Where(r => (string)r["source"] == source)
            .Select(r => (Int((string)r["line"])!.Value, Int((string)r["count"]), ((string)r["percent"]) is { Length: > 0 } p ? decimal.Parse(p, CultureInfo.InvariantCulture) : (decimal?)null,
                OfficeStatement.ParseQualifier((string)r["qualifier"]), (string)r["figure"]))];
    }

    /// <summary>
    /// The Strategic Plan part whose chapter of the 2023 report holds each line: the last heading before it that is a
    /// part's title as printed ("### **Equality, diversity and inclusion**"); boxes and other headings are passed over.
    /// </summary>
    private static Func<int, string?> ChapterNode(Framework plan)
    {
        var lines = File.ReadAllLines(SharedFiles.Require("reports/annual-report-2023.txt"));
        var headings = lines.Select((text, i) => (Line: i + 1, Node: text.StartsWith('#')
                ? plan.Nodes.FirstOrDefault(n => n.Title.Equals(text.Trim('#', '*', ' '), StringComparison.OrdinalIgnoreCase))?.Id
                : null))
            .Where(h => h.Node is not null).ToList();
        return line => headings.LastOrDefault(h => h.Line < line).Node;
    }

    [Fact]
    public void Every_office_statement_of_the_2023_report_is_linked_once_under_its_chapter_with_its_sentences()
    {
        var questionnaire = Questionnaire(2023);
        var links = questionnaire.Sections.SelectMany(s => s.Questions.SelectMany(q => q.Statements.Select(l => (Section: s, Question: q, Link: l)))).ToList();
        var listed = Listed("annual-report-2023.txt");
        Assert.Equal(22, listed.Count);
        Assert.All(links, l => Assert.Equal("annual-report-2023", l.Link.Report));
        // One link for each row of the list and one row for each link: matched as a multiset on line and figure.
        var problems = new List<string>();
        var left = links.ToList();
        foreach (var row in listed)
        {
            var match = left.FindIndex(l => l.Link.Line == row.Line && l.Link.Count == row.Count && l.Link.Percent == row.Percent);
            if (match < 0)
            {
                problems.Add($"not linked: line {row.Line} \"{row.Figure}\"");
                continue;
            }
            if (left[match].Link.Qualifier != row.Qualifier) problems.Add($"{left[match].Question.Id} line {row.Line}: {left[match].Link.Qualifier}, listed {row.Qualifier}");
            left.RemoveAt(match);
        }
        problems.AddRange(left.Select(l => $"{l.Question.Id} line {l.Link.Line} ({l.Link.Count}{l.Link.Percent}): no row of the list, or a row linked twice"));
        var plan = PlatformFiles.ReadFrameworks("frameworks.yaml", File.ReadAllText(Path.Combine(SharedFiles.RepositoryRoot, "data", "platform", "frameworks.yaml")))
            .Single(f => f.Id == questionnaire.Framework);
        var chapter = ChapterNode(plan);
        foreach (var (section, question, link) in links)
        {
            // A question the demo already asked keeps its section (psea-focal-point, in Integrity, also gives Box 11's focal points).
            if (!Demo2023Questions.Contains(question.Id) && chapter(link.Line) != section.FrameworkNode)
                problems.Add($"{question.Id} line {link.Line}: in a section of {section.FrameworkNode}, printed in the chapter of {chapter(link.Line)}");
            if (link.Say is null || !NumberFormat.Languages.All(link.Say.Has)) problems.Add($"{question.Id} line {link.Line}: a sentence in each of {string.Join(", ", NumberFormat.Languages)}");
            problems.AddRange(StatementSentences.Problems(question, link).Select(p => $"{question.Id} line {link.Line}: {p}"));
        }
        foreach (var question in questionnaire.Questions.Where(q => !Demo2023Questions.Contains(q.Id)))
        {
            foreach (var language in new[] { "fr", "es" })
            {
                if (!question.Translations.TryGetValue(language, out var words) || words.Options.Count != question.Options.Count || (words.Help is null) != (question.Help is null))
                    problems.Add($"{question.Id}: its text, help and options in {language}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_synthetic_answers_give_every_figure_of_2023_back_among_the_demo_offices()
    {
        var questionnaire = Questionnaire(2023);
        var offices = Offices();
        // The 2023 report prints no participation rate: every office responds, and 182 of the country offices count in one statement.
        Assert.Null(questionnaire.Participation);
        var result = SyntheticAnswers.Generate(questionnaire, offices, seed: 2023);
        Assert.Equal(offices.Count, result.Respondents.Count);
        AssertEveryFigureGivenBack(questionnaire, result);
    }

    /// <summary>Each link's figure, counted from the answers among the offices its question was shown to (of the link's kind), agrees with the printed one and its qualifier.</summary>
    private static void AssertEveryFigureGivenBack(Questionnaire questionnaire, SyntheticAnswers.Result result)
    {
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
