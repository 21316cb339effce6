using System.Text;
using Almanac.Domain.Platform;
using Almanac.Ingest.Platform;
using Almanac.Web.Security;
using Almanac.Web.Services;

namespace Almanac.Web.Api;

/// <summary>Offices, frameworks and questionnaires: read by everyone signed in, imported (as a file) by administrators; offices also added, changed and deleted one at a time.</summary>
public static class DefinitionsApi
{
    public const string YamlType = "application/yaml";

    private static async Task<string> BodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }

    public static void MapOfficesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/offices").WithTags("Offices").WithAlmanacErrors();
        group.MapGet("/", async (PlatformService platform, CancellationToken ct) => TypedResults.Ok((await platform.OfficesAsync(ct)).Select(OfficeDto.Of).ToList()))
            .WithSummary("Every office: code, name, kind (headquarters, regional, country, as the CSV writes it), region, country.");
        group.MapGet("/export", async (PlatformService platform, CancellationToken ct) =>
            TypedResults.Text(PlatformFiles.WriteOffices(await platform.OfficesAsync(ct)), "text/csv", Encoding.UTF8))
            .WithSummary("The offices as CSV (code, name, kind, region, country), as import takes them.");
        group.MapPost("/import", async (HttpContext http, PlatformService platform, CancellationToken ct) =>
        {
            var offices = await platform.ImportOfficesAsync(CurrentAccount.Required(http.User), "request body", new StringReader(await BodyAsync(http.Request, ct)), ct);
            return TypedResults.Ok(new { imported = offices.Count });
        }).Accepts<string>("text/csv").WithSummary("Adds or replaces offices from CSV in one transaction (administrators).");
        group.MapPost("/", async (OfficeRequest request, HttpContext http, PlatformService platform, CancellationToken ct) =>
            TypedResults.Ok(OfficeDto.Of(await platform.AddOfficeAsync(CurrentAccount.Required(http.User), request.Fields(RequestException.Required(request.Code, "code", "the new office's code")), ct))))
            .WithSummary("Adds an office (administrators), checked as an import checks a file: 400 naming the field and value, 409 when the code is taken.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{code}", async (string code, OfficeRequest request, HttpContext http, PlatformService platform, CancellationToken ct) =>
            TypedResults.Ok(OfficeDto.Of(await platform.UpdateOfficeAsync(CurrentAccount.Required(http.User), code, request.Fields(code), ct))))
            .WithSummary("Changes an office's name, kind, region and country (administrators); the code is the key and stays (a code in the body is ignored).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{code}", async (string code, HttpContext http, PlatformService platform, CancellationToken ct) =>
        {
            await platform.DeleteOfficeAsync(CurrentAccount.Required(http.User), code, ct);
            return TypedResults.NoContent();
        }).WithSummary("Deletes an office (administrators): only one no submission, account or office refers to (409 otherwise, saying what does).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>An office as the API answers it: the kind as the CSV and requests write it.</summary>
    public sealed record OfficeDto(string Code, string Name, string Kind, string? Region, string? Country)
    {
        public static OfficeDto Of(Office o) => new(o.Code, o.Name, o.Kind.Code(), o.Region, o.Country);
    }

    /// <summary>An office as a request writes it; every field nullable, so that one left out is refused by name, not taken as empty.</summary>
    public sealed record OfficeRequest(string? Code, string? Name, string? Kind, string? Region, string? Country)
    {
        public OfficeFields Fields(string code) => new(code, RequestException.Required(Name, "name", "the office's name"),
            RequestException.Required(Kind, "kind", "headquarters, regional or country"), Region, Country);
    }

    public static void MapFrameworksApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/frameworks").WithTags("Frameworks").WithAlmanacErrors();
        group.MapGet("/", async (PlatformService platform, CancellationToken ct) => TypedResults.Ok(await platform.FrameworksAsync(ct)))
            .WithSummary("The results frameworks with their nodes and indicators.");
        group.MapGet("/export", async (PlatformService platform, CancellationToken ct) =>
            TypedResults.Text(PlatformFiles.WriteFrameworks(await platform.FrameworksAsync(ct)), YamlType, Encoding.UTF8))
            .WithSummary("The frameworks as a YAML file, as import takes it.");
        group.MapPost("/import", async (HttpContext http, PlatformService platform, CancellationToken ct) =>
        {
            var frameworks = await platform.ImportFrameworksAsync(CurrentAccount.Required(http.User), "request body", await BodyAsync(http.Request, ct), ct);
            return TypedResults.Ok(new { imported = frameworks.Select(f => f.Id).ToList() });
        }).Accepts<string>(YamlType).WithSummary("Adds or replaces frameworks from a YAML file (administrators).");
    }

    private static string Quoted(string stamp) => $"\"{stamp}\"";

    /// <summary>The stamp an If-Match names: its first entity tag, without quotes or a weak prefix.</summary>
    private static string Unquoted(string ifMatch) => ifMatch.Split(',')[0].Trim().TrimStart('W', '/').Trim('"');

    public static void MapQuestionnairesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/questionnaires").WithTags("Questionnaires").WithAlmanacErrors();
        group.MapGet("/", async (PlatformService platform, CancellationToken ct) => TypedResults.Ok(await platform.QuestionnaireYearsAsync(ct)))
            .WithSummary("The years that have a questionnaire.");
        group.MapGet("/{year:int}", async (int year, PlatformService platform, CancellationToken ct) => TypedResults.Ok(await platform.QuestionnaireAsync(year, ct)))
            .WithSummary("A year's questionnaire: sections tied to framework nodes, questions with kinds, help, show-if.");
        group.MapGet("/{year:int}/export", async (int year, HttpContext http, PlatformService platform, CancellationToken ct) =>
        {
            var stored = await platform.StampedQuestionnaireAsync(year, ct);
            http.Response.Headers.ETag = Quoted(stored.Stamp);
            return TypedResults.Text(PlatformFiles.WriteQuestionnaire(stored.Questionnaire), YamlType, Encoding.UTF8);
        }).WithSummary("A year's questionnaire as a YAML file, as import takes it; its ETag is the stamp an import's If-Match may name.");
        group.MapPost("/import", async (HttpContext http, PlatformService platform, CancellationToken ct) =>
        {
            var stamp = http.Request.Headers.IfMatch.ToString() is { Length: > 0 } ifMatch ? Unquoted(ifMatch) : null;
            var (questionnaire, saved) = await platform.ImportQuestionnaireAtAsync(CurrentAccount.Required(http.User), "request body", await BodyAsync(http.Request, ct), stamp, ct);
            http.Response.Headers.ETag = Quoted(saved);
            return TypedResults.Ok(new { year = questionnaire.Year, questions = questionnaire.Questions.Count(), stamp = saved });
        }).Accepts<string>(YamlType).WithSummary("Adds or replaces a year's questionnaire from a YAML file (administrators; not once the year is locked, nor when it "
            + "would lose answers the year's submissions hold). With If-Match (the export's ETag), refused (409) when the questionnaire changed since.");
    }
}
