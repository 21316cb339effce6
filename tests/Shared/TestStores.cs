using Almanac.Store;
using Npgsql;

namespace Almanac.Tests;

/// <summary>
/// The engines every store test runs against: the embedded DuckDB store, and PostgreSQL when scripts/test.sh has
/// started one (ALMANAC_TEST_POSTGRES). Each test gets a fresh, empty store of its own.
/// </summary>
public static class TestStores
{
    public const string PostgresVariable = "ALMANAC_TEST_POSTGRES";

    public static TheoryData<string> Engines => new("duckdb", "postgres");

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
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail($"{PostgresVariable} is not set in CI: run the tests through scripts/test.sh, which starts PostgreSQL.");
            }
            Assert.Skip($"PostgreSQL not available: {PostgresVariable} is not set (scripts/test.sh starts a private server and sets it).");
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
}

/// <summary>A store made for one test, with the target it was opened from (to reopen it) and its clean-up.</summary>
public sealed class TestStore(IAlmanacStore store, string target, Func<Task> cleanUp) : IAsyncDisposable
{
    public IAlmanacStore Store { get; private set; } = store;

    public string Target { get; } = target;

    /// <summary>Closes and reopens the store, as a new process would find it.</summary>
    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = await AlmanacStores.OpenAsync(Target, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await cleanUp();
    }
}
