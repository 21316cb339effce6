using System.Net;
using System.Text.Json;
using Almanac.Domain.Platform;
using Almanac.Domain.Reports.Statements;
using Almanac.Tests;
using Almanac.Web.Demo;

namespace Almanac.Web.Tests;

/// <summary>
/// The demo's 2017 and 2018: the rebuilt questionnaires load on the platform, the synthetic answers go through the
/// review cycle, the lock turns them into facts, and a query over those facts gives every figure the reports print
/// about offices.
/// </summary>
public sealed class HistoryDemoTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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
