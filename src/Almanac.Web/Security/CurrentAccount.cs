using System.Security.Claims;
using Almanac.Domain.Platform;

namespace Almanac.Web.Security;

/// <summary>The signed-in account as the session cookie carries it (name, role, scope, session secret), and back.</summary>
public static class CurrentAccount
{
    private const string OfficeClaim = "almanac:office";
    private const string RegionClaim = "almanac:region";
    private const string DisplayClaim = "almanac:display";
    private const string SessionClaim = "almanac:session";

    /// <summary>The principal a session cookie carries: the account as it signed in, and the secret of its server-side session.</summary>
    public static ClaimsPrincipal ToPrincipal(Account account, string sessionSecret, string scheme) => Principal(account, scheme, sessionSecret);

    /// <summary>The principal of an account signed in for one request, without a session (basic authentication).</summary>
    public static ClaimsPrincipal ToPrincipal(Account account, string scheme) => Principal(account, scheme, null);

    private static ClaimsPrincipal Principal(Account account, string scheme, string? sessionSecret)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, account.UserName),
            new(ClaimTypes.Role, account.Role.Code()),
            new(DisplayClaim, account.DisplayName),
        };
        if (sessionSecret is not null) claims.Add(new Claim(SessionClaim, sessionSecret));
        if (account.Office is not null) claims.Add(new Claim(OfficeClaim, account.Office));
        if (account.Region is not null) claims.Add(new Claim(RegionClaim, account.Region));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The secret of the principal's server-side session; null for a cookie made before sessions were kept (refused).</summary>
    public static string? SessionOf(ClaimsPrincipal user) => user.FindFirstValue(SessionClaim);

    /// <summary>The account of a signed-in user; null for an anonymous one.</summary>
    public static Account? Of(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.Identity.Name is not { } name) return null;
        var role = Roles.Parse(user.FindFirstValue(ClaimTypes.Role));
        return role is null ? null : new Account(name, user.FindFirstValue(DisplayClaim) ?? name, role.Value, user.FindFirstValue(OfficeClaim), user.FindFirstValue(RegionClaim));
    }

    /// <summary>The account of a request that passed authorization (every endpoint but sign-in requires one).</summary>
    public static Account Required(ClaimsPrincipal user) => Of(user) ?? throw new AccessDeniedException(Domain.Refusal.Of("access.sign-in", "sign in first"));
}

/// <summary>The signed-in account may not do this (HTTP 403).</summary>
public sealed class AccessDeniedException(Domain.Refusal refusal) : Domain.AlmanacException(refusal)
{
    /// <summary>"your account may not {what}", coded "access.{code}" with the arguments the words name (an office's code).</summary>
    public static AccessDeniedException MayNot(string code, string what, params object[] arguments) =>
        new(Domain.Refusal.Of("access." + code, $"your account may not {what}", arguments));
}
