using System.Data.Common;

namespace Almanac.Store.Facts;

internal sealed partial class FactStore
{
    /// <summary>
    /// Reads the rows of <paramref name="sql"/> (<see cref="RuleStatement.BaseSql"/>) into the statement's sums, typed
    /// and without boxing: millions of rows at ten million facts.
    /// </summary>
    private async Task<RuleStatement.Sums> BaseSumsAsync(DbTransaction? transaction, RuleStatement statement, string sql, CancellationToken cancellationToken)
    {
        var sums = statement.NewSums();
        await using var command = store.Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var codes = new int[statement.BaseColumns.Count];
        var (positions, derived) = (statement.ReadPositions.ToArray(), statement.DerivedFlags.ToArray());
        // A key grouped by source is a BIGINT; every other column is an INTEGER code.
        var wide = Enumerable.Range(0, positions.Length).Select(i => reader.GetFieldType(i) != typeof(int)).ToArray();
        var value = positions.Length;
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < positions.Length; i++) codes[positions[i]] = wide[i] ? checked((int)reader.GetInt64(i)) : reader.GetInt32(i);
            foreach (var (flag, code) in derived) codes[flag] = Math.Min(codes[code], 1);
            sums.Add(codes, reader.GetDecimal(value));
        }
        return sums;
    }
}
