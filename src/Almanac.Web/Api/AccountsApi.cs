using Almanac.Domain.Platform;
using Almanac.Web.Security;
using Almanac.Web.Services;

namespace Almanac.Web.Api;

/// <summary>
/// Account administration under /api/accounts (administrators: list, create, change role or scope, reset a password,
/// disable, enable) and a signed-in user's own password (POST /api/session/password). Every change ends the account's
/// sessions everywhere and is audited; the last enabled administrator is never disabled or demoted.
/// </summary>
public static class AccountsApi
{
    // Every field nullable: a field left out is refused by name (400), not taken as empty.
    public sealed record CreateRequest(string? UserName, string? DisplayName, string? Role, string? Office, string? Region, string? Password);

    public sealed record ChangeRequest(string? DisplayName, string? Role, string? Office, string? Region);

    public sealed record PasswordRequest(string? Password);

    public sealed record OwnPasswordRequest(string? CurrentPassword, string? NewPassword);

    public sealed record AccountDto(string UserName, string DisplayName, string Role, string? Office, string? Region, bool Disabled, DateTimeOffset? LastSignIn)
    {
        public static AccountDto Of(AccountListing a) =>
            new(a.Account.UserName, a.Account.DisplayName, a.Account.Role.Code(), a.Account.Office, a.Account.Region, a.Disabled, a.LastSignIn);
    }

    /// <summary>A created account, or a reset password: the generated password, shown this once (null when the administrator set one).</summary>
    public sealed record CreatedDto(AccountDto Account, string? Password);

    public sealed record PasswordDto(string UserName, string? Password);

    public static void MapAccountsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/accounts").WithTags("Accounts").WithAlmanacErrors();
        group.MapGet("/", async (HttpContext http, AccountService accounts, CancellationToken ct) =>
            TypedResults.Ok((await accounts.ListAsync(CurrentAccount.Required(http.User), ct)).Select(AccountDto.Of).ToList()))
            .WithSummary("Every account: user name, display name, role, office or region, disabled, last sign-in (administrators).");
        group.MapPost("/", async (CreateRequest request, HttpContext http, AccountService accounts, CancellationToken ct) =>
        {
            var (account, password) = await accounts.CreateAsync(CurrentAccount.Required(http.User),
                new NewAccount(RequestException.Required(request.UserName, "userName", "the new account's user name"), RequestException.Required(request.DisplayName, "displayName", "the person's name"),
                    RequestException.Required(request.Role, "role", "administrator, editor, regional-reviewer, focal-point or reader"), request.Office, request.Region, request.Password), ct);
            return TypedResults.Ok(new CreatedDto(AccountDto.Of(account), password));
        }).WithSummary("Creates an account (administrators); without a password one is generated and returned this once. 409 when the user name is taken.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{userName}", async (string userName, ChangeRequest request, HttpContext http, AccountService accounts, CancellationToken ct) =>
            TypedResults.Ok(AccountDto.Of(await accounts.UpdateAsync(CurrentAccount.Required(http.User), userName,
                new AccountChange(request.DisplayName, RequestException.Required(request.Role, "role", "administrator, editor, regional-reviewer, focal-point or reader"), request.Office, request.Region), ct))))
            .WithSummary("Changes an account's role and scope (and display name); a new role or scope ends its sessions everywhere. 409 for the last enabled administrator.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{userName}/password", async (string userName, PasswordRequest request, HttpContext http, AccountService accounts, CancellationToken ct) =>
            TypedResults.Ok(new PasswordDto(userName, await accounts.ResetPasswordAsync(CurrentAccount.Required(http.User), userName, request.Password, ct))))
            .WithSummary("Resets an account's password (administrators): the one given, or a generated one returned this once; its sessions end everywhere.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        foreach (var (path, disabled) in new[] { ("disable", true), ("enable", false) })
        {
            group.MapPost($"/{{userName}}/{path}", async (string userName, HttpContext http, AccountService accounts, CancellationToken ct) =>
                TypedResults.Ok(AccountDto.Of(await accounts.SetDisabledAsync(CurrentAccount.Required(http.User), userName, disabled, ct))))
                .WithName($"{path}-account")
                .WithSummary(disabled ? "Disables an account: it signs in no more and its sessions end everywhere. 409 for the last enabled administrator."
                    : "Enables a disabled account again (it signs in with its password).")
                .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        }
    }

    /// <summary>POST /api/session/password: the signed-in user's own password.</summary>
    public static void MapOwnPasswordApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/session").WithTags("Session").WithAlmanacErrors();
        group.MapPost("/password", async (OwnPasswordRequest request, HttpContext http, AccountService accounts, SessionService sessions, CancellationToken ct) =>
        {
            var account = CurrentAccount.Required(http.User);
            var stored = await accounts.ChangeOwnPasswordAsync(account, RequestException.Required(request.CurrentPassword, "currentPassword", "the password the account signs in with now"),
                RequestException.Required(request.NewPassword, "newPassword", $"the new password, {Domain.InputLimits.MinPasswordLength}–{Domain.InputLimits.MaxPasswordLength} characters"),
                SessionService.AddressOf(http), ct);
            // Every session of the account ended with the change, this one too: it goes on as a new session (a new cookie).
            await sessions.SignInAsync(http, stored, ct);
            return TypedResults.Ok(SessionApi.AccountDto.Of(stored.Account));
        }).WithSummary("Changes the signed-in account's own password (the current one required, throttled as sign-ins are): the account's other sessions end, "
            + "this one continues as a new session (new cookie; fetch a new antiforgery token).");
    }
}
