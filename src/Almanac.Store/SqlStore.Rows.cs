using System.Data.Common;
using Dapper;

namespace Almanac.Store;

/// <summary>
/// The platform's rows as the schema keeps them, read by column name (Dapper's row parsers over the store's own commands,
/// which keep their positional parameters) and turned into the domain's types.
/// </summary>
public abstract partial class SqlStore
{
    static SqlStore()
    {
        // Column user_name fills property UserName. Dapper's setting is process-wide; the store is its only user.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    /// <summary>The rows <paramref name="sql"/> returns, each mapped by column name to a <typeparamref name="TRow"/>.</summary>
    internal async Task<List<TRow>> RowsAsync<TRow>(DbTransaction? transaction, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        var rows = new List<TRow>();
        await using var command = Command(transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var parse = reader.GetRowParser<TRow>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(parse(reader));
        return rows;
    }

    /// <summary>
    /// The rows of a join: its first columns mapped to <typeparamref name="TFirst"/>, the columns from
    /// <paramref name="secondAt"/> on to <typeparamref name="TSecond"/>, or null where that column is null (an outer join's missing side).
    /// </summary>
    internal async Task<List<(TFirst First, TSecond? Second)>> RowsAsync<TFirst, TSecond>(DbTransaction? transaction, string sql, int secondAt, CancellationToken cancellationToken,
        params object?[] parameters)
        where TSecond : class
    {
        var rows = new List<(TFirst, TSecond?)>();
        await using var command = Command(transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var first = reader.GetRowParser<TFirst>(length: secondAt);
        var second = reader.GetRowParser<TSecond>(startIndex: secondAt);
        while (await reader.ReadAsync(cancellationToken)) rows.Add((first(reader), reader.IsDBNull(secondAt) ? null : second(reader)));
        return rows;
    }

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    internal static DateTimeOffset? Utc(DateTime? value) => value is { } time ? Utc(time) : null;
}
