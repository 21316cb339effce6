using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Almanac.Web.Security;

/// <summary>
/// HTTP basic authentication for DHIS2 clients, which send <c>Authorization: Basic</c> on every request and keep no
/// cookie: only the endpoints that list <see cref="SchemeName"/> take it (<c>/api/dataValueSets</c>), only when
/// <see cref="PlatformOptions.Dhis2BasicAuth"/> is on. The password is checked by <see cref="SignInService"/> — the same
/// hash check, throttling and bounded hashing pool as a sign-in — and no session is made: the account is signed in for
/// the one request. Refused credentials answer 401 with <c>WWW-Authenticate: Basic realm="…"</c>.
/// </summary>
public sealed class BasicAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IOptionsMonitor<PlatformOptions> platform, SignInService signIn) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name, as endpoints list it.</summary>
    public const string SchemeName = "Basic";

    /// <summary>The realm a refusal names: what the credentials are for.</summary>
    public const string Realm = "Almanac DHIS2 API";

    /// <summary>Whether the request's account was signed in by basic authentication (no session, no antiforgery cookie).</summary>
    public static bool IsBasic(ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, AuthenticationType: SchemeName };

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!platform.CurrentValue.Dhis2BasicAuth) return AuthenticateResult.NoResult();
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization.ToString(), out var header)
            || !SchemeName.Equals(header.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        string userName, password;
        try
        {
            // RFC 7617: base64 of "user-id:password", the password after the first colon; UTF-8, as the challenge's charset says.
            var decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(header.Parameter ?? ""));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) return AuthenticateResult.Fail("basic credentials are base64 of user:password");
            (userName, password) = (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return AuthenticateResult.Fail("basic credentials are base64 of user:password in UTF-8");
        }
        var stored = await signIn.CheckAsync(userName, password, SessionService.AddressOf(Context), Context.RequestAborted);
        if (stored is null) return AuthenticateResult.Fail(SignInService.Refusal);
        return AuthenticateResult.Success(new AuthenticationTicket(CurrentAccount.ToPrincipal(stored.Account, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // Only an enabled scheme says it takes basic credentials: a browser would otherwise offer its password dialog for nothing.
        if (platform.CurrentValue.Dhis2BasicAuth) Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }
}
