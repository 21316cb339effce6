using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Almanac.Domain.Platform;
using Almanac.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Almanac.Web.Security;

/// <summary>
/// Server-side sessions. The cookie carries a random session secret; the store keeps the session under the secret's
/// SHA-256 with the account's security stamp at sign-in, its last request and its expiry. Every request's cookie is
/// checked against the store (<see cref="ValidateAsync"/>): the session must exist, not be ended or expired
/// (<see cref="SessionPolicy"/>: Platform:SessionMinutes idle, sliding; Platform:SessionMaxHours after sign-in at most),
/// and the account must be enabled with the same stamp. The store is the truth, so a sign-out or an account change on
/// one server ends the session on every server of the store; each server trusts its last look at a session for
/// <see cref="SessionPolicy.CheckWindow"/> (5 s), and forgets it at once when the sign-out or change happens through it.
/// On the embedded store, whose only writer is this process, a look holds for as long as the store's
/// <see cref="IPlatformStore.SessionsVersion"/> stands: every change that may refuse a session moves it, so a request of a
/// busy session reads nothing (a session still expires by the clock, and its idle deadline is written once a minute).
/// </summary>
public sealed class SessionService(IPlatformStore store, TimeProvider clock, IOptions<PlatformOptions> options)
{
    private const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    // The last look at each session: what the store said and when. Bounded: past MaxCached entries, stale ones go.
    private readonly ConcurrentDictionary<string, Look> _looks = new(StringComparer.Ordinal);
    private const int MaxCached = 4096;

    private sealed record Look(AccountSession Session, StoredAccount Account, DateTimeOffset At, long? Version)
    {
        /// <summary>Whether this look may stand in for the store's at <paramref name="now"/>, the store's sessions version being <paramref name="version"/>.</summary>
        public bool Holds(DateTimeOffset now, long? version) =>
            version is not null ? Version == version : now - At < SessionPolicy.CheckWindow && now >= At;
    }

    /// <summary>The lifetimes configured (Platform:SessionMinutes, Platform:SessionMaxHours).</summary>
    public SessionPolicy Policy => new(TimeSpan.FromMinutes(options.Value.SessionMinutes), TimeSpan.FromHours(options.Value.SessionMaxHours));

    /// <summary>Starts a session for an account whose password was just checked, and sets its cookie.</summary>
    public async Task SignInAsync(HttpContext http, StoredAccount account, CancellationToken cancellationToken)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var session = new AccountSession(Key(secret), account.Account.UserName, account.SecurityStamp, now, now, Policy.ExpiresAt(now, now), null);
        await store.StartSessionAsync(session, AddressOf(http), cancellationToken);
        await http.SignInAsync(Scheme, CurrentAccount.ToPrincipal(account.Account, secret, Scheme));
    }

    /// <summary>Ends the request's session in the store (on every server) and clears its cookie.</summary>
    public async Task SignOutAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (CurrentAccount.SessionOf(http.User) is { } secret)
        {
            var key = Key(secret);
            _looks.TryRemove(key, out _);
            await store.EndSessionAsync(key, clock.GetUtcNow(), cancellationToken);
        }
        await http.SignOutAsync(Scheme);
    }

    /// <summary>
    /// Forgets this server's last look at every session of the account, after a change to it made through this server
    /// (a new password, role or scope, disabling): its sessions are refused here at once, not after the check window.
    /// </summary>
    public void ForgetAccount(string userName)
    {
        foreach (var (key, look) in _looks)
        {
            if (look.Account.Account.UserName == userName) _looks.TryRemove(key, out _);
        }
    }

    /// <summary>The cookie handler's check of every request's cookie: refused (and cleared) unless its session is open in the store.</summary>
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var secret = context.Principal is { } principal ? CurrentAccount.SessionOf(principal) : null;
        if (secret is null || !await IsOpenAsync(Key(secret), context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    private async Task<bool> IsOpenAsync(string key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // The version before the read: a change committed meanwhile then leaves this look behind.
        var version = store.SessionsVersion;
        if (!_looks.TryGetValue(key, out var look) || !look.Holds(now, version))
        {
            if (await store.SessionAsync(key, cancellationToken) is not { } found)
            {
                _looks.TryRemove(key, out _);
                return false;
            }
            look = new Look(found.Session, found.Account, now, version);
            Remember(key, look);
        }
        if (SessionPolicy.Refusal(look.Session, look.Account.SecurityStamp, look.Account.Disabled, now) is not null) return false;
        if (now - look.Session.LastSeen >= SessionPolicy.TouchInterval)
        {
            // Sliding: the idle deadline moves on with use, written at most once a TouchInterval.
            var expiresAt = Policy.ExpiresAt(look.Session.CreatedAt, now);
            await store.TouchSessionAsync(key, now, expiresAt, cancellationToken);
            Remember(key, look with { Session = look.Session with { LastSeen = now, ExpiresAt = expiresAt } });
        }
        return true;
    }

    private void Remember(string key, Look look)
    {
        if (_looks.Count >= MaxCached)
        {
            foreach (var (stale, old) in _looks)
            {
                if (look.At - old.At >= SessionPolicy.CheckWindow) _looks.TryRemove(stale, out _);
            }
        }
        _looks[key] = look;
    }

    /// <summary>The client's address as this server sees it (behind a reverse proxy: the proxy's, unless forwarded headers are configured).</summary>
    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>The key the store keeps a session under: the SHA-256 of its secret, so that the table alone opens no session.</summary>
    private static string Key(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
