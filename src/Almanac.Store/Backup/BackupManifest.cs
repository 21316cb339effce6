using System.Text.Json;
using System.Text.Json.Serialization;

namespace Almanac.Store.Backup;

/// <summary>
/// A backup directory's <c>manifest.json</c>: which engine and schema version the backup was taken from and when, each
/// table's file with its columns, row count, size and SHA-256, and each sequence's next value.
/// </summary>
/// <param name="Format">Always <see cref="FormatName"/>: a manifest of another kind is refused.</param>
/// <param name="FormatVersion">The layout of the directory and its files (<see cref="CurrentFormatVersion"/>).</param>
/// <param name="Engine">The store the backup was taken from ("duckdb", "postgresql"); a backup restores into either.</param>
/// <param name="SchemaVersion">The store's schema version (its last migration) when the backup was taken.</param>
/// <param name="CreatedAt">When the backup's snapshot was taken, by the clock of whoever took it.</param>
public sealed record BackupManifest(string Format, int FormatVersion, string Engine, int SchemaVersion, DateTimeOffset CreatedAt,
    IReadOnlyList<BackupTable> Tables, IReadOnlyList<BackupSequence> Sequences)
{
    public const string FileName = "manifest.json";
    public const string FormatName = "almanac-backup";
    public const int CurrentFormatVersion = 1;

    /// <summary>The most a manifest may be: a schema of a few dozen tables writes about 10 KB.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>Every table's rows together.</summary>
    [JsonIgnore]
    public long Rows => Tables.Sum(t => t.Rows);

    /// <summary>Every table file's bytes together.</summary>
    [JsonIgnore]
    public long Bytes => Tables.Sum(t => t.Bytes);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The file of a table's rows: named by the table, never by the manifest (so no manifest names a path).</summary>
    public static string TableFile(string table) => table + ".jsonl.gz";
}

/// <summary>One table of a backup: its file (JSON Lines, gzip: one JSON array per row, values in column order), rows, size and SHA-256.</summary>
public sealed record BackupTable(string Name, string File, long Rows, long Bytes, string Sha256, IReadOnlyList<BackupColumn> Columns);

/// <summary>A column of a backed-up table, with its engine-neutral type (<see cref="BackupTypes"/>).</summary>
public sealed record BackupColumn(string Name, string Type);

/// <summary>A sequence of the store with the value its next <c>nextval</c> gives.</summary>
public sealed record BackupSequence(string Name, long Next);

/// <summary>The column types a backup knows: those the schema's migrations use, named the same for both engines.</summary>
public static class BackupTypes
{
#pragma warning disable CA1720 // the names of SQL types, as the manifest writes them
    public const string Text = "text";
    public const string Integer = "integer";
    public const string Bigint = "bigint";
    public const string Decimal = "decimal";
    public const string Boolean = "boolean";
    public const string Timestamp = "timestamp";
#pragma warning restore CA1720

    /// <summary>
    /// The neutral type of a column as the engine's information_schema names it (DuckDB "VARCHAR", "DECIMAL(18,4)";
    /// PostgreSQL "text", "numeric", "timestamp without time zone"), or null for a type a backup does not carry.
    /// </summary>
    public static string? Of(string engineType)
    {
        var type = engineType.Trim().ToUpperInvariant();
        if (type.StartsWith("DECIMAL", StringComparison.Ordinal) || type.StartsWith("NUMERIC", StringComparison.Ordinal)) return Decimal;
        return type switch
        {
            "VARCHAR" or "TEXT" or "CHARACTER VARYING" => Text,
            "INTEGER" or "INT" or "INT4" => Integer,
            "BIGINT" or "INT8" => Bigint,
            "BOOLEAN" or "BOOL" => Boolean,
            "TIMESTAMP" or "TIMESTAMP WITHOUT TIME ZONE" => Timestamp,
            _ => null,
        };
    }
}
