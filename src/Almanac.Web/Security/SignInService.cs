using Almanac.Domain.Platform;
using Almanac.Store;
using Microsoft.AspNetCore.Identity;

namespace Almanac.Web.Security;

/// <summary>
/// Checks a user name and password against the stored salted PBKDF2 hash (ASP.NET Core Identity's password hasher),
/// throttled per account name and per client address (<see cref="SignInThrottle"/>) instead of locking accounts: an
/// attacker is slowed down, the owner is never shut out for more than <see cref="SignInThrottle.ForAccount"/>'s longest
/// window. Unknown names, wrong passwords, disabled accounts and throttled attempts get one answer
/// (<see cref="Refusal"/>), and every attempt verifies one password hash (a decoy's for an unknown name), so neither the
/// answer nor its time tells which names exist.
/// </summary>
public sealed class SignInService
{
    /// <summary>The one answer to every refused sign-in, whatever the reason.</summary>
    public const string Refusal = "Wrong user name or password, or too many failed attempts: wait a minute and try again.";

    private static readonly PasswordHasher<Account> DefaultHasher = new();

    // Verified when the user does not exist, so that an unknown name takes as long as a wrong password.
    private static readonly Account DecoyAccount = new("-", "-", Role.Reader, null, null);

    private readonly IPlatformStore _store;
    private readonly TimeProvider _clock;
    private readonly PasswordHashing _hashing;
    private readonly string _decoyHash;

    // One attempt at a time per address and per account name on this server, so that a burst of parallel guesses is
    // counted like a sequence (each sees the failures before it) rather than all passing the check at once. Keys share
    // 64 stripes: unrelated attempts now and then wait for each other, for the length of one hash.
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public SignInService(IPlatformStore store, TimeProvider clock, IPasswordHasher<Account> hasher, PasswordHashing hashing)
    {
        _store = store;
        _clock = clock;
        _hashing = hashing;
        _decoyHash = hasher.HashPassword(DecoyAccount, Guid.NewGuid().ToString());
    }

    /// <summary>A password hash to store for the account (the same hasher and format as sign-in verifies).</summary>
    public static string Hash(Account account, string password) => DefaultHasher.HashPassword(account, password);

    /// <summary>
    /// The account when the password is right, the account enabled and neither the name nor the address throttled;
    /// null otherwise (answer <see cref="Refusal"/>). <paramref name="address"/> is the client's address as the server sees it.
    /// </summary>
    public async Task<StoredAccount?> CheckAsync(string userName, string password, string address, CancellationToken cancellationToken)
    {
        var name = userName.Trim();
        var addressKey = SignInThrottle.AddressKey(address);
        var accountKey = SignInThrottle.AccountKey(name);
        var stripes = new[] { Stripe(addressKey), Stripe(accountKey) }.Distinct().Order().ToList();
        var held = 0;
        try
        {
            foreach (var stripe in stripes)
            {
                await _stripes[stripe].WaitAsync(cancellationToken);
                held++;
            }
            var now = _clock.GetUtcNow();
            var throttles = await _store.SignInThrottlesAsync([addressKey, accountKey], cancellationToken);
            var throttled = SignInThrottle.IsThrottled(throttles.GetValueOrDefault(addressKey), now) || SignInThrottle.IsThrottled(throttles.GetValueOrDefault(accountKey), now);
            var stored = await _store.AccountAsync(name, cancellationToken);
            // Always one verification, whatever the outcome will be: the time of an answer must not tell it.
            var verdict = await _hashing.VerifyAsync(stored?.Account ?? DecoyAccount, stored?.PasswordHash ?? _decoyHash, password, cancellationToken);
            // Refused inside a window without counting, so that refusals never lengthen it.
            if (throttled) return null;
            if (stored is null || stored.Disabled || verdict == PasswordVerificationResult.Failed)
            {
                var after = new Dictionary<string, ThrottleState>(StringComparer.Ordinal)
                {
                    [addressKey] = SignInThrottle.ForAddress.AfterFailure(throttles.GetValueOrDefault(addressKey), now),
                    [accountKey] = SignInThrottle.ForAccount.AfterFailure(throttles.GetValueOrDefault(accountKey), now),
                };
                await _store.RecordSignInFailureAsync(name, address, after, now, cancellationToken);
                return null;
            }
            if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            {
                await _store.RehashPasswordAsync(stored.Account.UserName, stored.PasswordHash, await _hashing.HashAsync(stored.Account, password, cancellationToken), cancellationToken);
            }
            return stored;
        }
        finally
        {
            foreach (var stripe in stripes.Take(held)) _stripes[stripe].Release();
        }
    }

    private int Stripe(string key) => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length);
}
