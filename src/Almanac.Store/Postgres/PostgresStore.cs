using System.Data.Common;
using Almanac.Domain.Workforce;
using Npgsql;
using NpgsqlTypes;

namespace Almanac.Store.Postgres;

/// <summary>The multi-user store: PostgreSQL through Npgsql, same schema and behaviour as the embedded store.</summary>
public sealed class PostgresStore : SqlStore
{
    private PostgresStore(NpgsqlConnection connection, string description) : base(connection, description) { }

    public static async Task<PostgresStore> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var store = new PostgresStore(connection, $"PostgreSQL database '{builder.Database}' at {builder.Host}:{builder.Port}");
        try
        {
            await store.MigrateAsync(cancellationToken);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        return store;
    }

    protected override DbParameter Parameter(object? value) => new NpgsqlParameter { Value = value ?? DBNull.Value };

    protected override async Task<long> BulkInsertStaffAsync(DbTransaction transaction, long sourceId, IEnumerable<(long Line, StaffMember Member)> rows, CancellationToken cancellationToken)
    {
        long count = 0;
        await using var importer = await ((NpgsqlConnection)Connection).BeginBinaryImportAsync(
            "COPY staff_member (source_id, line, staff_id, nationality, grade, category, sex, duty_station) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var (line, member) in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(sourceId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(line, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(member.StaffId, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(member.Nationality, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(member.Grade.Code, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(member.Category.Code(), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(member.Sex.Code(), NpgsqlDbType.Text, cancellationToken);
            if (member.DutyStation is null) await importer.WriteNullAsync(cancellationToken);
            else await importer.WriteAsync(member.DutyStation, NpgsqlDbType.Text, cancellationToken);
            count++;
        }
        await importer.CompleteAsync(cancellationToken);
        return count;
    }
}