using Almanac.Analytics.Definitions;
using Almanac.Analytics.Publishing;
using Almanac.Domain.Platform;
using Almanac.Domain.Publishing;
using Almanac.Domain.Reports.Statements;
using Almanac.Ingest.Platform;
using Almanac.Ingest.Reference;
using Almanac.Store;
using Almanac.Tests;
using Almanac.Web.Demo;

namespace Almanac.Cli.Tests;

/// <summary>
/// The report's chapter written by the institutional questionnaire: from the demo's locked 2017 and 2018 answers, each
/// figure of the chapter is the count the year's report printed (the statement its question links), and `publish`
/// writes it; a year without locked answers has no such chapter.
/// </summary>
public sealed class QuestionnaireChapterTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-chapter-");

    public void Dispose() => _directory.Delete(true);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_figure_of_the_questionnaire_chapter_is_the_count_the_years_report_printed()
    {
        var database = Path.Combine(_directory.FullName, "history.db");
        await using (var store = await AlmanacStores.OpenAsync(database, Ct))
        {
            await store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), Ct);
            var platform = (IPlatformStore)store;
            await PlatformDemo.SeedAsync(platform, TimeProvider.System, Ct);
            await PlatformDemo.SeedHistoryAsync(platform, TimeProvider.System, Ct);
        }
        var definition = DefaultDefinitions.Load();
        var checkedFigures = 0;
        foreach (var year in PlatformDemo.HistoryYears)
        {
            var questionnaire = PlatformFiles.ReadQuestionnaire($"questionnaire-{year}.yaml",
                await File.ReadAllTextAsync(Path.Combine(SharedFiles.RepositoryRoot, "data", "platform", $"questionnaire-{year}.yaml"), Ct));
            Publication publication;
            await using (var store = await AlmanacStores.OpenAsync(database, Ct))
            {
                publication = PublicationBuilder.Build(definition, await PublicationInputsLoader.LoadAsync(store, definition, Ct), year, "en");
            }
            var chapter = Assert.Single(publication.Sections, s => s.Id == "questionnaire-results");
            foreach (var figure in chapter.Blocks.OfType<ParagraphBlock>().SelectMany(p => p.Inlines.OfType<FigureInline>()))
            {
                var measure = figure.Cell.Coordinates!.Indicator;
                var question = questionnaire.Question(measure.Replace("questionnaire.", "", StringComparison.Ordinal).Replace(".share", "", StringComparison.Ordinal))!;
                var link = question.Statements.First(l => l.Answer == Answering.Yes && l.OfficeKind is null);
                var printed = measure.EndsWith(".share", StringComparison.Ordinal) ? link.Percent : link.Count;
                if (printed is null) continue; // the report printed the other form (a share where the chapter counts, or the reverse)
                var value = figure.Cell.Value!.Value;
                Assert.True(link.Qualifier == StatementQualifier.MoreThan ? value > printed : Math.Round(value) == printed,
                    $"{year} {question.Id}: published {value}, printed {printed} ({link.Report} line {link.Line})");
                checkedFigures++;
            }
        }
        Assert.True(checkedFigures >= 25, $"{checkedFigures} figures checked");

        var output = Path.Combine(_directory.FullName, "report-2017");
        var (exit, terminal) = await CliRun.RunAsync("publish", "--db", database, "--year", "2017", "--out", output, "--format", "html");
        Assert.True(exit == 0, terminal);
        var html = await File.ReadAllTextAsync(Path.Combine(output, "annual-report-2017-en.html"), Ct);
        Assert.Contains("Results of the institutional questionnaire", html, StringComparison.Ordinal);

        var (exit2023, terminal2023) = await CliRun.RunAsync("publish", "--db", database, "--year", "2023", "--out", Path.Combine(_directory.FullName, "report-2023"), "--format", "html");
        Assert.True(exit2023 == 0, terminal2023);
        Assert.DoesNotContain("Results of the institutional questionnaire",
            await File.ReadAllTextAsync(Path.Combine(_directory.FullName, "report-2023", "annual-report-2023-en.html"), Ct), StringComparison.Ordinal);
    }
}
