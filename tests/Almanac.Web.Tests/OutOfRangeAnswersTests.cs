using System.Net;
using System.Text.Json;
using Almanac.Domain.Platform;
using Almanac.Store;
using Almanac.Tests;
using Almanac.Web.Demo;

namespace Almanac.Web.Tests;

/// <summary>
/// An approved answer stored before the bounds were checked (decimal.MaxValue, as an older version let through) does not
/// block a year: results (page and API) show the rest and list it, the year lock refuses naming office, question and
/// value, and an administrator returns the submission to its office, which corrects it; then the year locks.
/// </summary>
public sealed class OutOfRangeAnswersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string TooLarge = "79228162514264337593543950335";

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task An_answer_stored_out_of_range_leaves_results_working_stops_the_lock_by_name_and_is_corrected_by_the_office_once_returned(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        // As an older version stored it: through the store, which writes what it is given (the checks are the domain's).
        var focalChange = new Change("focal-mali", DateTimeOffset.UtcNow);
        var answers = new Dictionary<string, string?>
        {
            ["emergency-response"] = "yes",
            ["durable-solutions"] = "Partly",
            ["data-products"] = TooLarge,
            ["psea-focal-point"] = "yes",
        };
        foreach (var row in new[] { "Displaced persons", "Migrants", "Host community members" })
        {
            foreach (var column in new[] { "Women", "Men" }) answers[$"people-assisted/{row}/{column}"] = "10";
        }
        var s = await server.Store.OpenSubmissionAsync(PlatformDemo.FocalOffice, 2023, focalChange, Ct);
        s = await server.Store.SaveAnswersAsync(s.Id, s.Version, answers, focalChange, Ct);
        s = await server.Store.ActAsync(s.Id, s.Version, SubmissionAction.Submit, null, focalChange, Ct);
        s = await server.Store.ActAsync(s.Id, s.Version, SubmissionAction.Approve, null, new Change("reviewer-dakar", DateTimeOffset.UtcNow), Ct);

        using var editor = await server.ClientAsync("editor");
        using var reader = await server.ClientAsync("reader");
        using var admin = await server.ClientAsync("admin");
        using var focal = await server.ClientAsync("focal-mali");
        using var reviewer = await server.ClientAsync("reviewer-dakar");

        // Results: the rest is counted, the answer is left out of the sum and listed to whoever may read the submission.
        var results = await JsonAsync(await editor.SendAsync(HttpMethod.Get, "/api/results/2023"), HttpStatusCode.OK);
        Assert.Equal(1, results.GetProperty("outOfRangeCount").GetInt32());
        var listed = Assert.Single(results.GetProperty("outOfRange").EnumerateArray().ToList());
        Assert.Equal((PlatformDemo.FocalOffice, "data-products", TooLarge, $"/submission/{s.Id}"),
            (listed.GetProperty("office").GetString(), listed.GetProperty("key").GetString(), listed.GetProperty("value").GetString(), listed.GetProperty("link").GetString()));
        var dataProducts = results.GetProperty("answers").EnumerateArray().Single(a => a.GetProperty("question").GetString() == "data-products");
        Assert.Equal(1, dataProducts.GetProperty("outOfRange").GetInt32());
        Assert.True(dataProducts.GetProperty("sum").GetDecimal() < Domain.InputLimits.FactValueLimit);
        var forReader = await JsonAsync(await reader.SendAsync(HttpMethod.Get, "/api/results/2023"), HttpStatusCode.OK);
        Assert.Equal((1, 0), (forReader.GetProperty("outOfRangeCount").GetInt32(), forReader.GetProperty("outOfRange").GetArrayLength()));
        using (var page = await editor.SendAsync(HttpMethod.Get, "/results?year=2023"))
        {
            var html = await page.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("id=\"out-of-range\"", html, StringComparison.Ordinal);
            Assert.Contains(TooLarge, html, StringComparison.Ordinal);
            Assert.Contains("(without 1 out of range)", html, StringComparison.Ordinal);
        }

        // The lock refuses, naming office, question and value; nothing is locked.
        var refused = await JsonAsync(await editor.SendAsync(HttpMethod.Post, "/api/years/2023/lock"), HttpStatusCode.Conflict);
        Assert.StartsWith("2023 cannot be locked: 1 approved answer is outside the bounds the fact table holds", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains($"office CO-MLI, question data-products, value '{TooLarge}' (submission {s.Id}, approved)", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(await server.Store.IsYearLockedAsync(2023, Ct));

        // The administrator's list (API and page), then the submission returned to the office.
        var outOfRange = await JsonAsync(await admin.SendAsync(HttpMethod.Get, "/api/answers/out-of-range"), HttpStatusCode.OK);
        Assert.Equal(s.Id, Assert.Single(outOfRange.EnumerateArray().ToList()).GetProperty("submission").GetInt64());
        Assert.Contains("Return to the office for correction", await admin.Http.GetStringAsync("/admin", Ct), StringComparison.Ordinal);
        await JsonAsync(await reviewer.SendAsync(HttpMethod.Post, $"/api/submissions/{s.Id}/reopen", new { version = s.Version }), HttpStatusCode.Forbidden);
        var returned = await JsonAsync(await admin.SendAsync(HttpMethod.Post, $"/api/submissions/{s.Id}/reopen", new { version = s.Version }), HttpStatusCode.OK);
        Assert.Equal("returned", returned.GetProperty("state").GetString());
        Assert.Contains($"answer 'data-products', stored as '{TooLarge}'", returned.GetProperty("comment").GetString(), StringComparison.Ordinal);
        var version = returned.GetProperty("version").GetInt64();

        // The office cannot submit it again unchanged; corrected, it goes through review and the year locks.
        var unchanged = await JsonAsync(await focal.SendAsync(HttpMethod.Post, $"/api/submissions/{s.Id}/submit", new { version }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("data-products", unchanged.GetProperty("key").GetString());
        version = (await JsonAsync(await focal.SendAsync(HttpMethod.Put, $"/api/submissions/{s.Id}/answers",
            new { version, answers = new Dictionary<string, string> { ["data-products"] = "12" } }), HttpStatusCode.OK)).GetProperty("version").GetInt64();
        version = (await JsonAsync(await focal.SendAsync(HttpMethod.Post, $"/api/submissions/{s.Id}/submit", new { version }), HttpStatusCode.OK)).GetProperty("version").GetInt64();
        await JsonAsync(await reviewer.SendAsync(HttpMethod.Post, $"/api/submissions/{s.Id}/approve", new { version, comment = "corrected" }), HttpStatusCode.OK);
        Assert.Equal(0, (await JsonAsync(await admin.SendAsync(HttpMethod.Get, "/api/answers/out-of-range?year=2023"), HttpStatusCode.OK)).GetArrayLength());
        await JsonAsync(await editor.SendAsync(HttpMethod.Post, "/api/years/2023/lock"), HttpStatusCode.OK);
        Assert.Contains(await server.Store.AuditAsync(new AuditQuery($"submission {s.Id}"), Ct), a => a.Action == "reopen" && a.Actor == "admin");
    }
}
