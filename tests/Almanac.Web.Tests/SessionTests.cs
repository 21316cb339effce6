using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Almanac.Domain.Platform;
using Almanac.Tests;
using Almanac.Web.Security;

namespace Almanac.Web.Tests;

/// <summary>Where a visitor is sent to sign in, and server-side sessions: how long they last and what ends them, on every server of the store.</summary>
public sealed class SessionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_visitor_is_sent_to_sign_in_on_this_site_whatever_the_host_header_says()
    {
        await using var server = await PlatformServer.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/results?year=2023");
        request.Headers.Host = "evil.example";
        using var response = await http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?ReturnUrl=%2Fresults%3Fyear%3D2023", response.Headers.Location!.OriginalString);
    }

    /// <summary>What the server answers a request that carries only these cookies (as a copy of a stolen or old cookie would).</summary>
    private static async Task<HttpStatusCode> StatusWithAsync(Uri server, string cookies, string path = "/api/session/")
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookies);
        using var response = await http.SendAsync(request, Ct);
        return response.StatusCode;
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task After_signing_out_the_old_cookie_is_refused_by_the_api_and_the_pages_and_after_a_restart_too(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        using var api = await server.ClientAsync("reader");
        using var page = await server.ClientAsync("editor");
        var (apiCookie, pageCookie) = (api.CookieHeader, page.CookieHeader);
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(server.Address, apiCookie));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(server.Address, pageCookie, "/results?year=2023"));

        using (var signedOut = await api.SendAsync(HttpMethod.Delete, "/api/session/")) Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        using (var signedOut = await page.PostFormAsync("/logout", [])) Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(server.Address, apiCookie));
        Assert.Equal(HttpStatusCode.Redirect, await StatusWithAsync(server.Address, pageCookie, "/results?year=2023"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(server.Address, pageCookie));
        await server.RestartAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(server.Address, apiCookie));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(server.Address, pageCookie));
        // Signing in again makes a new session, which works.
        using var again = await server.ClientAsync("reader");
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(server.Address, again.CookieHeader));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_new_password_a_new_role_or_disabling_the_account_ends_its_sessions_and_no_one_elses(string engine)
    {
        var clock = new ManualClock();
        await using var server = await PlatformServer.StartAsync(engine, clock: clock);
        var admin = new Store.Change("admin", clock.GetUtcNow());
        var focal = server.Credential("focal-mali").Account;
        var changes = new (string What, Func<Task> Change)[]
        {
            ("password", () => server.Store.SaveAccountAsync(focal, SignInService.Hash(focal, "a new password"), admin, Ct)),
            ("role", () => server.Store.SaveAccountAsync(focal with { Role = Role.Reader, Office = null }, SignInService.Hash(focal, "a new password"), admin, Ct)),
            ("disable", () => server.Store.SetAccountDisabledAsync("focal-mali", true, admin, Ct)),
        };
        using var bystander = await server.ClientAsync("reader");
        var password = server.Credential("focal-mali").Password;
        foreach (var (what, change) in changes)
        {
            using var client = new ApiClient(server.Address);
            await client.SignInAsync("focal-mali", password);
            password = "a new password";
            var cookie = client.CookieHeader;
            Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(server.Address, cookie));
            await change();
            // On the embedded store this process is the only writer: the change refuses the session at once.
            if (engine == "duckdb") Assert.True(await StatusWithAsync(server.Address, cookie) == HttpStatusCode.Unauthorized, $"at once after the {what} change");
            // The change was made in the store (as another server would): a server of PostgreSQL looks again once its last
            // look is older than the check window.
            clock.Advance(SessionPolicy.CheckWindow);
            Assert.True(await StatusWithAsync(server.Address, cookie) == HttpStatusCode.Unauthorized, $"after the {what} change");
            Assert.True(await StatusWithAsync(server.Address, bystander.CookieHeader) == HttpStatusCode.OK, $"the reader after the {what} change");
        }
        // The new password and role work; the disabled account signs in no more.
        await server.Store.SetAccountDisabledAsync("focal-mali", false, admin, Ct);
        using var back = new ApiClient(server.Address);
        await back.SignInAsync("focal-mali", "a new password");
        Assert.Equal("reader", (await back.Http.GetFromJsonAsync<JsonElement>("/api/session/", Ct)).GetProperty("role").GetString());
        await server.Store.SetAccountDisabledAsync("focal-mali", true, admin, Ct);
        using var fresh = new ApiClient(server.Address);
        await fresh.RefreshTokenAsync();
        using var refused = await fresh.SendAsync(HttpMethod.Post, "/api/session/", new { userName = "focal-mali", password = "a new password" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_session_ends_the_configured_minutes_after_its_last_request_and_at_the_configured_hours_however_busy(string engine)
    {
        var clock = new ManualClock();
        await using var server = await PlatformServer.StartAsync(engine, o => (o.SessionMinutes, o.SessionMaxHours) = (30, 2), clock);
        using var idle = await server.ClientAsync("reader");
        using var busy = await server.ClientAsync("editor");

        // Idle: refused once 30 minutes pass without a request (the cookie itself would last 2 hours).
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(server.Address, busy.CookieHeader));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(server.Address, idle.CookieHeader));

        // Busy: each request moves the idle deadline on (sliding), up to 2 hours after signing in.
        var minutes = 30;
        for (; minutes + 25 < 120; minutes += 25)
        {
            clock.Advance(TimeSpan.FromMinutes(25));
            Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(server.Address, busy.CookieHeader));
        }
        clock.Advance(TimeSpan.FromMinutes(120 - minutes));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(server.Address, busy.CookieHeader));
    }

    [Fact]
    public async Task Two_servers_of_one_postgresql_store_refuse_a_cookie_signed_out_or_changed_on_the_other()
    {
        var clock = new ManualClock();
        await using var first = await PlatformServer.StartAsync("postgres", clock: clock);
        await using var second = await PlatformServer.StartBesideAsync(first);
        using var reader = await first.ClientAsync("reader");
        using var focal = await second.ClientAsync("focal-mali");
        var (readerCookie, focalCookie) = (reader.CookieHeader, focal.CookieHeader);
        foreach (var server in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(server.Address, readerCookie));
            Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(server.Address, focalCookie));
        }

        // Signed out on the first server: refused there at once, and on the second within the check window.
        using (var signedOut = await reader.SendAsync(HttpMethod.Delete, "/api/session/")) Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(first.Address, readerCookie));
        // The focal point's role changes through the second server's store; the first server sees it in the store.
        var account = first.Credential("focal-mali").Account;
        await second.Store.SaveAccountAsync(account with { Role = Role.Reader, Office = null }, SignInService.Hash(account, "x"), new Store.Change("admin", clock.GetUtcNow()), Ct);
        clock.Advance(SessionPolicy.CheckWindow);
        foreach (var server in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(server.Address, readerCookie));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(server.Address, focalCookie));
        }
    }
}
