using Almanac.Domain.Platform;
using Almanac.Store;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Almanac.Web.Security;

/// <summary>
/// Checks a user name and password against the stored salted PBKDF2 hash (ASP.NET Core Identity's password hasher),
/// refuses locked accounts, and records every attempt so that repeated failures lock the account.
/// </summary>
public sealed class SignInService(IPlatformStore store, TimeProvider clock, IOptions<PlatformOptions> options)
{
    private static readonly PasswordHasher<Account> Hasher = new();

    // Verified when the user does not exist, so that an unknown name takes as long as a wrong password.
    private static readonly string DecoyHash = Hasher.HashPassword(new Account("-", "-", Role.Reader, null, null), Guid.NewGuid().ToString());

    public static string Hash(Account account, string password) => Hasher.HashPassword(account, password);

    private LockoutPolicy Policy => new(options.Value.MaxFailedSignIns, TimeSpan.FromMinutes(options.Value.LockoutMinutes));

    /// <summary>The account when the password is right and the account not locked; otherwise why not, in words safe to show.</summary>
    public async Task<(Account? Account, string? Refusal)> CheckAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var stored = await store.AccountAsync(userName.Trim(), cancellationToken);
        var now = clock.GetUtcNow();
        if (stored is null)
        {
            Hasher.VerifyHashedPassword(null!, DecoyHash, password);
            return (null, "Wrong user name or password.");
        }
        if (stored.LockedUntil > now)
        {
            return (null, $"This account is locked after repeated failed sign-ins until {stored.LockedUntil:HH:mm} UTC.");
        }
        var verdict = Hasher.VerifyHashedPassword(stored.Account, stored.PasswordHash, password);
        var succeeded = verdict != PasswordVerificationResult.Failed;
        await store.RecordSignInAsync(stored.Account.UserName, succeeded, Policy, now, cancellationToken);
        if (!succeeded) return (null, "Wrong user name or password.");
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await store.SaveAccountAsync(stored.Account, Hash(stored.Account, password), new Change(stored.Account.UserName, now), cancellationToken);
        }
        return (stored.Account, null);
    }
}
