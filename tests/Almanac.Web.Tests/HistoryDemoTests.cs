using System.Net;
using System.Text.Json;
using Almanac.Domain.Platform;
using Almanac.Domain.Reports.Statements;
using Almanac.Ingest.Platform;
using Almanac.Store;
using Almanac.Tests;
using Almanac.Web.Demo;

namespace Almanac.Web.Tests;

/// <summary>
/// The rebuilt questionnaires of 2017, 2018 and 2023 on the platform: a focal point answers and submits each; the demo's
/// synthetic answers are imported as approved, the lock turns them into facts, and a query over those facts gives every
/// figure the reports print about offices.
/// </summary>
public sealed class HistoryDemoTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_focal_point_answers_and_submits_each_years_rebuilt_questionnaire_through_the_api(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        var offices = await server.Store.OfficesAsync(Ct);
        using var focal = await server.ClientAsync("focal-mali");
        foreach (var year in PlatformDemo.ReportYears)
        {
            var questionnaire = PlatformFiles.ReadQuestionnaire($"questionnaire-{year}.yaml",
                await File.ReadAllTextAsync(Path.Combine(SharedFiles.RepositoryRoot, "data", "platform", $"questionnaire-{year}.yaml"), Ct));
            await server.Store.SaveQuestionnaireAsync(questionnaire, new Change("admin", DateTimeOffset.UtcNow), Ct);
            // Answers a respondent could give: the synthetic generator's for the focal point's office (every required, shown question).
            var answers = SyntheticAnswers.Generate(questionnaire, offices, seed: year, participationPercent: 100).Answers[PlatformDemo.FocalOffice];

            using var opened = await focal.SendAsync(HttpMethod.Post, "/api/submissions", new { office = PlatformDemo.FocalOffice, year });
            Assert.True(opened.StatusCode == HttpStatusCode.OK, await opened.Content.ReadAsStringAsync(Ct));
            using var submission = JsonDocument.Parse(await opened.Content.ReadAsStringAsync(Ct));
            var id = submission.RootElement.GetProperty("id").GetInt64();
            using var saved = await focal.SendAsync(HttpMethod.Put, $"/api/submissions/{id}/answers",
                new { version = submission.RootElement.GetProperty("version").GetInt64(), answers });
            Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync(Ct));
            using var savedJson = JsonDocument.Parse(await saved.Content.ReadAsStringAsync(Ct));
            using var submitted = await focal.SendAsync(HttpMethod.Post, $"/api/submissions/{id}/submit", new { version = savedJson.RootElement.GetProperty("version").GetInt64() });
            Assert.True(submitted.StatusCode == HttpStatusCode.OK, $"{year}: {await submitted.Content.ReadAsStringAsync(Ct)}");
            using var state = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync(Ct));
            Assert.Equal("submitted", state.RootElement.GetProperty("state").GetString());
            Assert.Equal(answers.Count, (await server.Store.AnswersAsync(id, Ct)).Count);
        }
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task The_locked_years_answer_every_printed_count_through_the_query_api(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        var locks = await PlatformDemo.SeedHistoryAsync(server.Store, TimeProvider.System, Ct);
        Assert.Equal([2017, 2018], locks.Keys.Order());
        using var editor = await server.ClientAsync("editor");
        var checkedLinks = 0;
        foreach (var year in PlatformDemo.HistoryYears)
        {
            Assert.True(await server.Store.IsYearLockedAsync(year, Ct));
            var questionnaire = (await server.Store.QuestionnaireAsync(year, Ct))!;
            foreach (var question in questionnaire.Questions.Where(q => q.Statements.Any(l => l.OfficeKind is null)))
            {
                using var response = await editor.SendAsync(HttpMethod.Get, $"/api/query/?measure=questionnaire.{question.Id}&rows=answer&year={year}&format=json");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
                var counts = json.RootElement.GetProperty("cells").EnumerateArray()
                    .ToDictionary(c => c.GetProperty("members")[0].GetString()!, c => c.GetProperty("values")[0].GetDecimal(), StringComparer.Ordinal);
                foreach (var link in question.Statements.Where(l => l.OfficeKind is null))
                {
                    var given = counts.GetValueOrDefault(link.Answer);
                    var where = $"{year} {question.Id} '{link.Answer}' (line {link.Line}): {given}";
                    if (link.Count is { } count)
                    {
                        Assert.True(link.Qualifier == StatementQualifier.MoreThan ? given > count : given == count, $"{where}, printed {count}");
                    }
                    else if (question.Kind == QuestionKind.YesNo && link.Qualifier == StatementQualifier.Exact)
                    {
                        var asked = counts.GetValueOrDefault(Answering.Yes) + counts.GetValueOrDefault(Answering.No);
                        Assert.True(Math.Round(given * 100m / asked, 0, MidpointRounding.AwayFromZero) == link.Percent, $"{where} of {asked}, printed {link.Percent}%");
                    }
                    checkedLinks++;
                }
            }
        }
        Assert.True(checkedLinks > 200, $"{checkedLinks} statements checked");
    }
}
