using System.Data.Common;
using System.Globalization;
using Almanac.Store;
using DuckDB.NET.Data;
using Npgsql;

namespace Almanac.Tests;

/// <summary>
/// Every row of every table of a store, read behind its back through a connection of the test's own (DuckDB in this
/// process shares the database a store holds): rows as text, one engine's the same as the other's, sorted per table.
/// </summary>
public static class StoreRows
{
    /// <summary>
    /// The rows a restore must give back: every table's but the audit lines a backup and a restore add about themselves
    /// (entity "store") and the catalog stamp, which a restore renews by design so that no server's cache outlives it.
    /// </summary>
    public static async Task<SortedDictionary<string, List<string>>> RestorableAsync(string target)
    {
        var rows = await ReadAsync(target);
        rows["audit_log"] = [.. rows["audit_log"].Where(r => !r.Contains("entity=store |", StringComparison.Ordinal))];
        Assert.True(rows.Remove("catalog_stamp"));
        return rows;
    }

    public static async Task<SortedDictionary<string, List<string>>> ReadAsync(string target)
    {
        var ct = TestContext.Current.CancellationToken;
        var postgres = AlmanacStores.IsPostgres(target);
        await using DbConnection connection = postgres ? new NpgsqlConnection(target) : new DuckDBConnection($"Data Source={target}");
        await connection.OpenAsync(ct);
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            // A partition's rows are its partitioned table's (PostgreSQL's fact table, a partition per measure): the store's
            // rows are its schema's tables, whatever the engine lays them out in.
            command.CommandText = """
                SELECT table_name FROM information_schema.tables
                WHERE table_catalog = current_database() AND table_schema = current_schema() AND table_type = 'BASE TABLE'
                """ + (postgres ? " AND table_name NOT IN (SELECT relname FROM pg_class WHERE relispartition)" : "");
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) tables.Add(reader.GetString(0));
        }
        var result = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var rows = new List<string>();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i) + "=" + Format(reader.IsDBNull(i) ? null : reader.GetValue(i)))));
            }
            rows.Sort(StringComparer.Ordinal);
            result[table] = rows;
        }
        return result;
    }

    private static string Format(object? value) => value switch
    {
        null => "NULL",
        DateTime at => at.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        decimal number => number.ToString("0.############", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
