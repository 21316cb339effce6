using System.Data.Common;
using Almanac.Domain.Platform;
using Almanac.Store;
using DuckDB.NET.Data;
using Npgsql;

namespace Almanac.Tests;

/// <summary>
/// The engines every store test runs against: the embedded DuckDB store, and PostgreSQL when scripts/test.sh has
/// started one (ALMANAC_TEST_POSTGRES). Each test gets a fresh, empty store of its own.
/// </summary>
public static class TestStores
{
    public const string PostgresVariable = "ALMANAC_TEST_POSTGRES";

    // Methods rather than properties: xunit.analyzers 1.26 fails (AD0001) on a [MemberData] property declared in another
    // assembly, since it looks for the property's initializer in source.
    public static TheoryData<string> Engines() => new("duckdb", "postgres");

    /// <summary>Opens a new empty store; on PostgreSQL a new database that is dropped when the store is disposed.</summary>
    public static async Task<TestStore> CreateAsync(string engine)
    {
        var ct = TestContext.Current.CancellationToken;
        if (engine == "duckdb")
        {
            var directory = Directory.CreateTempSubdirectory("almanac-test-");
            var path = Path.Combine(directory.FullName, "test.db");
            return new TestStore(await AlmanacStores.OpenAsync(path, ct), path, () => { directory.Delete(true); return Task.CompletedTask; });
        }
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrEmpty(admin))
        {
            Prerequisite.Missing(
                $"PostgreSQL not available: {PostgresVariable} is not set (scripts/test.sh starts a private server and sets it).",
                $"{PostgresVariable} is not set in CI: run the tests through scripts/test.sh, which starts PostgreSQL.");
        }
        var database = "almanac_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        var target = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
        return new TestStore(await AlmanacStores.OpenAsync(target, ct), target, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        });
    }

    /// <summary>A new store holding <paramref name="offices"/> and <paramref name="questionnaire"/>, as the platform's tests start from.</summary>
    public static async Task<TestStore> CreatePlatformAsync(string engine, IReadOnlyList<Office> offices, Questionnaire questionnaire, Change change)
    {
        var test = await CreateAsync(engine);
        await test.Platform.ImportOfficesAsync(offices, change, TestContext.Current.CancellationToken);
        await test.Platform.SaveQuestionnaireAsync(questionnaire, change, TestContext.Current.CancellationToken);
        return test;
    }
}

/// <summary>A store made for one test, with the target it was opened from (to reopen it) and its clean-up.</summary>
public sealed class TestStore(IAlmanacStore store, string target, Func<Task> cleanUp) : IAsyncDisposable
{
    public IAlmanacStore Store { get; private set; } = store;

    /// <summary>The store's platform face (the same object as <see cref="Store"/>: every store is both).</summary>
    public IPlatformStore Platform => (IPlatformStore)Store;

    public string Target { get; } = target;

    /// <summary>Closes and reopens the store, as a new process would find it.</summary>
    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = await AlmanacStores.OpenAsync(Target, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Runs SQL on the store's database behind its back (the store closed meanwhile, then reopened), to make a state the
    /// store's API cannot: a store as an earlier version left it, facts changed under a publication. Returns the first
    /// column of each row the last statement gave.
    /// </summary>
    public Task<IReadOnlyList<object?>> RawSqlAsync(params string[] statements) => ClosedAsync<IReadOnlyList<object?>>(async () =>
    {
        var ct = TestContext.Current.CancellationToken;
        var rows = new List<object?>();
        await using DbConnection connection = AlmanacStores.IsPostgres(Target) ? new NpgsqlConnection(Target) : new DuckDBConnection($"Data Source={Target}");
        await connection.OpenAsync(ct);
        foreach (var statement in statements)
        {
            rows.Clear();
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) rows.Add(reader.IsDBNull(0) ? null : reader.GetValue(0));
        }
        return rows;
    });

    /// <summary>Runs <paramref name="action"/> with the store closed (as another process, the command line, would find it), then reopens it.</summary>
    public async Task<T> ClosedAsync<T>(Func<Task<T>> action)
    {
        await Store.DisposeAsync();
        try
        {
            return await action();
        }
        finally
        {
            Store = await AlmanacStores.OpenAsync(Target, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await cleanUp();
    }
}
