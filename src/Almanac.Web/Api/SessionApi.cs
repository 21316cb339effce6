using Almanac.Domain.Platform;
using Almanac.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
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

        group.MapPost("/", async Task<Results<Ok<AccountDto>, ProblemHttpResult>> (Credentials credentials, HttpContext http, SignInService signIn, SessionService sessions, CancellationToken ct) =>
        {
            var account = await signIn.CheckAsync(RequestException.Required(credentials.UserName, "userName", "the account's user name"),
                RequestException.Required(credentials.Password, "password", "the account's password"), SessionService.AddressOf(http), ct);
            if (account is null) return TypedResults.Problem(SignInService.Refusal, statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in refused");
            await sessions.SignInAsync(http, account, ct);
            return TypedResults.Ok(AccountDto.Of(account.Account));
        }).AllowAnonymous().WithSummary("Signs in with a local account; the session cookie is set. Repeated failures slow further attempts down (README, Security).");

        group.MapGet("/", (HttpContext http) => TypedResults.Ok(AccountDto.Of(CurrentAccount.Required(http.User))))
            .WithSummary("The signed-in account.");

        group.MapDelete("/", async (HttpContext http, SessionService sessions, CancellationToken ct) =>
        {
            await sessions.SignOutAsync(http, ct);
            return TypedResults.NoContent();
        }).WithSummary("Signs out: the session ends on every server, and its cookie is refused from then on.");
    }
}
