using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Almanac.Store.Backup;

/// <summary>The tables (with their columns in order) and sequences of a store's schema, as its database's catalog has them.</summary>
internal sealed partial record StoreCatalog(IReadOnlyList<CatalogTable> Tables, IReadOnlyList<CatalogSequence> Sequences)
{
    /// <summary>Reads the catalog of the connection's current database and schema, in <paramref name="transaction"/> when given.</summary>
    /// <param name="sequencesSql">The engine's query of its sequences: name, start value, last value given (null when none was).</param>
    /// <param name="only">The schema's own tables and sequences (a store's of its version): anything else the database holds (another
    /// application's tables beside Almanac's in a PostgreSQL schema) is left out, never backed up, counted or dropped.</param>
    public static async Task<StoreCatalog> ReadAsync(DbConnection connection, DbTransaction? transaction, string sequencesSql, CancellationToken cancellationToken,
        StoreCatalog? only = null)
    {
        var names = new List<string>();
        await foreach (var row in QueryAsync(connection, transaction, """
            SELECT table_name FROM information_schema.tables
            WHERE table_catalog = current_database() AND table_schema = current_schema() AND table_type = 'BASE TABLE'
            ORDER BY table_name
            """, cancellationToken))
        {
            var name = (string)row[0]!;
            if (only is null || only.Tables.Any(t => t.Name == name)) names.Add(name);
        }
        var columns = names.ToDictionary(n => n, _ => new List<BackupColumn>(), StringComparer.Ordinal);
        await foreach (var row in QueryAsync(connection, transaction, """
            SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_catalog = current_database() AND table_schema = current_schema()
            ORDER BY table_name, ordinal_position
            """, cancellationToken))
        {
            var (table, column, type) = ((string)row[0]!, (string)row[1]!, (string)row[2]!);
            if (!columns.TryGetValue(table, out var list)) continue;
            var neutral = BackupTypes.Of(type)
                ?? throw new InvalidOperationException($"table {table}, column {column}: type {type} is not one a backup carries (BackupTypes)");
            list.Add(new BackupColumn(column, neutral));
        }
        var sequences = new List<CatalogSequence>();
        await foreach (var row in QueryAsync(connection, transaction, sequencesSql, cancellationToken))
        {
            if (only is not null && only.Sequences.All(q => q.Name != (string)row[0]!)) continue;
            var start = Convert.ToInt64(row[1], CultureInfo.InvariantCulture);
            sequences.Add(new CatalogSequence((string)row[0]!, row[2] is null ? start : Convert.ToInt64(row[2], CultureInfo.InvariantCulture) + 1));
        }
        foreach (var name in names.Concat(sequences.Select(s => s.Name)))
        {
            if (!Identifier().IsMatch(name)) throw new InvalidOperationException($"'{name}' is not a name a backup carries (lower-case letters, digits, underscores)");
        }
        return new StoreCatalog([.. names.Select(n => new CatalogTable(n, columns[n]))], sequences);
    }

    /// <summary>A table or column name as the schema writes them: what a manifest may name, and what may be put into SQL unquoted.</summary>
    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    public static partial Regex Identifier();

    private static async IAsyncEnumerable<object?[]> QueryAsync(DbConnection connection, DbTransaction? transaction, string sql,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            yield return values;
        }
    }
}

/// <summary>A table of the catalog with its columns in their order.</summary>
internal sealed record CatalogTable(string Name, IReadOnlyList<BackupColumn> Columns);

/// <summary>A sequence of the catalog with the value its next <c>nextval</c> gives.</summary>
internal sealed record CatalogSequence(string Name, long Next);
