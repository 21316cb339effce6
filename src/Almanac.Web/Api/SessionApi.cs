using Almanac.Domain.Platform;
using Almanac.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Almanac.Web.Api;

/// <summary>Signing in and out through the API, and the antiforgery token that every API write carries.</summary>
public static class SessionApi
{
    public sealed record Credentials(string? UserName, string? Password);

    public sealed record AntiforgeryToken(string HeaderName, string Token);

    public sealed record AccountDto(string UserName, string DisplayName, string Role, string? Office, string? Region)
    {
        public static AccountDto Of(Account a) => new(a.UserName, a.DisplayName, a.Role.Code(), a.Office, a.Region);
    }

    public static void MapSessionApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/session").WithTags("Session").WithAlmanacErrors();
        group.MapGet("/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            return TypedResults.Ok(new AntiforgeryToken(tokens.HeaderName!, tokens.RequestToken!));
        }).AllowAnonymous().WithSummary("An antiforgery token for the session (sets its cookie); send it as X-CSRF-TOKEN on writes.");

        group.MapPost("/", async Task<Results<Ok<AccountDto>, ProblemHttpResult>> (Credentials credentials, HttpContext http, SignInService signIn, CancellationToken ct) =>
        {
            var (account, refusal) = await signIn.CheckAsync(RequestException.Required(credentials.UserName, "userName", "the account's user name"),
                RequestException.Required(credentials.Password, "password", "the account's password"), ct);
            if (account is null) return TypedResults.Problem(refusal, statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in refused");
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, CurrentAccount.ToPrincipal(account, CookieAuthenticationDefaults.AuthenticationScheme));
            return TypedResults.Ok(AccountDto.Of(account));
        }).AllowAnonymous().WithSummary("Signs in with a local account; the session cookie is set. Repeated failures lock the account.");

        group.MapGet("/", (HttpContext http) => TypedResults.Ok(AccountDto.Of(CurrentAccount.Required(http.User))))
            .WithSummary("The signed-in account.");

        group.MapDelete("/", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.NoContent();
        }).WithSummary("Signs out.");
    }
}
