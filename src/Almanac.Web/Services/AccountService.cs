using System.Security.Cryptography;
using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Store;
using Almanac.Web.Security;

namespace Almanac.Web.Services;

/// <summary>A new account as an administrator asks for it; no password means one is generated and shown once.</summary>
public sealed record NewAccount(string? UserName, string? DisplayName, string? Role, string? Office, string? Region, string? Password);

/// <summary>An account's new display name, role and scope (office for a focal point, region for a reviewer, neither otherwise).</summary>
public sealed record AccountChange(string? DisplayName, string? Role, string? Office, string? Region);

/// <summary>
/// Account administration (administrators: list, create, change role or scope, reset a password, disable, enable) and
/// changing one's own password (anyone signed in, knowing the current one). The rules are the domain's
/// (<see cref="Access"/>, <see cref="AccountRules"/>); the store applies the lock-out rule and ends the account's
/// sessions everywhere in the transaction of each change, and this server forgets its last look at them at once.
/// </summary>
public sealed class AccountService(IPlatformStore store, TimeProvider clock, PasswordHashing hashing, SignInService signIn, SessionService sessions)
{
    /// <summary>Characters of a generated password: letters and digits that cannot be taken for one another (no 0/O, 1/l/I).</summary>
    private const string PasswordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>Length of a generated password: 20 characters of 56, about 116 bits.</summary>
    public const int GeneratedPasswordLength = 20;

    private Change ChangeBy(Account account) => new(account.UserName, clock.GetUtcNow());

    private static void RequireAdministrator(Account account)
    {
        if (!Access.CanAdministerAccounts(account)) throw AccessDeniedException.MayNot("administer-accounts", "administer accounts");
    }

    public static string GeneratePassword() => RandomNumberGenerator.GetString(PasswordAlphabet, GeneratedPasswordLength);

    public async Task<IReadOnlyList<AccountListing>> ListAsync(Account admin, CancellationToken cancellationToken)
    {
        RequireAdministrator(admin);
        return await store.AccountsAsync(cancellationToken);
    }

    public async Task<AccountListing> AccountAsync(Account admin, string userName, CancellationToken cancellationToken)
    {
        RequireAdministrator(admin);
        return (await store.AccountsAsync(cancellationToken)).FirstOrDefault(a => a.Account.UserName == userName) ?? throw NotFoundException.Account(userName);
    }

    /// <summary>Creates an account; returns it and the generated password when none was given (shown once, never stored).</summary>
    public async Task<(AccountListing Account, string? GeneratedPassword)> CreateAsync(Account admin, NewAccount request, CancellationToken cancellationToken)
    {
        RequireAdministrator(admin);
        var userName = request.UserName?.Trim() ?? "";
        if (AccountRules.UserNameProblem(userName) is { } nameProblem) throw new AccountException("userName", nameProblem);
        var account = await CheckedAsync(userName, new AccountChange(request.DisplayName, request.Role, request.Office, request.Region), cancellationToken);
        var generated = string.IsNullOrEmpty(request.Password) ? GeneratePassword() : null;
        var password = generated ?? request.Password!;
        if (AccountRules.PasswordProblem(password, userName) is { } passwordProblem) throw new AccountException("password", passwordProblem);
        await store.CreateAccountAsync(account, await hashing.HashAsync(account, password, cancellationToken), ChangeBy(admin), cancellationToken);
        return (await AccountAsync(admin, userName, cancellationToken), generated);
    }

    /// <summary>Changes an account's display name, role and scope; a new role or scope ends its sessions everywhere.</summary>
    public async Task<AccountListing> UpdateAsync(Account admin, string userName, AccountChange change, CancellationToken cancellationToken)
    {
        RequireAdministrator(admin);
        var stored = await store.AccountAsync(userName, cancellationToken) ?? throw NotFoundException.Account(userName);
        var account = await CheckedAsync(stored.Account.UserName, change with { DisplayName = change.DisplayName ?? stored.Account.DisplayName }, cancellationToken);
        await store.UpdateAccountAsync(account, null, ChangeBy(admin), cancellationToken);
        sessions.ForgetAccount(userName);
        return await AccountAsync(admin, userName, cancellationToken);
    }

