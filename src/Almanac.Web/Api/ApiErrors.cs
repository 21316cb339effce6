using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Web.Localization;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Almanac.Web.Api;

/// <summary>
/// The API's errors as ProblemDetails (RFC 9457), one mapping for every endpoint: the Almanac error's message is the
/// detail, its kind the status. Writes from a browser session must carry the antiforgery token.
/// </summary>
/// <remarks>
/// A refusal of a rule (<see cref="Refusal"/>) gives programs its stable <c>code</c>, and its detail (and the messages by
/// field of a refused questionnaire) in the request's language (the culture cookie, Accept-Language; English by default),
/// as the pages say it: a program decides by the code, never by the words. Errors without a code, and the titles, stay
/// in English.
/// </remarks>
public static class ApiErrors
{
    public static int StatusOf(AlmanacException error) => error switch
    {
        AccessDeniedException => StatusCodes.Status403Forbidden,
        NotFoundException => StatusCodes.Status404NotFound,
        ConcurrencyException => StatusCodes.Status409Conflict,
        OfficeException { Conflict: true } => StatusCodes.Status409Conflict,
        WorkflowException => StatusCodes.Status409Conflict,
        FieldProblemsException or AnswerException => StatusCodes.Status422UnprocessableEntity,
        ServerBusyException => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    public static string TitleOf(int status) => status switch
    {
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status422UnprocessableEntity => "Unprocessable answers",
        StatusCodes.Status503ServiceUnavailable => "Busy",
        _ => "Bad request",
    };

    public static ProblemHttpResult Problem(AlmanacException error, IStringLocalizer<UiText> text)
    {
        var status = StatusOf(error);
        var extensions = new Dictionary<string, object?>();
        if (error is IncompleteException incomplete) extensions["missing"] = incomplete.Problems.Select(p => new { key = p.Key, problem = p.Problem }).ToList();
        if (error is AnswerException answer)
        {
            extensions["key"] = answer.Key;
            extensions["errors"] = new Dictionary<string, string[]> { [Answering.QuestionOf(answer.Key)] = [RefusalText.Say(answer, text)] };
        }
        // As ASP.NET's validation problems: messages by field, here the question id, so that a form shows each beside its question.
        if (error is FieldProblemsException fields)
        {
            extensions["key"] = fields.Fields[0].Key;
            extensions["errors"] = fields.Fields.GroupBy(f => f.Question, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(f => RefusalText.Say(f, text)).ToArray(), StringComparer.Ordinal);
        }
        if (error is RequestException request) extensions["field"] = request.Field;
        if (error is AccountException account) extensions["field"] = account.Field;
        if (error is OfficeException office) extensions["field"] = office.Field;
        if (error is QuestionnaireRefusedException refused)
        {
            extensions["errors"] = refused.Problems.GroupBy(p => p.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(p => RefusalText.Say(p, text)).ToArray(), StringComparer.Ordinal);
        }
        if (error.Refusal is { } refusal) extensions["code"] = refusal.Code;
        return TypedResults.Problem(RefusalText.Say(error, text), statusCode: status, title: TitleOf(status), extensions: extensions);
    }

    /// <summary>Turns Almanac errors into ProblemDetails, and checks the antiforgery token on every write.</summary>
    public static RouteGroupBuilder WithAlmanacErrors(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            // A request signed in by basic authentication carries no cookie a forged request could borrow but the
            // browser's remembered credentials: the endpoints that take it refuse the bodies a form can send instead.
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !BasicAuthenticationHandler.IsBasic(http.User))
            {
                try
                {
                    await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
                }
                catch (AntiforgeryValidationException)
                {
                    return TypedResults.Problem("the request lacks a valid antiforgery token: send the token from GET /api/session/antiforgery in the X-CSRF-TOKEN header",
                        statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
                }
            }
            try
            {
                return await next(context);
            }
            catch (AlmanacException error)
            {
                return Problem(error, http.RequestServices.GetRequiredService<IStringLocalizer<UiText>>());
            }
        });
        group.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }
}

/// <summary>
/// A request the API cannot take as sent (HTTP 400): a field missing, null, of the wrong type or malformed. Names the
/// field as the request writes it ("version", "answers.data-products") and what it must be.
/// </summary>
public sealed class RequestException(string field, string problem) : AlmanacException($"request field '{field}': {problem}")
{
    public string Field { get; } = field;

    /// <summary>The field's value, or a <see cref="RequestException"/> saying it is required and what it is.</summary>
    public static T Required<T>(T? value, string field, string what) where T : class =>
        value ?? throw new RequestException(field, $"required: {what}");

    /// <summary>The field's value, or a <see cref="RequestException"/> saying it is required and what it is.</summary>
    public static T Required<T>(T? value, string field, string what) where T : struct =>
        value ?? throw new RequestException(field, $"required: {what}");
}
