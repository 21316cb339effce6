using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Almanac.Domain.Platform;
using Almanac.Tests;
using Almanac.Web.Security;

namespace Almanac.Web.Tests;

/// <summary>
/// DHIS2 clients' basic authentication on /api/dataValueSets: an account's right password is taken for the request (no
/// session cookie, no antiforgery token, the account's own access), a wrong one is a 401 that asks for basic credentials,
/// failures are throttled as sign-ins are, no other endpoint takes it, and without Platform:Dhis2BasicAuth none does.
/// </summary>
public sealed class Dhis2BasicAuthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Challenge = "Basic realm=\"Almanac DHIS2 API\", charset=\"UTF-8\"";

    private static string Basic(string userName, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}"));

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_DHIS2_client_signs_in_by_basic_authentication_on_the_data_value_sets_only_and_is_throttled_as_a_sign_in(string engine)
    {
        var clock = new ManualClock();
        await using var server = await PlatformServer.StartAsync(engine, o => o.Dhis2BasicAuth = true, clock);
        var staff = await FactTestData.ImportSyntheticStaff2023Async(server.Facts, Ct);
        using var client = new ApiClient(server.Address);
        var editor = Basic("editor", server.Credential("editor").Password);

        // Right: the figures, and no session.
        using var csv = await client.SendWithHeaderAsync(HttpMethod.Get, "/api/dataValueSets?period=2023&format=csv", null, "Authorization", editor);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = await csv.Content.ReadAsStringAsync(Ct);
        Assert.Equal(staff.Count, text.TrimEnd('\n').Split('\n').Skip(1).Sum(l => int.Parse(l.Split(',')[^1], CultureInfo.InvariantCulture)));
        Assert.False(csv.Headers.Contains("Set-Cookie"));
        Assert.Equal("", client.CookieHeader);
        // A write without an antiforgery token, as DHIS2 clients send it; a body a form or a no-cors fetch could send is refused:
        // of a type the endpoint does not take (415), or of none.
        using var dry = await client.SendWithHeaderAsync(HttpMethod.Post, "/api/dataValueSets?dryRun=true", new TextBody(text, "application/csv"), "Authorization", editor);
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        Assert.Equal("SUCCESS", JsonDocument.Parse(await dry.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("status").GetString());
        using var plain = await client.SendWithHeaderAsync(HttpMethod.Post, "/api/dataValueSets?dryRun=true", new TextBody(text, "text/plain"), "Authorization", editor);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        using var untyped = await client.SendWithHeaderAsync(HttpMethod.Post, "/api/dataValueSets?dryRun=true", new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "Authorization", editor);
        Assert.Equal(HttpStatusCode.BadRequest, untyped.StatusCode);
        Assert.Contains("with basic authentication, send application/json, application/csv or application/adx+xml", await untyped.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        // The account's own access still decides: a focal point's right password reads nothing.
        using var focal = await client.SendWithHeaderAsync(HttpMethod.Get, "/api/dataValueSets?period=2023", null, "Authorization", Basic("focal-mali", server.Credential("focal-mali").Password));
        Assert.Equal(HttpStatusCode.Forbidden, focal.StatusCode);
        // Only the DHIS2 endpoints take it.
        using var session = await client.SendWithHeaderAsync(HttpMethod.Get, "/api/session", null, "Authorization", editor);
        Assert.Equal(HttpStatusCode.Unauthorized, session.StatusCode);
        Assert.False(session.Headers.Contains("WWW-Authenticate"));

        // Wrong: 401 asking for basic credentials.
        using var wrong = await client.SendWithHeaderAsync(HttpMethod.Get, "/api/dataValueSets?period=2023", null, "Authorization", Basic("editor", "wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(Challenge, wrong.Headers.WwwAuthenticate.ToString());
        using var malformed = await client.SendWithHeaderAsync(HttpMethod.Get, "/api/dataValueSets?period=2023", null, "Authorization", "Basic not-base64!");
        Assert.Equal(HttpStatusCode.Unauthorized, malformed.StatusCode);

        // Throttled as a sign-in: after the free failures, the right password is refused inside the window, then taken.
        for (var i = 1; i < SignInThrottle.ForAccount.FreeFailures + 1; i++)
        {
            using var again = await client.SendWithHeaderAsync(HttpMethod.Get, "/api/dataValueSets?period=2023", null, "Authorization", Basic("editor", "wrong" + i));
            Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        }
        Assert.NotEmpty(await server.Store.SignInThrottlesAsync([SignInThrottle.AccountKey("editor")], Ct));
        using var throttled = await client.SendWithHeaderAsync(HttpMethod.Get, "/api/dataValueSets?period=2023", null, "Authorization", editor);
        Assert.Equal(HttpStatusCode.Unauthorized, throttled.StatusCode);
        Assert.Equal(Challenge, throttled.Headers.WwwAuthenticate.ToString());
        clock.Advance(SignInThrottle.ForAccount.Delay(SignInThrottle.ForAccount.FreeFailures + 1));
        using var after = await client.SendWithHeaderAsync(HttpMethod.Get, "/api/dataValueSets?period=2023", null, "Authorization", editor);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Without_the_setting_basic_credentials_are_not_taken()
    {
        await using var server = await PlatformServer.StartAsync();
        using var client = new ApiClient(server.Address);
        using var refused = await client.SendWithHeaderAsync(HttpMethod.Get, "/api/dataValueSets?period=2023", null, "Authorization", Basic("editor", server.Credential("editor").Password));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.False(refused.Headers.Contains("WWW-Authenticate"));
        Assert.Empty(await server.Store.SignInThrottlesAsync([SignInThrottle.AccountKey("editor")], Ct));
        // A session still works as before.
        using var editor = await server.ClientAsync("editor");
        using var read = await editor.SendAsync(HttpMethod.Get, "/api/dataValueSets?period=2023");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.False(BasicAuthenticationHandler.IsBasic(new System.Security.Claims.ClaimsPrincipal()));
    }
}