    /// <summary>Sets a new password (generated when none is given, and returned to be shown once); the account's sessions end everywhere.</summary>
    public async Task<string?> ResetPasswordAsync(Account admin, string userName, string? password, CancellationToken cancellationToken)
    {
        RequireAdministrator(admin);
        var stored = await store.AccountAsync(userName, cancellationToken) ?? throw NotFoundException.Account(userName);
        var generated = string.IsNullOrEmpty(password) ? GeneratePassword() : null;
        var chosen = generated ?? password!;
        if (AccountRules.PasswordProblem(chosen, userName) is { } problem) throw new AccountException("password", problem);
        await store.UpdateAccountAsync(stored.Account, await hashing.HashAsync(stored.Account, chosen, cancellationToken), ChangeBy(admin), cancellationToken);
        sessions.ForgetAccount(userName);
        return generated;
    }

    /// <summary>Disables an account (its sessions end everywhere, it signs in no more) or enables it again.</summary>
    public async Task<AccountListing> SetDisabledAsync(Account admin, string userName, bool disabled, CancellationToken cancellationToken)
    {
        RequireAdministrator(admin);
        await store.SetAccountDisabledAsync(userName, disabled, ChangeBy(admin), cancellationToken);
        sessions.ForgetAccount(userName);
        return await AccountAsync(admin, userName, cancellationToken);
    }

    /// <summary>
    /// Changes the signed-in account's own password: the new one is checked first (no secret involved), then the current
    /// one as a sign-in would be, throttled alike (a stolen session cannot guess it faster than a sign-in). Every session
    /// of the account ends, this one too; returns the account as stored now, for the caller to start a new session.
    /// </summary>
    public async Task<StoredAccount> ChangeOwnPasswordAsync(Account account, string currentPassword, string newPassword, string address, CancellationToken cancellationToken)
    {
        if (AccountRules.PasswordProblem(newPassword, account.UserName) is { } problem) throw new AccountException("newPassword", problem);
        if (newPassword == currentPassword) throw new AccountException("newPassword", Refusal.Of("account.password-unchanged", "the new password is the current one: choose another"));
        var stored = await signIn.CheckAsync(account.UserName, currentPassword, address, cancellationToken)
            ?? throw new AccountException("currentPassword", Refusal.Of("account.current-password-wrong", "the current password is wrong, or too many failed attempts: wait a minute and try again"));
        await store.UpdateAccountAsync(stored.Account, await hashing.HashAsync(stored.Account, newPassword, cancellationToken), ChangeBy(account), cancellationToken);
        sessions.ForgetAccount(account.UserName);
        return await store.AccountAsync(account.UserName, cancellationToken) ?? throw NotFoundException.Account(account.UserName);
    }

    private static readonly string RoleCodes = string.Join(", ", Enum.GetValues<Role>().Select(r => r.Code()));

    /// <summary>The account the change describes, its display name, role and scope checked (the scope against the platform's offices).</summary>
    private async Task<Account> CheckedAsync(string userName, AccountChange change, CancellationToken cancellationToken)
    {
        var displayName = change.DisplayName?.Trim();
        if (AccountRules.DisplayNameProblem(displayName) is { } displayProblem) throw new AccountException("displayName", displayProblem);
        var role = Roles.Parse(change.Role)
            ?? throw new AccountException("role", Refusal.Of("account.role-unknown", $"role {InputLimits.Quote(change.Role ?? "")}: one of {RoleCodes}", InputLimits.Quote(change.Role ?? ""), RoleCodes));
        var account = new Account(userName, displayName!, role, Blank(change.Office), Blank(change.Region));
        if (AccountRules.ScopeProblem(account, await store.OfficesAsync(cancellationToken)) is { } scopeProblem)
            throw new AccountException(AccountRules.ScopeField(account), AccountRules.ScopeOf(userName, scopeProblem));
        return account;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
