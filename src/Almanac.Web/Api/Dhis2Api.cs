using System.Text;
using Almanac.Domain;
using Almanac.Ingest.Dhis2;
using Almanac.Store.Facts;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace Almanac.Web.Api;

/// <summary>
/// /api/dataValueSets as DHIS2 clients call it: GET a year's stored figures as a data value set (JSON, CSV) or an ADX
/// document, POST one to import it (dryRun=true to check and count only), answered with DHIS2's import summary. For
/// administrators and editors (<see cref="Domain.Platform.Access.CanExchangeDataValues"/>); through the project's
/// mapping, <c>data/dhis2/mapping.yaml</c>.
/// </summary>
public static class Dhis2Api
{
    public static void MapDhis2Api(this RouteGroupBuilder api)
    {
        // DHIS2 clients sign in by basic authentication on every request (when Platform:Dhis2BasicAuth is on), people by their session.
        var group = api.MapGroup("/dataValueSets").WithTags("DHIS2").WithAlmanacErrors()
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = $"{CookieAuthenticationDefaults.AuthenticationScheme},{BasicAuthenticationHandler.SchemeName}" });
        group.MapGet("/", async (string? period, string? orgUnit, string? format, HttpContext http, PlatformService platform, CancellationToken ct) =>
        {
            var year = period is null ? throw new RequestException("period", "the yearly period to export: period=2023")
                : Dhis2DataValues.YearOf(period) is { } y and >= ObservationFile.MinYear and <= ObservationFile.MaxYear ? y
                : throw new RequestException("period", $"{InputLimits.Quote(period)} is not a yearly period from {ObservationFile.MinYear} to {ObservationFile.MaxYear} (2023)");
            var kind = format?.Trim().ToLowerInvariant() switch
            {
                null or "" => Accepted(http.Request.Headers.Accept.ToString()),
                "json" => Dhis2Format.Json,
                "csv" => Dhis2Format.Csv,
                "adx" => Dhis2Format.Adx,
                _ => throw new RequestException("format", $"{InputLimits.Quote(format)}: write json, csv or adx"),
            };
            var export = await platform.ExportDataValuesAsync(CurrentAccount.Required(http.User), year, string.IsNullOrWhiteSpace(orgUnit) ? null : orgUnit.Trim(), ct);
            var bytes = Dhis2DataValues.Write(export.Values, kind, DateTimeOffset.UtcNow);
            return TypedResults.Bytes(bytes, kind switch
            {
                Dhis2Format.Json => Dhis2DataValues.JsonType,
                Dhis2Format.Csv => Dhis2DataValues.CsvType + "; charset=utf-8",
                _ => Dhis2DataValues.AdxType,
            });
        })
            .WithSummary("A year's stored figures as DHIS2 data values (period=2023, orgUnit= to keep one organisation unit): a data value set as JSON, "
                + "DHIS2's data value CSV or ADX, as the Accept header (application/json, application/csv, application/adx+xml) or format=json|csv|adx asks.")
            .Produces(StatusCodes.Status200OK, contentType: Dhis2DataValues.JsonType)
            .Produces(StatusCodes.Status200OK, contentType: Dhis2DataValues.CsvType)
            .Produces(StatusCodes.Status200OK, contentType: Dhis2DataValues.AdxType);

        group.MapPost("/", async (bool? dryRun, HttpContext http, PlatformService platform, CancellationToken ct) =>
        {
            if (BasicAuthenticationHandler.IsBasic(http.User) && Dhis2DataValues.FromContentType(http.Request.ContentType) is null)
            {
                // A body without a type (a no-cors fetch of another site, with the credentials a browser remembers) would pass
                // the types the endpoint accepts; a form or a fetch without a preflight cannot send these.
                throw new RequestException("Content-Type", $"{InputLimits.Quote(http.Request.ContentType ?? "")}: with basic authentication, send application/json, application/csv or application/adx+xml");
            }
            var content = await BodyAsync(http.Request, ct);
            var format = Dhis2DataValues.FromContentType(http.Request.ContentType) ?? Dhis2DataValues.Detect("", content);
            var summary = await platform.ImportDataValuesAsync(CurrentAccount.Required(http.User), "request body", content, format, dryRun ?? false, ct);
            return TypedResults.Text(summary.ToJson(), Dhis2DataValues.JsonType, Encoding.UTF8,
                summary.Conflicts.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status409Conflict);
        })
            .Accepts<string>(Dhis2DataValues.JsonType, Dhis2DataValues.CsvType, Dhis2DataValues.AdxType)
            .WithSummary("Imports a DHIS2 data value set (JSON or CSV) or an ADX document, by its content type, as DHIS2 does: DHIS2's import summary "
                + "(imported, updated, ignored, conflicts with object, value and reason); any conflict (409) and nothing is written; dryRun=true writes nothing.")
            .Produces(StatusCodes.Status200OK, contentType: Dhis2DataValues.JsonType)
            .Produces(StatusCodes.Status409Conflict, contentType: Dhis2DataValues.JsonType);
    }

    /// <summary>The format an Accept header asks for; JSON when it names none of the three.</summary>
    private static Dhis2Format Accepted(string accept)
    {
        foreach (var type in accept.Split(','))
        {
            if (Dhis2DataValues.FromContentType(type) is { } format) return format;
        }
        return Dhis2Format.Json;
    }

    private static async Task<byte[]> BodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
