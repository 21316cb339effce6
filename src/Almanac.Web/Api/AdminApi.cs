using Almanac.Web.Security;
using Almanac.Web.Services;

namespace Almanac.Web.Api;

/// <summary>POST /api/admin/backup: a consistent backup of the store, taken by the server that holds it (administrators).</summary>
public static class AdminApi
{
    /// <summary>What a backup request answers: where the server wrote it and what it holds.</summary>
    public sealed record BackupDto(string Directory, string Engine, int SchemaVersion, DateTimeOffset CreatedAt, int Tables, long Rows, long Bytes);

    public static void MapAdminApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/admin").WithTags("Administration").WithAlmanacErrors();
        group.MapPost("/backup", async (HttpContext http, PlatformService platform, CancellationToken ct) =>
        {
            var backup = await platform.BackupAsync(CurrentAccount.Required(http.User), ct);
            var m = backup.Manifest;
            return TypedResults.Ok(new BackupDto(backup.Directory, m.Engine, m.SchemaVersion, m.CreatedAt, m.Tables.Count, m.Rows, m.Bytes));
        }).WithSummary("Backs the store up into a new directory under the server's backup directory (Platform:BackupRoot), named by the time; "
            + "one snapshot of every table, with a manifest of row counts and SHA-256 checksums (administrators; restore with almanac restore).")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
