using System.Net;
using System.Net.Http.Json;

namespace Almanac.Web.Tests;

/// <summary>
/// Errors as people and programs get them: a page request's 403, 404 and 409 come as a page in the site's layout that
/// says what went wrong and links home; the same errors under /api stay ProblemDetails JSON (409 for a year locked twice
/// or unlocked while open).
/// </summary>
public sealed class ErrorPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> StyledAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<header class=\"top\">", html, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/assets/site.css\">", html, StringComparison.Ordinal);
        Assert.Contains("<a id=\"home-link\" href=\"/\">Back to the home page</a>", html, StringComparison.Ordinal);
        return html;
    }

    private static async Task<Microsoft.AspNetCore.Mvc.ProblemDetails> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(Ct))!;
    }

    [Fact]
    public async Task Page_errors_render_in_the_layout_with_a_way_home_and_api_errors_stay_problem_details()
    {
        await using var server = await PlatformServer.StartAsync();
        using var focal = await server.ClientAsync("focal-mali");
        using var admin = await server.ClientAsync("admin");

        // 404: a page that does not exist, and a submission that does not.
        Assert.Contains("Not found", await StyledAsync(await focal.SendAsync(HttpMethod.Get, "/no-such-page"), HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Contains("No submission 999999.", await StyledAsync(await focal.SendAsync(HttpMethod.Get, "/submission/999999"), HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Equal(404, (await ProblemAsync(await focal.SendAsync(HttpMethod.Get, "/api/submissions/999999"), HttpStatusCode.NotFound)).Status);

        // 403: a focal point on the overview, by page and by API.
        Assert.Contains("Your account may not see the submissions overview.",
            await StyledAsync(await focal.SendAsync(HttpMethod.Get, "/overview"), HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.Equal("your account may not see the submissions overview",
            (await ProblemAsync(await focal.SendAsync(HttpMethod.Get, "/api/overview/2023"), HttpStatusCode.Forbidden)).Detail);
        // Another office's start, posted by a focal point: 403 as a page.
        await StyledAsync(await focal.PostFormAsync("/?handler=Open", [KeyValuePair.Create("office", "CO-PER")]), HttpStatusCode.Forbidden);

        // 409: unlocking an open year (page and API), locking a locked year (API).
        var page = await admin.PostFormAsync("/year/2023?handler=Unlock", [], "/year/2023");
        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains("2023 is not locked: there is nothing to unlock.", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("2023 is not locked: there is nothing to unlock",
            (await ProblemAsync(await admin.SendAsync(HttpMethod.Post, "/api/years/2023/unlock"), HttpStatusCode.Conflict)).Detail);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Post, "/api/years/2023/lock")).StatusCode);
        Assert.Equal("2023 is already locked", (await ProblemAsync(await admin.SendAsync(HttpMethod.Post, "/api/years/2023/lock"), HttpStatusCode.Conflict)).Detail);
        var year = await (await focal.SendAsync(HttpMethod.Get, "/api/years/2023")).Content.ReadFromJsonAsync<YearState>(Ct);
        Assert.Equal(("locked", "admin"), (year!.State, year.LockedBy));
        var unlocked = await (await admin.SendAsync(HttpMethod.Post, "/api/years/2023/unlock")).Content.ReadFromJsonAsync<YearState>(Ct);
        Assert.Equal("open", unlocked!.State);

        // Bounded inputs: a search past its bound, an unknown state or sort column are refused by name.
        Assert.Contains("state 'bogus' is none of",
            (await ProblemAsync(await admin.SendAsync(HttpMethod.Get, "/api/overview/2023?state=bogus"), HttpStatusCode.BadRequest)).Detail, StringComparison.Ordinal);
        Assert.Contains("sort 'bogus' is none of",
            (await ProblemAsync(await admin.SendAsync(HttpMethod.Get, "/api/overview/2023?sort=bogus"), HttpStatusCode.BadRequest)).Detail, StringComparison.Ordinal);
        var search = new string('x', 101);
        Assert.Contains("the search text has 101 characters",
            (await ProblemAsync(await admin.SendAsync(HttpMethod.Get, $"/api/overview/2023?q={search}"), HttpStatusCode.BadRequest)).Detail, StringComparison.Ordinal);
        Assert.Contains("The search text has 101 characters", await StyledAsync(await admin.SendAsync(HttpMethod.Get, $"/overview?q={search}"), HttpStatusCode.BadRequest),
            StringComparison.Ordinal);
    }

    private sealed record YearState(int Year, string State, DateTimeOffset? LockedAt, string? LockedBy, long? Source);
}
