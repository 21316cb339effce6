using Almanac.Store.DuckDb;
using Almanac.Store.Postgres;

namespace Almanac.Store;

/// <summary>Opens the store a target names: a PostgreSQL connection string ("Host=…"), otherwise a DuckDB file path.</summary>
public static class AlmanacStores
{
    public const string DefaultPath = "almanac.db";
    public const string EnvironmentVariable = "ALMANAC_DB";

    /// <summary>Opens the store and applies pending migrations: the data (<see cref="IAlmanacStore"/>) and the platform (<see cref="IPlatformStore"/>) of one database.</summary>
    public static async Task<SqlStore> OpenAsync(string target, CancellationToken cancellationToken) =>
        IsPostgres(target)
            ? await PostgresStore.OpenAsync(target, cancellationToken)
            : await DuckDbStore.OpenAsync(target, cancellationToken);

    public static bool IsPostgres(string target) =>
        target.Contains("Host=", StringComparison.OrdinalIgnoreCase) || target.Contains("Server=", StringComparison.OrdinalIgnoreCase);
}
