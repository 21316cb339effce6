using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Almanac.Web.Tests;

/// <summary>Where a visitor is sent to sign in, and how long a session lasts.</summary>
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

    [Fact]
    public async Task A_session_lasts_the_configured_minutes()
    {
        await using var configured = await PlatformServer.StartAsync(configure: o => o.SessionMinutes = 7);
        Assert.Equal(TimeSpan.FromMinutes(7), Cookie(configured).ExpireTimeSpan);
        await using var plain = await PlatformServer.StartAsync();
        Assert.Equal(TimeSpan.FromMinutes(new PlatformOptions().SessionMinutes), Cookie(plain).ExpireTimeSpan);
    }

    private static CookieAuthenticationOptions Cookie(PlatformServer server) =>
        server.App.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
}
