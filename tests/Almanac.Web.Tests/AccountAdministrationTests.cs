using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Almanac.Store;
using Almanac.Tests;

namespace Almanac.Web.Tests;

/// <summary>
/// Account administration through the API on both stores: an administrator creates an account (a generated password
/// shown once), changes its role and scope, resets its password, disables and enables it — each change ends its sessions
/// at once and is audited; mistakes (a taken name, a name past the bounds, an unknown office or region, a weak password,
/// the last administrator disabled or demoted) are refused naming the field; anyone changes their own password.
/// </summary>
public sealed class AccountAdministrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task<HttpStatusCode> SessionStatusAsync(ApiClient client)
    {
        using var response = await client.SendAsync(HttpMethod.Get, "/api/session/");
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> SignInStatusAsync(PlatformServer server, string userName, string password)
    {
        using var client = new ApiClient(server.Address);
        await client.RefreshTokenAsync();
        using var response = await client.SendAsync(HttpMethod.Post, "/api/session/", new { userName, password });
        return response.StatusCode;
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task An_administrator_creates_rescopes_resets_disables_and_enables_an_account_and_each_change_ends_its_sessions_at_once(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        using var admin = await server.ClientAsync("admin");

        var created = await JsonAsync(await admin.SendAsync(HttpMethod.Post, "/api/accounts/",
            new { userName = "focal-senegal", displayName = "Focal point, Senegal", role = "focal-point", office = "CO-SEN" }), HttpStatusCode.OK);
        var password = created.GetProperty("password").GetString()!;
        Assert.Equal(20, password.Length);
        var account = created.GetProperty("account");
        Assert.Equal(("focal-senegal", "focal-point", "CO-SEN", false), (account.GetProperty("userName").GetString(), account.GetProperty("role").GetString(),
            account.GetProperty("office").GetString(), account.GetProperty("disabled").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, account.GetProperty("lastSignIn").ValueKind);
        Assert.DoesNotContain(password, string.Join("\n", (await server.Store.AuditAsync(new AuditQuery(), Ct)).Select(a => a.NewValue)), StringComparison.Ordinal);

        // The new account signs in with the password shown once.
        using var user = new ApiClient(server.Address);
        await user.SignInAsync("focal-senegal", password);
        Assert.Equal("CO-SEN", (await user.Http.GetFromJsonAsync<JsonElement>("/api/session/", Ct)).GetProperty("office").GetString());

        // A new role and scope: the session ends at once (the change went through this server).
        var changed = await JsonAsync(await admin.SendAsync(HttpMethod.Put, "/api/accounts/focal-senegal",
            new { role = "regional-reviewer", region = "RO-DAK" }), HttpStatusCode.OK);
        Assert.Equal(("regional-reviewer", "RO-DAK", "Focal point, Senegal"),
            (changed.GetProperty("role").GetString(), changed.GetProperty("region").GetString(), changed.GetProperty("displayName").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, await SessionStatusAsync(user));
        await user.SignInAsync("focal-senegal", password);
        Assert.Equal("regional-reviewer", (await user.Http.GetFromJsonAsync<JsonElement>("/api/session/", Ct)).GetProperty("role").GetString());

        // A reset: a new generated password; the old one and the session made with it are refused.
        var reset = await JsonAsync(await admin.SendAsync(HttpMethod.Post, "/api/accounts/focal-senegal/password", new { }), HttpStatusCode.OK);
        var newPassword = reset.GetProperty("password").GetString()!;
        Assert.NotEqual(password, newPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, await SessionStatusAsync(user));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(server, "focal-senegal", password));
        await user.SignInAsync("focal-senegal", newPassword);

        // A password the administrator sets, within the policy.
        using (var set = await admin.SendAsync(HttpMethod.Post, "/api/accounts/focal-senegal/password", new { password = "a long phrase for Dakar" }))
        {
            Assert.Equal(JsonValueKind.Null, (await JsonAsync(set, HttpStatusCode.OK)).GetProperty("password").ValueKind);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await SessionStatusAsync(user));
        await user.SignInAsync("focal-senegal", "a long phrase for Dakar");

        // Disabled: the session ends and signing in is refused; enabled again, it signs in.
        Assert.True((await JsonAsync(await admin.SendAsync(HttpMethod.Post, "/api/accounts/focal-senegal/disable"), HttpStatusCode.OK)).GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, await SessionStatusAsync(user));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(server, "focal-senegal", "a long phrase for Dakar"));
        Assert.False((await JsonAsync(await admin.SendAsync(HttpMethod.Post, "/api/accounts/focal-senegal/enable"), HttpStatusCode.OK)).GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync(server, "focal-senegal", "a long phrase for Dakar"));

        var listed = (await admin.Http.GetFromJsonAsync<JsonElement>("/api/accounts/", Ct)).EnumerateArray().Single(a => a.GetProperty("userName").GetString() == "focal-senegal");
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("lastSignIn").ValueKind);
        var audit = (await admin.Http.GetFromJsonAsync<JsonElement>("/api/audit/?entity=account%20focal-senegal&limit=100", Ct)).EnumerateArray()
            .Select(a => (a.GetProperty("actor").GetString(), a.GetProperty("action").GetString())).ToList();
        foreach (var action in new[] { "create", "update", "password reset", "disable", "enable", "sessions ended" }) Assert.Contains(("admin", action), audit);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Account_mistakes_are_refused_naming_the_field_and_the_last_administrator_is_never_disabled_or_demoted(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        using var admin = await server.ClientAsync("admin");
        var before = await server.Store.AccountsAsync(Ct);
        static object New(string userName = "new-user", string role = "reader", string? office = null, string? region = null, string? password = null) =>
            new { userName, displayName = "A person", role, office, region, password };
        var cases = new (object Body, HttpStatusCode Status, string? Field, string Detail)[]
        {
            (New("editor"), HttpStatusCode.Conflict, null, "user name 'editor' is taken: choose another"),
            (New("Editor"), HttpStatusCode.BadRequest, "userName", "user name 'Editor': begins with a lower-case letter or a digit"),
            (New("ed itor"), HttpStatusCode.BadRequest, "userName", "user name 'ed itor': only lower-case letters a–z, digits and . _ - @ (not U+0020)"),
            (New(new string('a', 65)), HttpStatusCode.BadRequest, "userName", "a user name has at most 64 characters (this one has 65)"),
            (New(role: "superuser"), HttpStatusCode.BadRequest, "role", "role 'superuser': one of administrator, editor, regional-reviewer, focal-point, reader"),
            (New(role: "focal-point"), HttpStatusCode.BadRequest, "office", "account 'new-user': a focal point needs an office"),
            (New(role: "focal-point", office: "CO-XXX"), HttpStatusCode.BadRequest, "office", "account 'new-user': no office 'CO-XXX'"),
            (New(role: "regional-reviewer", region: "CO-MLI"), HttpStatusCode.BadRequest, "region", "account 'new-user': no region 'CO-MLI'"),
            (New(role: "editor", region: "RO-DAK"), HttpStatusCode.BadRequest, "region", "account 'new-user': editor has no office or region"),
            (New(password: "short"), HttpStatusCode.BadRequest, "password", "a password has at least 12 characters (this one has 5)"),
            (New(password: new string('x', 20) + new string('y', 109)), HttpStatusCode.BadRequest, "password", "a password has at most 128 characters (this one has 129)"),
            (New(password: "Password1234"), HttpStatusCode.BadRequest, "password", "this password is one of the most common (or repeats one or two characters): choose another"),
        };
        foreach (var (body, status, field, detail) in cases)
        {
            var problem = await JsonAsync(await admin.SendAsync(HttpMethod.Post, "/api/accounts/", body), status);
            Assert.Equal(detail, problem.GetProperty("detail").GetString());
            Assert.Equal(field, problem.TryGetProperty("field", out var f) ? f.GetString() : null);
        }

        // The demo's one administrator can neither be disabled nor demoted; another administrator lets it go.
        const string LastAdministrator = "'admin' is the last enabled administrator: make another account an administrator first, so that someone can still manage the platform";
        Assert.Equal(LastAdministrator, (await JsonAsync(await admin.SendAsync(HttpMethod.Post, "/api/accounts/admin/disable"), HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Equal(LastAdministrator, (await JsonAsync(await admin.SendAsync(HttpMethod.Put, "/api/accounts/admin", new { role = "editor" }), HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.SendAsync(HttpMethod.Post, "/api/accounts/nobody/disable")).StatusCode);
        Assert.Equal(before, await server.Store.AccountsAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, await SessionStatusAsync(admin));

        await JsonAsync(await admin.SendAsync(HttpMethod.Put, "/api/accounts/editor", new { role = "administrator" }), HttpStatusCode.OK);
        await JsonAsync(await admin.SendAsync(HttpMethod.Put, "/api/accounts/admin", new { role = "editor" }), HttpStatusCode.OK);
        // Demoted, its own session ended with the change.
        Assert.Equal(HttpStatusCode.Unauthorized, await SessionStatusAsync(admin));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Changing_ones_own_password_needs_the_current_one_ends_the_other_sessions_and_this_one_goes_on(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        var current = server.Credential("reader").Password;
        using var tab = await server.ClientAsync("reader");
        using var otherDevice = await server.ClientAsync("reader");
        var oldCookie = tab.CookieHeader;

        var wrong = await JsonAsync(await tab.SendAsync(HttpMethod.Post, "/api/session/password", new { currentPassword = "not the password", newPassword = "a new phrase to remember" }),
            HttpStatusCode.BadRequest);
        Assert.Equal("currentPassword", wrong.GetProperty("field").GetString());
        var weak = await JsonAsync(await tab.SendAsync(HttpMethod.Post, "/api/session/password", new { currentPassword = current, newPassword = "reader" }), HttpStatusCode.BadRequest);
        Assert.Equal(("newPassword", "a password has at least 12 characters (this one has 6)"), (weak.GetProperty("field").GetString(), weak.GetProperty("detail").GetString()));
        Assert.Equal(HttpStatusCode.OK, await SessionStatusAsync(otherDevice));

        var changed = await JsonAsync(await tab.SendAsync(HttpMethod.Post, "/api/session/password", new { currentPassword = current, newPassword = "a new phrase to remember" }),
            HttpStatusCode.OK);
        Assert.Equal("reader", changed.GetProperty("userName").GetString());
        // This tab goes on with the new session's cookie; the other device and this tab's old cookie are refused.
        Assert.Equal(HttpStatusCode.OK, await SessionStatusAsync(tab));
        Assert.NotEqual(oldCookie, tab.CookieHeader);
        Assert.Equal(HttpStatusCode.Unauthorized, await SessionStatusAsync(otherDevice));
        using (var raw = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = server.Address })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/session/");
            request.Headers.Add("Cookie", oldCookie);
            Assert.Equal(HttpStatusCode.Unauthorized, (await raw.SendAsync(request, Ct)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(server, "reader", current));
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync(server, "reader", "a new phrase to remember"));
        Assert.Contains(await server.Store.AuditAsync(new AuditQuery("account reader"), Ct), a => a.Action == "password changed" && a.Actor == "reader");

        // The page does the same, and sends the browser on with the new session.
        using var page = await server.ClientAsync("editor");
        using var posted = await page.PostFormAsync("/password",
            [KeyValuePair.Create("CurrentPassword", server.Credential("editor").Password), KeyValuePair.Create("NewPassword", "the editor's own phrase"),
             KeyValuePair.Create("Confirm", "the editor's own phrase")], "/password");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/password?changed=true", posted.Headers.Location!.OriginalString);
        Assert.Contains("Your password is changed", await page.Http.GetStringAsync("/password?changed=true", Ct), StringComparison.Ordinal);
    }
}
