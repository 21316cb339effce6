using Almanac.Domain.Observations;
using Almanac.Domain.Platform;
using Almanac.Domain.Reports.Statements;
using Almanac.Tests;

namespace Almanac.Store.Tests;

/// <summary>Office statements kept with the report they were read from, on the embedded store and PostgreSQL alike.</summary>
public sealed class StatementStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly OfficeStatement Responded = new(1, 270, 2113, 2018, "responded to the monitoring and evaluation part of the institutional questionnaire",
        165, StatementQualifier.Exact, null, null, StatementRole.Main, null, null, 4, "At country and regional level, 165 offices responded …");

    private static readonly OfficeStatement Subset = new(2, 270, 2114, 2018, "reported that they had used a framework", 60, StatementQualifier.Exact, 36m, 165,
        StatementRole.Subset, 1, 2113, 4, "Of these, 60 offices (36%) reported …");

    private static readonly OfficeStatement Share = new(3, null, 68, 2018, "provided governments with advice", null, StatementQualifier.Approximately, 66.7m, null,
        StatementRole.Main, null, null, 0, "Almost two thirds of IOM offices provided …");

    private static async Task<long> ImportAsync(IAlmanacStore store, params OfficeStatement[] statements)
    {
        var figure = new Observation(Measures.StaffHeadcount, 2018, DimensionKey.Empty, 1, new Provenance(0, "report.txt", "table", 1));
        var result = await store.ImportReportAsync(new SourceInfo(SourceKinds.PublishedReport, "report.txt", "abc", DateTimeOffset.UnixEpoch), [], [figure], statements, Ct);
        return result.SourceId;
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Statements_round_trip_with_every_field(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        var sourceId = await ImportAsync(test.Store, Responded, Subset, Share);
        await test.ReopenAsync();
        var stored = await test.Store.ReportStatementsAsync(sourceId, Ct);
        Assert.Equal([Responded, Subset, Share], stored.Select(s => s.Statement));
        Assert.All(stored, s => Assert.Equal(("report.txt", sourceId), (s.SourceName, s.SourceId)));
        Assert.Empty(await test.Store.ReportStatementsAsync(sourceId + 1, Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task The_same_report_again_adds_statements_to_an_import_made_before_the_store_kept_them_and_nothing_else(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        var sourceId = await ImportAsync(test.Store, Responded, Subset);
        // A store migrated to version 9 keeps no statements for reports imported before.
        await test.RawSqlAsync("DELETE FROM report_statement");
        Assert.Empty(await test.Store.ReportStatementsAsync(null, Ct));

        Assert.Equal(sourceId, await ImportAsync(test.Store, Responded, Subset));
        Assert.Equal(2, (await test.Store.ReportStatementsAsync(null, Ct)).Count);
        Assert.Single(await test.Store.SourcesAsync(Ct));

        // Once there, the same file again changes nothing.
        Assert.Equal(sourceId, await ImportAsync(test.Store, Responded, Subset, Share));
        Assert.Equal(2, (await test.Store.ReportStatementsAsync(null, Ct)).Count);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_questionnaire_keeps_the_statements_its_questions_reproduce_and_their_translations(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        var links = new StatementLink[] { new("annual-report-2017", 241, "yes", 105, null, StatementQualifier.Exact, "country"), new("annual-report-2017", 241, "yes", 8, null, StatementQualifier.Exact, "regional") };
        var question = new Question("principles", QuestionKind.YesNo, "Did the office promote humanitarian principles?", null, true, [], [], [], null)
        {
            Statements = links,
            Translations = new Dictionary<string, QuestionText> { ["fr"] = new("Le bureau a-t-il promu les principes humanitaires ?", null, []) },
        };
        var questionnaire = new Questionnaire(2017, "Institutional questionnaire 2017", "migof", [new QuestionnaireSection("principled", "Principled action", "principle-1", [question])]);
        await ((IPlatformStore)test.Store).SaveQuestionnaireAsync(questionnaire, new Change("admin", DateTimeOffset.UnixEpoch), Ct);
        await test.ReopenAsync();
        var stored = (await ((IPlatformStore)test.Store).QuestionnaireAsync(2017, Ct))!.Question("principles")!;
        Assert.Equal(links, stored.Statements);
        Assert.Equal("Le bureau a-t-il promu les principes humanitaires ?", stored.Translations["fr"].Text);
    }
}
