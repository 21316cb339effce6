using System.Globalization;
using Almanac.Analytics.Definitions;
using Almanac.Analytics.Publishing;
using Almanac.Domain.Observations;
using Almanac.Domain.Platform;
using Almanac.Domain.Publishing;
using Almanac.Ingest.Platform;
using Almanac.Ingest.Reference;
using Almanac.Store;
using Almanac.Tests;
using Almanac.Web.Demo;
using CsvHelper;
using CsvHelper.Configuration;

namespace Almanac.Cli.Tests;

/// <summary>The demo organization with the 2017, 2018 and 2023 questionnaires answered (synthetic answers), approved and locked, as `almanac demo` builds it.</summary>
public sealed class HistoryStoreFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-chapter-");

    public string Database => Path.Combine(_directory.FullName, "history.db");

    public string Folder => _directory.FullName;

    public async ValueTask InitializeAsync()
    {
        await using var store = await AlmanacStores.OpenAsync(Database, CancellationToken.None);
        await store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), CancellationToken.None);
        var platform = (IPlatformStore)store;
        await PlatformDemo.SeedOrganizationAsync(platform, TimeProvider.System, CancellationToken.None);
        await PlatformDemo.SeedHistoryAsync(platform, TimeProvider.System, CancellationToken.None, PlatformDemo.ReportYears);
    }

    public ValueTask DisposeAsync()
    {
        _directory.Delete(true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The report's chapter written by the institutional questionnaire: every statement about offices that the 2017, 2018
/// and 2023 reports print (the hand-made list tests/Almanac.Ingest.Tests/Reports/Statements/office-statements.csv) is a
/// figure the demo publishes, equal to the printed one, in English, French and Spanish — or the test names why not.
/// </summary>
public sealed class QuestionnaireChapterTests(HistoryStoreFixture history) : IClassFixture<HistoryStoreFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The statements that are not answers to their report year's questionnaire: they give another year's figure. A
    /// figure of a year the store has a questionnaire for is checked against that year's publication.
    /// </summary>
    private static readonly Dictionary<(int Report, int Line), (string? Question, string Why)> OtherYears = new()
    {
        [(2017, 361)] = (null, "the 2016 count of offices in global partnerships; there is no 2016 questionnaire"),
        [(2017, 712)] = (null, "the 2016 count of offices giving health support in crises; there is no 2016 questionnaire"),
        [(2018, 227)] = ("psea-network", "the 2017 count, compared in the 2018 report"),
        [(2018, 232)] = ("psea-complaint-mechanism", "the 2017 count, compared in the 2018 report"),
    };

    private sealed record Printed(int Report, int Line, int Year, int? Count, string Qualifier, decimal? Percent, string Figure);

    private static List<Printed> PrintedStatements()
    {
        using var reader = new StreamReader(Path.Combine(SharedFiles.RepositoryRoot, "tests", "Almanac.Ingest.Tests", "Reports", "Statements", "office-statements.csv"));
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        static int? Int(string text) => text.Length == 0 ? null : int.Parse(text, CultureInfo.InvariantCulture);
        return [.. csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>()
            .Select(r => new Printed(int.Parse(((string)r["source"])[14..18], CultureInfo.InvariantCulture), Int((string)r["line"])!.Value, Int((string)r["year"])!.Value,
                Int((string)r["count"]), (string)r["qualifier"], ((string)r["percent"]) is { Length: > 0 } p ? decimal.Parse(p, CultureInfo.InvariantCulture) : null, (string)r["figure"]))];
    }

    private async Task<Publication> PublishAsync(int year, string language, Func<PublicationInputs, PublicationInputs>? change = null)
    {
        var definition = DefaultDefinitions.Load();
        await using var store = await AlmanacStores.OpenAsync(history.Database, Ct);
        var inputs = await PublicationInputsLoader.LoadAsync(store, definition, Ct);
        return PublicationBuilder.Build(definition, change is null ? inputs : change(inputs), year, language);
    }

    private static Questionnaire Questionnaire(int year) => PlatformFiles.ReadQuestionnaire($"questionnaire-{year}.yaml",
        File.ReadAllText(Path.Combine(SharedFiles.RepositoryRoot, "data", "platform", $"questionnaire-{year}.yaml")));

    /// <summary>The chapter's figures by what they are (indicator and coordinates), each with every value it was published with.</summary>
    private static ILookup<string, FigureInline> Figures(Publication publication) =>
        Assert.Single(publication.Sections, s => s.Id == "questionnaire-results").Blocks.OfType<ParagraphBlock>()
            .SelectMany(p => p.Inlines.OfType<FigureInline>()).ToLookup(f => $"{f.Cell.Coordinates!.Indicator} {f.Cell.Coordinates.Key}");

    private static string FigureKey(Question question, StatementLink link, bool share)
    {
        var key = DimensionKey.Of(("answer", link.Answer));
        if (link.OfficeKind is { } kind) key = key.With("office-kind", kind);
        return $"questionnaire.{question.Id}{(share ? ".share" : "")} {key}";
    }

    private static bool Agrees(decimal published, decimal printed, string qualifier) => qualifier switch
    {
        "more-than" => published > printed,
        "at-least" => published >= printed,
        "approximately" => Math.Abs(published - printed) <= Math.Max(1, printed * 0.05m),
        _ => published == printed,
    };

    [Fact]
    public async Task Every_office_statement_of_the_2017_2018_and_2023_reports_is_a_published_figure_equal_to_the_printed_one_or_named()
    {
        var statements = PrintedStatements();
        var publications = new Dictionary<(int, string), Publication>();
        foreach (var year in PlatformDemo.ReportYears)
        {
            foreach (var language in NumberFormat.Languages) publications[(year, language)] = await PublishAsync(year, language);
        }
        var problems = new List<string>();
        var checkedFigures = 0;
        foreach (var year in PlatformDemo.ReportYears)
        {
            var questionnaire = Questionnaire(year);
            var links = questionnaire.Questions.SelectMany(q => q.Statements.Select(l => (Question: q, Link: l))).ToList();
            foreach (var statement in statements.Where(s => s.Report == year))
            {
                var where = $"{year} line {statement.Line} \"{statement.Figure}\"";
                (Question Question, StatementLink Link) found;
                int publishedYear;
                if (statement.Year != year)
                {
                    if (!OtherYears.TryGetValue((year, statement.Line), out var other))
                    {
                        problems.Add($"{where}: a {statement.Year} figure that the test does not name");
                        continue;
                    }
                    if (other.Question is null) continue; // named: no questionnaire of that year
                    publishedYear = statement.Year;
                    var earlier = Questionnaire(publishedYear).Question(other.Question)!;
                    found = (earlier, earlier.Statements.First(l => l.Count == statement.Count));
                }
                else
                {
                    publishedYear = year;
                    // Rows alike (one line printing 25 offices twice) take the links alike in the order both lists give them.
                    var alike = statements.Where(s => s.Report == year && s.Year == year && s.Line == statement.Line && s.Count == statement.Count && s.Percent == statement.Percent).ToList();
                    var matching = links.Where(x => x.Link.Line == statement.Line && x.Link.Count == statement.Count && x.Link.Percent == statement.Percent).ToList();
                    if (matching.Count != alike.Count)
                    {
                        problems.Add($"{where}: {matching.Count} links in questionnaire-{year}.yaml for {alike.Count} statements");
                        continue;
                    }
                    found = matching[alike.IndexOf(statement)];
                    Assert.NotNull(found.Link.Say);
                }
                foreach (var language in NumberFormat.Languages)
                {
                    var figures = Figures(publications[(publishedYear, language)]);
                    foreach (var (printed, share) in new[] { (statement.Count, false), ((decimal?)statement.Percent, true) })
                    {
                        if (printed is null) continue;
                        var published = figures[FigureKey(found.Question, found.Link, share)].ToList();
                        if (published.Count == 0) problems.Add($"{where} ({language}): no published figure for {FigureKey(found.Question, found.Link, share)}");
                        foreach (var figure in published.Where(f => !Agrees(f.Cell.Value!.Value, printed.Value, statement.Qualifier)))
                            problems.Add($"{where} ({language}): published {figure.Cell.Value} for {FigureKey(found.Question, found.Link, share)}");
                        checkedFigures += published.Count;
                    }
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(checkedFigures > 3 * 260, $"{checkedFigures} figures checked");
        // No figure of the chapter disagrees with the statement it writes.
        Assert.DoesNotContain(publications.Values.SelectMany(p => p.Findings), f => f.Finding.Rule == QuestionnaireFindings.Rule);
    }

    [Fact]
    public async Task A_figure_that_differs_from_the_printed_statement_carries_a_finding_beside_it()
    {
        // The report printed one office more than the answers give: the chapter prints the answers' figure, flagged.
        var questionnaire = Questionnaire(2018);
        var question = questionnaire.Question("rights-based-manual")!;
        var link = question.Statements.Single();
        var changed = questionnaire with
        {
            Sections = [.. questionnaire.Sections.Select(s => s with
            {
                Questions = [.. s.Questions.Select(q => q.Id == question.Id ? q with { Statements = [link with { Count = link.Count + 1 }] } : q)],
            })],
        };
        var publication = await PublishAsync(2018, "en", inputs => inputs with { Questionnaires = [.. inputs.Questionnaires.Where(q => q.Year != 2018), changed] });
        var figure = Assert.Single(Figures(publication)[FigureKey(question, link, share: false)]);
        Assert.Equal(link.Count, figure.Cell.Value);
        var finding = publication.Findings[Assert.Single(figure.Cell.Trace.Findings)].Finding;
        Assert.Equal(QuestionnaireFindings.Rule, finding.Rule);
        Assert.Equal((decimal?)link.Count + 1, finding.Printed);
        Assert.Equal((decimal?)link.Count, finding.Computed);
        Assert.Equal(link.Line, finding.Line);
    }

    [Fact]
    public async Task Each_count_names_its_questionnaire_question_answer_and_base_and_lists_its_offices()
    {
        var publication = await PublishAsync(2018, "en");
        var questionnaire = Questionnaire(2018);
        var question = questionnaire.Question("gender-in-projects")!;
        var figure = Assert.Single(Figures(publication)[FigureKey(question, question.Statements.Single(), share: false)]);
        var counted = publication.Counts[figure.Cell.Trace.Counted!.Value];
        Assert.Equal((int)figure.Cell.Value!.Value, counted.Offices.Count);
        Assert.Contains(questionnaire.Title, counted.Description, StringComparison.Ordinal);
        Assert.Contains(question.Text, counted.Description, StringComparison.Ordinal);
        Assert.Matches(@"answer “yes”: 144 of the \d+ offices that answered", counted.Description);
        var offices = (await ReadOfficesAsync()).ToDictionary(o => o.Name);
        Assert.All(counted.Offices, name => Assert.True(offices.ContainsKey(name), name));

        // The base of a share (2018, risk management: "of the {base} offices") counts every office that answered, whatever its answer.
        var risk = Figures(publication).SelectMany(g => g).Where(f => f.Cell.Coordinates!.Indicator.StartsWith("questionnaire.", StringComparison.Ordinal)
            && f.Cell.Coordinates.Key.Count == 0).ToList();
        var baseFigure = Assert.Single(risk);
        Assert.Matches(@"answer “yes, no”: (\d+) of the \1 offices that answered", publication.Counts[baseFigure.Cell.Trace.Counted!.Value].Description);

        // The sources name the locked questionnaire's import, whose answers are labelled synthetic in the demo.
        Assert.Contains(figure.Cell.Trace.Sources, s => publication.Sources[s].Kind == SourceKinds.Questionnaire);
    }

    private async Task<IReadOnlyList<Office>> ReadOfficesAsync()
    {
        await using var store = await AlmanacStores.OpenAsync(history.Database, Ct);
        return await store.OfficesAsync(Ct);
    }

    [Fact]
    public async Task Publish_writes_the_chapter_with_the_offices_behind_each_count_and_a_year_without_a_questionnaire_has_none()
    {
        var output = Path.Combine(history.Folder, "report-2017");
        var (exit, terminal) = await CliRun.RunAsync("publish", "--db", history.Database, "--year", "2017", "--out", output, "--format", "html");
        Assert.True(exit == 0, terminal);
        var html = await File.ReadAllTextAsync(Path.Combine(output, "annual-report-2017-en.html"), Ct);
        Assert.Contains("Results of the institutional questionnaire", html, StringComparison.Ordinal);
        Assert.Contains("<section class=\"part\" id=\"counted\"", html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"counted\" href=\"#counted-1\">", html, StringComparison.Ordinal);
        Assert.Contains("<ol class=\"offices\" id=\"counted-1\">", html, StringComparison.Ordinal);

        // 2019 has no figures in this store: its frame, asked for, has no chapter.
        var (exit2019, terminal2019) = await CliRun.RunAsync("publish", "--db", history.Database, "--year", "2019", "--out", Path.Combine(history.Folder, "report-2019"), "--format", "html",
            "--allow-empty");
        Assert.True(exit2019 == 0, terminal2019);
        Assert.DoesNotContain("Results of the institutional questionnaire",
            await File.ReadAllTextAsync(Path.Combine(history.Folder, "report-2019", "annual-report-2019-en.html"), Ct), StringComparison.Ordinal);
    }
}
