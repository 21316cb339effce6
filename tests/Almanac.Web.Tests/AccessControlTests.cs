using System.Net;
using System.Net.Http.Json;
using Almanac.Domain.Platform;
using Almanac.Web.Demo;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Almanac.Web.Tests;

/// <summary>
/// Every endpoint the app maps (read from its endpoint data source, so a new endpoint without a row here fails) ×
/// every role and an anonymous caller → the status expected. Submission endpoints are tried on the demo focal point's
/// own office (Mali, region Dakar) and on an office of another region: a focal point never reads or changes another
/// office's submission, through the API or the pages.
/// </summary>
public sealed class AccessControlTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Roles as the columns of the table: the demo accounts, and nobody signed in.
    private static readonly string?[] Users = ["admin", "editor", "reviewer-dakar", "focal-mali", "reader", null];

    /// <summary>Allowed: any answer but 401, 403 (and not a server error): the request was let through to the domain.</summary>
    private const int Allowed = 0;
    private const int Denied = 403;
    private const int Anonymous = 401;
    private const int ToLogin = 302;

    /// <summary>One row: expected status per user in the order of <see cref="Users"/>.</summary>
    private sealed record Row(int[] Expected, Func<Targets, string> Path, Func<Targets, ApiClient, Task<object?>>? Body = null);

    /// <summary>The submissions and bodies the requests use.</summary>
    private sealed record Targets(long Own, long Other, long Version, string OfficesCsv, string FrameworksYaml, string QuestionnaireYaml);

    private static int[] Each(int admin, int editor, int reviewer, int focal, int reader, int anonymous) => [admin, editor, reviewer, focal, reader, anonymous];

    private static readonly int[] SignedIn = Each(Allowed, Allowed, Allowed, Allowed, Allowed, Anonymous);
    private static readonly int[] Everyone = Each(Allowed, Allowed, Allowed, Allowed, Allowed, Allowed);
    private static readonly int[] AdminOnly = Each(Allowed, Denied, Denied, Denied, Denied, Anonymous);
    private static readonly int[] PageSignedIn = Each(200, 200, 200, 200, 200, ToLogin);

    /// <summary>The table: "METHOD /pattern" for API endpoints, "PAGE /route" for pages; a submission route is run for both targets.</summary>
    private static readonly Dictionary<string, (Row Own, Row? Other)> Table = new(StringComparer.Ordinal)
    {
        ["GET /api/session/antiforgery"] = (new(Everyone, _ => "/api/session/antiforgery"), null),
        ["GET /api/session/"] = (new(SignedIn, _ => "/api/session/"), null),
        ["DELETE /api/session/"] = (new(SignedIn, _ => "/api/session/"), null),
        // Open to all, and wrong credentials are refused whoever sends them (each role's own sign-in is every other row).
        ["POST /api/session/"] = (new(Each(401, 401, 401, 401, 401, 401), _ => "/api/session/", (_, c) => Task.FromResult<object?>(new { userName = "nobody", password = "wrong" })), null),
        // Anyone signed in changes their own password: here a new password too short, refused (400) before the current one is checked.
        ["POST /api/session/password"] = (new(SignedIn, _ => "/api/session/password", (_, _) => Task.FromResult<object?>(new { currentPassword = "irrelevant", newPassword = "short" })), null),
        ["GET /api/accounts/"] = (new(AdminOnly, _ => "/api/accounts/"), null),
        ["POST /api/accounts/"] = (new(AdminOnly, _ => "/api/accounts/", (_, _) => Task.FromResult<object?>(new { userName = "matrix-new", displayName = "Created by the matrix", role = "reader" })), null),
        ["PUT /api/accounts/{userName}"] = (new(AdminOnly, _ => $"/api/accounts/{MatrixTarget}", (_, _) => Task.FromResult<object?>(new { role = "focal-point", office = "CO-PER" })), null),
        ["POST /api/accounts/{userName}/password"] = (new(AdminOnly, _ => $"/api/accounts/{MatrixTarget}/password", (_, _) => Task.FromResult<object?>(new { })), null),
        ["POST /api/accounts/{userName}/disable"] = (new(AdminOnly, _ => $"/api/accounts/{MatrixTarget}/disable"), null),
        ["POST /api/accounts/{userName}/enable"] = (new(AdminOnly, _ => $"/api/accounts/{MatrixTarget}/enable"), null),
        ["GET /api/answers/out-of-range"] = (new(AdminOnly, _ => "/api/answers/out-of-range?year=2023"), null),
        ["GET /api/offices/"] = (new(SignedIn, _ => "/api/offices/"), null),
        ["GET /api/offices/export"] = (new(SignedIn, _ => "/api/offices/export"), null),
        // An office added by the administrator; a change of an office that does not exist (past access: not found); the demo
        // focal point's office, which its account keeps (past access: 409, nothing deleted).
        ["POST /api/offices/"] = (new(AdminOnly, _ => "/api/offices/", (_, _) => Task.FromResult<object?>(new { code = "CO-MTX", name = "Added by the matrix", kind = "country", region = "RO-DAK", country = "MLI" })), null),
        ["PUT /api/offices/{code}"] = (new(Each(404, Denied, Denied, Denied, Denied, Anonymous), _ => "/api/offices/CO-NONE", (_, _) => Task.FromResult<object?>(new { name = "Changed by the matrix", kind = "country", region = "RO-DAK", country = "MLI" })), null),
        ["DELETE /api/offices/{code}"] = (new(Each(409, Denied, Denied, Denied, Denied, Anonymous), _ => $"/api/offices/{PlatformDemo.FocalOffice}"), null),
        ["POST /api/offices/import"] = (new(AdminOnly, _ => "/api/offices/import", (t, _) => Task.FromResult<object?>(new TextBody(t.OfficesCsv, "text/csv"))), null),
        ["GET /api/frameworks/"] = (new(SignedIn, _ => "/api/frameworks/"), null),
        ["GET /api/frameworks/export"] = (new(SignedIn, _ => "/api/frameworks/export"), null),
        ["POST /api/frameworks/import"] = (new(AdminOnly, _ => "/api/frameworks/import", (t, _) => Task.FromResult<object?>(new TextBody(t.FrameworksYaml, "application/yaml"))), null),
        ["GET /api/questionnaires/"] = (new(SignedIn, _ => "/api/questionnaires/"), null),
        ["GET /api/questionnaires/{year:int}"] = (new(SignedIn, _ => "/api/questionnaires/2023"), null),
        ["GET /api/questionnaires/{year:int}/export"] = (new(SignedIn, _ => "/api/questionnaires/2023/export"), null),
        ["POST /api/questionnaires/import"] = (new(AdminOnly, _ => "/api/questionnaires/import", (t, _) => Task.FromResult<object?>(new TextBody(t.QuestionnaireYaml, "application/yaml"))), null),
        ["GET /api/submissions/"] = (new(SignedIn, _ => "/api/submissions/?year=2023"), null),
        ["POST /api/submissions/"] = (
            new(Each(Denied, Denied, Denied, Allowed, Denied, Anonymous), _ => "/api/submissions/", (_, _) => Task.FromResult<object?>(new { office = PlatformDemo.FocalOffice, year = 2023 })),
            new(Each(Denied, Denied, Denied, Denied, Denied, Anonymous), _ => "/api/submissions/", (_, _) => Task.FromResult<object?>(new { office = "CO-PER", year = 2023 }))),
        ["GET /api/submissions/{id:long}"] = (
            new(Each(Allowed, Allowed, Allowed, Allowed, Denied, Anonymous), t => $"/api/submissions/{t.Own}"),
            new(Each(Allowed, Allowed, Denied, Denied, Denied, Anonymous), t => $"/api/submissions/{t.Other}")),
        ["PUT /api/submissions/{id:long}/answers"] = (
            new(Each(Denied, Denied, Denied, Allowed, Denied, Anonymous), t => $"/api/submissions/{t.Own}/answers", Answers(t => t.Own)),
            new(Each(Denied, Denied, Denied, Denied, Denied, Anonymous), t => $"/api/submissions/{t.Other}/answers", Answers(t => t.Other))),
        // The offline workbook: whoever reads the submission downloads it; only its focal point uploads one, refused before the
        // body is read (here none: past access, not a workbook, 400).
        ["GET /api/submissions/{id:long}/workbook"] = (
            new(Each(Allowed, Allowed, Allowed, Allowed, Denied, Anonymous), t => $"/api/submissions/{t.Own}/workbook"),
            new(Each(Allowed, Allowed, Denied, Denied, Denied, Anonymous), t => $"/api/submissions/{t.Other}/workbook")),
        ["POST /api/submissions/{id:long}/workbook"] = (
            new(Each(Denied, Denied, Denied, Allowed, Denied, Anonymous), t => $"/api/submissions/{t.Own}/workbook"),
            new(Each(Denied, Denied, Denied, Denied, Denied, Anonymous), t => $"/api/submissions/{t.Other}/workbook")),
        // A region's workbook carries the submissions the account reads: the reader reads none (404), never 403.
        ["GET /api/workbooks/{year:int}"] = (new(Each(Allowed, Allowed, Allowed, Allowed, 404, Anonymous), _ => "/api/workbooks/2023?region=RO-DAK"), null),
        // Comment threads: whoever reads the submission reads and writes its threads; only the region's reviewer resolves or
        // reopens one (the administrator's comment, earlier in the run, makes the thread the reviewer then reopens (409, open) and resolves).
        ["GET /api/submissions/{id:long}/comments"] = (
            new(Each(Allowed, Allowed, Allowed, Allowed, Denied, Anonymous), t => $"/api/submissions/{t.Own}/comments"),
            new(Each(Allowed, Allowed, Denied, Denied, Denied, Anonymous), t => $"/api/submissions/{t.Other}/comments")),
        ["POST /api/submissions/{id:long}/comments"] = (
            new(Each(Allowed, Allowed, Allowed, Allowed, Denied, Anonymous), t => $"/api/submissions/{t.Own}/comments", CommentBody),
            new(Each(Allowed, Allowed, Denied, Denied, Denied, Anonymous), t => $"/api/submissions/{t.Other}/comments", CommentBody)),
        ["POST /api/submissions/{id:long}/comments/{question}/resolve"] = (
            new(Each(Denied, Denied, Allowed, Denied, Denied, Anonymous), t => $"/api/submissions/{t.Own}/comments/data-products/resolve"),
            new(Each(Denied, Denied, Denied, Denied, Denied, Anonymous), t => $"/api/submissions/{t.Other}/comments/data-products/resolve")),
        ["POST /api/submissions/{id:long}/comments/{question}/reopen"] = (
            new(Each(Denied, Denied, Allowed, Denied, Denied, Anonymous), t => $"/api/submissions/{t.Own}/comments/data-products/reopen"),
            new(Each(Denied, Denied, Denied, Denied, Denied, Anonymous), t => $"/api/submissions/{t.Other}/comments/data-products/reopen")),
        ["POST /api/submissions/{id:long}/submit"] = (
            new(Each(Denied, Denied, Denied, Allowed, Denied, Anonymous), t => $"/api/submissions/{t.Own}/submit", Act(t => t.Own)),
            new(Each(Denied, Denied, Denied, Denied, Denied, Anonymous), t => $"/api/submissions/{t.Other}/submit", Act(t => t.Other))),
        ["POST /api/submissions/{id:long}/return"] = (
            new(Each(Denied, Denied, Allowed, Denied, Denied, Anonymous), t => $"/api/submissions/{t.Own}/return", Act(t => t.Own)),
            new(Each(Denied, Denied, Denied, Denied, Denied, Anonymous), t => $"/api/submissions/{t.Other}/return", Act(t => t.Other))),
        ["POST /api/submissions/{id:long}/approve"] = (
            new(Each(Denied, Denied, Allowed, Denied, Denied, Anonymous), t => $"/api/submissions/{t.Own}/approve", Act(t => t.Own)),
            new(Each(Denied, Denied, Denied, Denied, Denied, Anonymous), t => $"/api/submissions/{t.Other}/approve", Act(t => t.Other))),
        // An administrator gets past access to the workflow, which refuses (409) a submission without an out-of-range answer.
        ["POST /api/submissions/{id:long}/reopen"] = (
            new(Each(Allowed, Denied, Denied, Denied, Denied, Anonymous), t => $"/api/submissions/{t.Own}/reopen", Act(t => t.Own)),
            new(Each(Allowed, Denied, Denied, Denied, Denied, Anonymous), t => $"/api/submissions/{t.Other}/reopen", Act(t => t.Other))),
        // A year without a questionnaire: headquarters gets past access to "not found", nothing is locked.
        ["POST /api/years/{year:int}/lock"] = (new(Each(404, 404, Denied, Denied, Denied, Anonymous), _ => "/api/years/2099/lock"), null),
        ["GET /api/years/{year:int}"] = (new(SignedIn, _ => "/api/years/2023"), null),
        // An open year without a questionnaire: an administrator gets past access to "not found", nothing is unlocked.
        ["POST /api/years/{year:int}/unlock"] = (new(Each(404, Denied, Denied, Denied, Denied, Anonymous), _ => "/api/years/2099/unlock"), null),
        ["GET /api/overview/{year:int}"] = (new(Each(Allowed, Allowed, Allowed, Denied, Denied, Anonymous), _ => "/api/overview/2023?state=not-started&q=a"), null),
        ["GET /api/overview/{year:int}/chase"] = (new(Each(Allowed, Allowed, Allowed, Denied, Denied, Anonymous), _ => "/api/overview/2023/chase?region=RO-DAK"), null),
        ["GET /api/results/{year:int}"] = (new(Each(Allowed, Allowed, Allowed, Denied, Allowed, Anonymous), _ => "/api/results/2023?region=RO-DAK&node=objective-1"), null),
        ["GET /api/results/{year:int}/export"] = (new(Each(Allowed, Allowed, Allowed, Denied, Allowed, Anonymous), _ => "/api/results/2023/export?format=xlsx&region=RO-DAK"), null),
        // No facts in the demo store: past access, the query is refused as naming no stored measure (400), never 403.
        ["GET /api/query/"] = (new(Each(Allowed, Allowed, Allowed, Denied, Allowed, Anonymous), _ => "/api/query/?measure=staff.headcount&rows=sex&year=2023"), null),
        // DHIS2 data values, for administrators and editors: no facts in the demo store, an empty data value set; a value of a
        // data element no mapping knows, a conflict (409) with nothing written.
        ["GET /api/dataValueSets/"] = (new(Each(Allowed, Allowed, Denied, Denied, Denied, Anonymous), _ => "/api/dataValueSets?period=2023"), null),
        ["POST /api/dataValueSets/"] = (new(Each(Allowed, Allowed, Denied, Denied, Denied, Anonymous), _ => "/api/dataValueSets?dryRun=true",
            (_, _) => Task.FromResult<object?>(new { dataValues = new[] { new { dataElement = "NOT_MAPPED", period = "2023", orgUnit = "IOM", value = "1" } } })), null),
        ["GET /api/audit/"] = (new(AdminOnly, _ => "/api/audit/?limit=5"), null),
        // The test server has no backup directory: an administrator gets past access to 409 (backups off), nothing is written.
        ["POST /api/admin/backup"] = (new(Each(409, Denied, Denied, Denied, Denied, Anonymous), _ => "/api/admin/backup"), null),
        ["GET /openapi/{documentName}.json"] = (new(Everyone, _ => "/openapi/v1.json"), null),
        ["GET /assets/site.css"] = (new(Everyone, _ => "/assets/site.css"), null),
        ["GET /assets/submission.js"] = (new(Everyone, _ => "/assets/submission.js"), null),
        ["GET /assets/results.js"] = (new(Everyone, _ => "/assets/results.js"), null),
        ["GET /assets/designer.js"] = (new(Everyone, _ => "/assets/designer.js"), null),
        ["PAGE /"] = (new(PageSignedIn, _ => "/"), null),
        ["PAGE /Index"] = (new(PageSignedIn, _ => "/Index"), null),
        ["PAGE /Login"] = (new(Each(200, 200, 200, 200, 200, 200), _ => "/Login"), null),
        ["PAGE /Logout"] = (new(Each(302, 302, 302, 302, 302, ToLogin), _ => "/Logout"), null),
        ["PAGE /Denied"] = (new(Each(403, 403, 403, 403, 403, 403), _ => "/Denied"), null),
        // The language switch, for anyone (the sign-in page has it): sets the culture cookie and goes back.
        ["PAGE /language"] = (new(Each(302, 302, 302, 302, 302, 302), _ => "/language?culture=fr&returnUrl=%2Fpassword"), null),
        ["PAGE /Results"] = (new(Each(200, 200, 200, 403, 200, ToLogin), _ => "/Results?year=2023&region=RO-DAK"), null),
        // No facts in the demo store: past access, the page lists no measure; a focal point sees their own office only.
        ["PAGE /Pivot"] = (new(Each(200, 200, 200, 403, 200, ToLogin), _ => "/Pivot?measure=staff.headcount&rows=sex&year=2023"), null),
        ["PAGE /Audit"] = (new(Each(200, 403, 403, 403, 403, ToLogin), _ => "/Audit"), null),
        ["PAGE /Admin"] = (new(Each(200, 403, 403, 403, 403, ToLogin), _ => "/Admin?edit=2023"), null),
        ["PAGE /design/{year:int}"] = (new(Each(200, 403, 403, 403, 403, ToLogin), _ => "/design/2023?selected=0.1"), null),
        ["PAGE /Accounts"] = (new(Each(200, 403, 403, 403, 403, ToLogin), _ => "/Accounts"), null),
        ["PAGE /Offices"] = (new(Each(200, 403, 403, 403, 403, ToLogin), _ => "/Offices?q=mali&region=RO-DAK&edit=CO-MLI"), null),
        // The portfolio, for whoever sees results (read-only but for administrators).
        ["PAGE /Projects"] = (new(Each(200, 200, 200, 403, 200, ToLogin), _ => "/Projects?region=asia-pacific"), null),
        ["PAGE /Password"] = (new(PageSignedIn, _ => "/Password"), null),
        ["PAGE /Overview"] = (new(Each(200, 200, 200, 403, 403, ToLogin), _ => "/Overview?year=2023&sort=state&desc=true"), null),
        ["PAGE /year/{year:int}"] = (new(PageSignedIn, _ => "/year/2023?confirm=true"), null),
        // The error page, for anyone: it answers with the status it shows.
        ["PAGE /error/{status:int}"] = (new(Each(404, 404, 404, 404, 404, 404), _ => "/error/404"), null),
        ["PAGE /submission/{id:long}"] = (
            new(Each(200, 200, 200, 200, 403, ToLogin), t => $"/submission/{t.Own}"),
            new(Each(200, 200, 403, 403, 403, ToLogin), t => $"/submission/{t.Other}")),
    };

    /// <summary>An account the account endpoints change (the demo's own accounts sign in for the table's columns).</summary>
    private const string MatrixTarget = "matrix-target";

    private static Func<Targets, ApiClient, Task<object?>> Answers(Func<Targets, long> id) => async (t, client) =>
        new { version = await VersionAsync(client, id(t)), answers = new Dictionary<string, string?> { ["data-products"] = "3" } };

    // A property, not a field: the table, initialized first, reads it.
    private static Func<Targets, ApiClient, Task<object?>> CommentBody => (_, _) =>
        Task.FromResult<object?>(new { question = "data-products", text = "checked by the access-control test" });

    private static Func<Targets, ApiClient, Task<object?>> Act(Func<Targets, long> id) => async (t, client) =>
        new { version = await VersionAsync(client, id(t)), comment = "checked by the access-control test" };

    /// <summary>The current version as the store has it (the caller may not be allowed to read it), so that a refusal is never a stale version.</summary>
    private static Task<long> VersionAsync(ApiClient client, long id) => Task.FromResult(CurrentVersions[id]);

    private static readonly Dictionary<long, long> CurrentVersions = [];

    private static IEnumerable<string> EndpointKeys(PlatformServer server)
    {
        foreach (var endpoint in server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            if (endpoint.Metadata.OfType<PageActionDescriptor>().Any())
            {
                yield return "PAGE " + pattern;
                continue;
            }
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"]) yield return $"{method} {pattern}";
        }
    }

    [Fact]
    public async Task Every_endpoint_and_page_answers_each_role_as_the_table_says()
    {
        await using var server = await PlatformServer.StartAsync();
        var endpoints = EndpointKeys(server).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Table.Keys.Order(StringComparer.Ordinal), endpoints);

        // The focal point's own submission (Mali, region Dakar), opened and submitted so that a reviewer may act on it;
        // another region's (a synthetic submission outside Dakar).
        using var focal = await server.ClientAsync("focal-mali");
        var own = (await (await focal.SendAsync(HttpMethod.Post, "/api/submissions/", new { office = PlatformDemo.FocalOffice, year = 2023 })).Content.ReadFromJsonAsync<SubmissionDto>(Ct))!;
        var offices = await server.Store.OfficesAsync(Ct);
        var other = (await server.Store.SubmissionsAsync(2023, Ct)).First(s => offices.Single(o => o.Code == s.Office).Region is { } r && r != PlatformDemo.ReviewerRegion);
        var matrixAccount = new Account(MatrixTarget, "Changed by the matrix", Role.Reader, null, null);
        await server.Store.SaveAccountAsync(matrixAccount, Security.SignInService.Hash(matrixAccount, "a password nobody uses"), new Store.Change("test", DateTimeOffset.UtcNow), Ct);
        using var admin = await server.ClientAsync("admin");
        var targets = new Targets(own.Id, other.Id, own.Version,
            await admin.Http.GetStringAsync("/api/offices/export", Ct), await admin.Http.GetStringAsync("/api/frameworks/export", Ct),
            await admin.Http.GetStringAsync("/api/questionnaires/2023/export", Ct));

        var failures = new List<string>();
        for (var u = 0; u < Users.Length; u++)
        {
            using var client = await server.ClientAsync(Users[u]);
            if (Users[u] is null) await client.RefreshTokenAsync();
            // Signing out last, so that every other request runs signed in.
            foreach (var key in Table.Keys.OrderBy(k => k == "DELETE /api/session/").ThenBy(k => k, StringComparer.Ordinal))
            {
                var (ownRow, otherRow) = Table[key];
                foreach (var (row, target) in new[] { (ownRow, "own office"), (otherRow, "another region's office") })
                {
                    if (row is null) continue;
                    foreach (var s in new[] { own.Id, other.Id }) CurrentVersions[s] = (await server.Store.SubmissionAsync(s, Ct))!.Version;
                    var (method, path) = key.StartsWith("PAGE ", StringComparison.Ordinal) ? (HttpMethod.Get, row.Path(targets)) : (new HttpMethod(key[..key.IndexOf(' ', StringComparison.Ordinal)]), row.Path(targets));
                    var body = row.Body is null ? null : await row.Body(targets, client);
                    using var response = await client.SendAsync(method, path, body);
                    var status = (int)response.StatusCode;
                    var expected = row.Expected[u];
                    var ok = expected == Allowed ? status is not (401 or 403 or 404) && status < 500 : status == expected;
                    if (!ok) failures.Add($"{key} ({target}) as {Users[u] ?? "anonymous"}: {status}, expected {(expected == Allowed ? "allowed" : expected.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_focal_point_cannot_change_another_offices_submission_through_the_page_forms_either()
    {
        await using var server = await PlatformServer.StartAsync();
        var offices = await server.Store.OfficesAsync(Ct);
        var other = (await server.Store.SubmissionsAsync(2023, Ct)).First(s => s.Office != PlatformDemo.FocalOffice && s.State == SubmissionState.Draft);
        var before = await server.Store.AnswersAsync(other.Id, Ct);
        using var focal = await server.ClientAsync("focal-mali");
        foreach (var handler in new[] { "Save", "Submit", "Return", "Approve", "Comment", "Resolve", "Reopen" })
        {
            using var response = await focal.PostFormAsync($"/submission/{other.Id}?handler={handler}",
                [KeyValuePair.Create("Version", other.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), KeyValuePair.Create("answer:data-products", "999"), KeyValuePair.Create("Comment", "x"),
                KeyValuePair.Create("Question", "data-products"), KeyValuePair.Create("thread:data-products", "x")]);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        using var open = await focal.PostFormAsync("/?handler=Open", [KeyValuePair.Create("office", other.Office)]);
        Assert.Equal(HttpStatusCode.Forbidden, open.StatusCode);
        Assert.Equal(before, await server.Store.AnswersAsync(other.Id, Ct));
        Assert.Equal(other.Version, (await server.Store.SubmissionAsync(other.Id, Ct))!.Version);
        Assert.Empty(await server.Store.CommentThreadsAsync(other.Id, Ct));
        // The list of submissions a focal point gets holds their own office only.
        var listed = await (await focal.SendAsync(HttpMethod.Get, "/api/submissions/")).Content.ReadFromJsonAsync<List<SubmissionDto>>(Ct);
        Assert.All(listed!, s => Assert.Equal(PlatformDemo.FocalOffice, s.Office));
        Assert.NotEmpty(offices);
    }

    [Fact]
    public async Task Api_writes_without_the_antiforgery_token_are_refused_and_responses_carry_the_security_headers()
    {
        await using var server = await PlatformServer.StartAsync();
        using var focal = await server.ClientAsync("focal-mali");
        using var refused = await focal.SendAsync(HttpMethod.Post, "/api/submissions/", new { office = PlatformDemo.FocalOffice, year = 2023 }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("antiforgery", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(await server.Store.SubmissionsAsync(2023, Ct) is var all ? all.Where(s => s.Office == PlatformDemo.FocalOffice) : []);

        using var page = await focal.SendAsync(HttpMethod.Get, "/");
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", page.Headers.GetValues("Referrer-Policy").Single());

        using var anonymous = new ApiClient(server.Address);
        using var login = await anonymous.Http.GetAsync("/login", Ct);
        var cookies = login.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith("almanac-antiforgery=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase) && c.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase));
    }
}
