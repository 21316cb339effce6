using System.Globalization;
using DuckDB.NET.Data;

namespace Almanac.Bench;

/// <summary>
/// One engine under measurement. The harness prepares everything untimed (open, reference data, query and rule
/// objects), then times <see cref="LoadAsync"/>, <see cref="RunPivotAsync"/> and <see cref="RunRulesAsync"/> alone;
/// turning an answer into comparable values (<see cref="PivotValues"/>, <see cref="FindingKeys"/>) is untimed.
/// </summary>
public interface IAnalyticsSide : IAsyncDisposable
{
    /// <summary>Untimed: creates the empty store and whatever it must know before the load (dimensions, members).</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>Timed: loads the observation file; returns the rows loaded.</summary>
    Task<long> LoadAsync(string csv, CancellationToken cancellationToken);

    /// <summary>Untimed: builds the query and rule objects once the data is in.</summary>
    Task PrepareWorkloadAsync(CancellationToken cancellationToken);

    /// <summary>Timed: answers pivot query <paramref name="index"/> in full; returns the engine's own answer.</summary>
    Task<object> RunPivotAsync(int index, CancellationToken cancellationToken);

    /// <summary>Timed: evaluates all the rules; returns the engine's own findings.</summary>
    Task<object> RunRulesAsync(CancellationToken cancellationToken);

    /// <summary>Every number the answer holds (cells, totals, indicators), for the comparison.</summary>
    IReadOnlyList<decimal> PivotValues(int index, object answer);

    /// <summary>Each finding as "rule|year|office|grade" (grade empty unless the finding is for one grade).</summary>
    IReadOnlyList<string> FindingKeys(object findings);
}

/// <summary>
/// The reference: DuckDB itself, through DuckDB.NET, on a plain table loaded from the file with read_csv, and the
/// hand-written SQL of <see cref="AnalyticsWorkload"/>.
/// </summary>
/// <remarks>The rules SQL, long because the rule set is in it, is also written next to the database for reading.</remarks>
public sealed class DuckDbReferenceSide(AnalyticsDataset data, string database) : IAnalyticsSide
{
    private readonly DuckDBConnection _connection = new($"Data Source={database}");
    private IReadOnlyList<AnalyticsPivot> _pivots = [];
    private string _rulesSql = "";

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await _connection.OpenAsync(cancellationToken);
        await ExecuteAsync("""
            CREATE TABLE obs (measure TEXT NOT NULL, year INTEGER NOT NULL, office TEXT NOT NULL, sex TEXT, grade TEXT,
                nationality TEXT, value DECIMAL(18,2) NOT NULL)
            """, cancellationToken);
        // The dimension hierarchies, as small tables the queries join: office → country → region, grade → category.
        await ExecuteAsync("CREATE TABLE office_dim (office TEXT PRIMARY KEY, country TEXT NOT NULL, region TEXT NOT NULL)", cancellationToken);
        await ExecuteAsync("CREATE TABLE grade_dim (grade TEXT PRIMARY KEY, category TEXT NOT NULL)", cancellationToken);
        using (var appender = _connection.CreateAppender("office_dim"))
        {
            foreach (var office in data.Offices) appender.CreateRow().AppendValue(office.Code).AppendValue(office.Country).AppendValue(data.RegionOfOffice(office)).EndRow();
        }
        using (var appender = _connection.CreateAppender("grade_dim"))
        {
            foreach (var grade in data.Grades) appender.CreateRow().AppendValue(grade.Code).AppendValue(AnalyticsDataset.CategoryCode(grade)).EndRow();
        }
    }

    public async Task<long> LoadAsync(string csv, CancellationToken cancellationToken) => await ExecuteAsync($"""
        INSERT INTO obs SELECT * FROM read_csv('{AnalyticsDataset.Escape(csv)}', header = true, columns = {"{"}
            'measure': 'TEXT', 'year': 'INTEGER', 'office': 'TEXT', 'sex': 'TEXT', 'grade': 'TEXT', 'nationality': 'TEXT',
            'value': 'DECIMAL(18,2)'{"}"})
        """, cancellationToken);

    public Task PrepareWorkloadAsync(CancellationToken cancellationToken)
    {
        _pivots = AnalyticsWorkload.Pivots(data);
        _rulesSql = AnalyticsWorkload.RulesSql(AnalyticsWorkload.Rules(data));
        return File.WriteAllTextAsync(Path.ChangeExtension(database, ".rules.sql"), _rulesSql, cancellationToken);
    }

    public async Task<object> RunPivotAsync(int index, CancellationToken cancellationToken) => await RowsAsync(_pivots[index].Sql, cancellationToken);

    public async Task<object> RunRulesAsync(CancellationToken cancellationToken) => await RowsAsync(_rulesSql, cancellationToken);

    public IReadOnlyList<decimal> PivotValues(int index, object answer) =>
        [.. ((List<object?[]>)answer).Select(row => row[^1]).Where(v => v is not null and not DBNull).Select(v => Convert.ToDecimal(v, CultureInfo.InvariantCulture))];

    public IReadOnlyList<string> FindingKeys(object findings) =>
        [.. ((List<object?[]>)findings).Select(row => string.Create(CultureInfo.InvariantCulture, $"{row[0]}|{row[1]}|{row[2]}|{(row[3] is null or DBNull ? "" : row[3])}"))];

    /// <summary>Runs a query and reads every value of every row, as a client that uses the answer must.</summary>
    private async Task<List<object?[]>> RowsAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }
        return rows;
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
