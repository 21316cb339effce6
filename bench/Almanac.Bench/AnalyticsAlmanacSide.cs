namespace Almanac.Bench;

/// <summary>Almanac's engine through its public API, on the embedded store or on PostgreSQL.</summary>
public sealed class AlmanacAnalyticsSide : IAnalyticsSide
{
    private AlmanacAnalyticsSide(AnalyticsDataset data, string target)
    {
        _ = data;
        _ = target;
    }

    public static AlmanacAnalyticsSide Embedded(AnalyticsDataset data, string database) => new(data, database);

    public static AlmanacAnalyticsSide OnPostgres(AnalyticsDataset data, string connectionString) => new(data, connectionString);

    public Task PrepareAsync(CancellationToken cancellationToken) => throw new NotSupportedException("the engine's public API is not merged yet");

    public Task<long> LoadAsync(string csv, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task PrepareWorkloadAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<object> RunPivotAsync(int index, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<object> RunRulesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public IReadOnlyList<decimal> PivotValues(int index, object answer) => throw new NotSupportedException();

    public IReadOnlyList<string> FindingKeys(object findings) => throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
