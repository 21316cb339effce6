using System.Collections.Immutable;
using System.Globalization;
using Almanac.Analytics.Query;
using Almanac.Analytics.Rules;
using Almanac.Domain.Analytics;
using Almanac.Domain.Observations;
using Almanac.Ingest.Observations;
using Almanac.Ingest.Reference;
using Almanac.Store;
using Npgsql;

namespace Almanac.Bench;

/// <summary>
/// Almanac's engine through its public API — <see cref="ObservationImporter"/>, <see cref="QueryEngine"/>,
/// <see cref="RuleEngine"/> — on the embedded store or on PostgreSQL (a new database on the server, dropped afterwards).
/// </summary>
/// <remarks>
/// The engine's office level (<c>office.region</c>) is the platform's office list, which the synthetic offices are not
/// in, so Q04 asks it for the office × sex cells and rolls them up to region and country here, inside the timed call;
/// everything else is the engine's own.
/// </remarks>
public sealed class AlmanacAnalyticsSide : IAnalyticsSide
{
    private readonly AnalyticsDataset _data;
    private readonly string _target;
    private readonly string? _postgresAdmin;
    private readonly string? _postgresDatabase;
    private SqlStore? _store;
    private QueryEngine? _engine;
    private List<AlmanacPivot> _pivots = [];
    private RuleSet _rules = RuleSet.Empty;

    private AlmanacAnalyticsSide(AnalyticsDataset data, string target, string? postgresAdmin, string? postgresDatabase)
    {
        _data = data;
        _target = target;
        _postgresAdmin = postgresAdmin;
        _postgresDatabase = postgresDatabase;
    }

    public static AlmanacAnalyticsSide Embedded(AnalyticsDataset data, string database) => new(data, database, null, null);

    /// <summary>On a new database of the server that <paramref name="connectionString"/> reaches.</summary>
    public static AlmanacAnalyticsSide OnPostgres(AnalyticsDataset data, string connectionString)
    {
        var database = string.Create(CultureInfo.InvariantCulture, $"almanac_bench_{Environment.ProcessId}");
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;
        return new(data, target, connectionString, database);
    }

    /// <summary>A pivot query, what is done with its answer inside the timed call, and which numbers of it are compared.</summary>
    private sealed record AlmanacPivot(PivotQuery Query, Func<QueryResult, object> Finish, Func<object, IEnumerable<decimal?>> Values);

    private SqlStore Store => _store ?? throw new InvalidOperationException("not prepared");

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (_postgresAdmin is not null)
        {
            await using var admin = new NpgsqlConnection(_postgresAdmin);
            await admin.OpenAsync(cancellationToken);
            foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {_postgresDatabase}", $"CREATE DATABASE {_postgresDatabase}" })
            {
                await using var command = new NpgsqlCommand(sql, admin);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        _store = await AlmanacStores.OpenAsync(_target, cancellationToken);
        // What `almanac init` loads: the countries nationalities are checked against.
        await Store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), cancellationToken);
    }

    /// <summary>Exactly `almanac import observations FILE`: checksum, then the store's bulk import in one transaction.</summary>
    public async Task<long> LoadAsync(string csv, CancellationToken cancellationToken)
    {
        var result = await new ObservationImporter(Store, TimeProvider.System).ImportAsync(csv, cancellationToken);
        if (result.Outcome != ImportOutcome.Imported) throw new InvalidOperationException($"expected a new import, got {result.Outcome}");
        return result.RowCount;
    }

    public async Task PrepareWorkloadAsync(CancellationToken cancellationToken)
    {
        _engine = new QueryEngine(Store);
        await _engine.CatalogAsync(cancellationToken);
        _pivots = Pivots();
        _rules = Rules(AnalyticsWorkload.Rules(_data));
    }

    public async Task<object> RunPivotAsync(int index, CancellationToken cancellationToken)
    {
        var pivot = _pivots[index];
        return pivot.Finish(await _engine!.RunAsync(pivot.Query, cancellationToken));
    }

    public async Task<object> RunRulesAsync(CancellationToken cancellationToken) => await new RuleEngine(Store).EvaluateAsync(_rules, [], cancellationToken);

    /// <summary>Where the rules' time goes: each family of the rule set evaluated on its own, once.</summary>
    public async Task ProfileRulesAsync(Action<string> report, CancellationToken cancellationToken)
    {
        foreach (var family in AnalyticsWorkload.Rules(_data).GroupBy(AnalyticsWorkload.Family))
        {
            var ids = family.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            var findings = await new RuleEngine(Store).EvaluateAsync(new RuleSet([.. _rules.Rules.Where(r => ids.Contains(r.Id))]), [], cancellationToken);
            report(string.Create(CultureInfo.InvariantCulture,
                $"profile: {ids.Count,4} rules, {family.Key}: {System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds:N3} s, {findings.Count:N0} findings"));
        }
    }

    /// <summary>
    /// PostgreSQL's floor for the load: the fact rows the import wrote, copied (binary COPY, no parsing, no encoding) into
    /// one logged table of the same shape from a file written beforehand (the load builds no index and runs no
    /// <c>ANALYZE</c>: its partitions are bare tables). No design of the load can write these rows in less time on this
    /// server; the load's own time is compared with it.
    /// </summary>
    public async Task ProfileLoadFloorAsync(Action<string> report, CancellationToken cancellationToken)
    {
        if (_postgresAdmin is null) return;
        var file = Path.Combine(Path.GetTempPath(), $"almanac-fact-{Environment.ProcessId}.bin");
        try
        {
            await using var connection = new NpgsqlConnection(_target);
            await connection.OpenAsync(cancellationToken);
            long rows;
            await using (var export = await connection.BeginRawBinaryCopyAsync("COPY (SELECT * FROM fact) TO STDOUT (FORMAT BINARY)", cancellationToken))
            await using (var output = File.Create(file))
            {
                await export.CopyToAsync(output, cancellationToken);
            }
            await using (var count = new NpgsqlCommand("SELECT COUNT(*) FROM fact", connection)) rows = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            async Task<double> TimedAsync(string sql)
            {
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
                await command.ExecuteNonQueryAsync(cancellationToken);
                return System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
            await TimedAsync("CREATE TABLE fact_floor (LIKE fact)");
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await using (var import = await connection.BeginRawBinaryCopyAsync("COPY fact_floor FROM STDIN (FORMAT BINARY)", cancellationToken))
            await using (var input = File.OpenRead(file))
            {
                await input.CopyToAsync(import, cancellationToken);
            }
            var copy = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
            await TimedAsync("DROP TABLE fact_floor");
            report(string.Create(CultureInfo.InvariantCulture,
                $"profile: PostgreSQL's floor for the load: binary COPY of the {rows:N0} fact rows ({new FileInfo(file).Length / 1e6:N0} MB) into one logged table {copy:N3} s"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    public IReadOnlyList<decimal> PivotValues(int index, object answer) => [.. _pivots[index].Values(answer).OfType<decimal>()];

    public IReadOnlyList<string> FindingKeys(object findings) =>
        [.. ((IReadOnlyList<RuleFinding>)findings).Select(f => $"{f.RuleId}|{Member(f, QueryEngine.YearDimension)}|{Member(f, QueryEngine.OfficeDimension)}|{Member(f, Dimensions.Grade)}")];

    private static string Member(RuleFinding finding, string dimension) => finding.At.FirstOrDefault(a => a.Dimension == dimension).Member ?? "";

    private static ImmutableDictionary<string, IReadOnlyList<string>> Where(params (string Dimension, IReadOnlyList<string> Members)[] filters) =>
        filters.ToImmutableDictionary(f => f.Dimension, f => f.Members, StringComparer.Ordinal);

    /// <summary>The ten queries of <see cref="AnalyticsWorkload.Pivots"/> in Almanac's query model, in the same order.</summary>
    private List<AlmanacPivot> Pivots()
    {
        static object Same(QueryResult r) => r;
        static IEnumerable<decimal?> Values(object answer) => ((QueryResult)answer).Cells.Select(c => c.Values[0]);
        static Func<object, IEnumerable<decimal?>> Series(int series, string dimension, string member) => answer =>
        {
            var result = (QueryResult)answer;
            var at = result.Dimensions.ToList().IndexOf(dimension);
            return result.Cells.Where(c => c[at] == member).Select(c => c.Values[series]);
        };
        var sex = Dimensions.Sex;
        var grade = Dimensions.Grade;
        var category = Dimensions.Category;
        var office = QueryEngine.OfficeDimension;
        var year = QueryEngine.YearDimension;
        var m = AnalyticsDataset.MeasureCode;
        return
        [
            new(PivotQuery.Of(m(11)) with { Rows = [grade], Columns = [sex], Years = [2023], Totals = true }, Same, Values),
            new(PivotQuery.Of(m(12)) with { Rows = [grade], Columns = [sex], Show = [new ShareOf(sex)] }, Same, Series(1, sex, "F")),
            new(PivotQuery.Of(m(12)) with { Rows = [grade], Columns = [sex], Years = [2023], Show = [new PercentagePointChange(sex)] }, Same, Series(1, sex, "F")),
            new(PivotQuery.Of(m(13)) with { Rows = [office], Columns = [sex], Years = [2023] }, RegionRollup, answer => (List<decimal>)answer is var list ? list.Select(v => (decimal?)v) : []),
            new(PivotQuery.Of(m(14)) with { Rows = [Dimensions.Nationality], Years = [2023], Top = new TopN(Dimensions.Nationality, 10) }, Same, Values),
            new(PivotQuery.Of(m(15)) with { Rows = [office], Years = [2023], Show = [new YearOverYear(false), new YearOverYear(true)] }, Same,
                answer => ((QueryResult)answer).Cells.SelectMany(c => c.Values)),
            new(PivotQuery.Of(m(16)) with
            {
                Rows = [year], Columns = [grade], Years = [.. Enumerable.Range(2014, 10)],
                Where = Where((category, ["PH"]), (sex, ["F"]), (Dimensions.Nationality, AnalyticsWorkload.FilterNationalities(_data))),
            }, Same, Values),
            new(PivotQuery.Of(m(17)) with { Rows = [category, grade], Columns = [sex], Years = [2023], Totals = true }, Same, Values),
            new(PivotQuery.Of(m(41), m(42)) with { Rows = [category], Show = [new RatioTo(m(42))] }, Same, Series(1, QueryEngine.MeasureDimension, m(41))),
            new(PivotQuery.Of(m(18)) with { Rows = [grade], Show = [new ShareOf(grade)] }, Same, answer => ((QueryResult)answer).Cells.Select(c => c.Values[1])),
        ];
    }

    /// <summary>
    /// Q04's region → country roll-up of the engine's office × sex cells (the engine knows no office hierarchy): the sums
    /// of the six grouping sets (region, country, sex), (region, sex), (sex), (region, country), (region), ().
    /// </summary>
    private List<decimal> RegionRollup(QueryResult result)
    {
        var officeAt = result.Dimensions.ToList().IndexOf(QueryEngine.OfficeDimension);
        var sexAt = result.Dimensions.ToList().IndexOf(Dimensions.Sex);
        var offices = _data.Offices.ToDictionary(o => o.Code, StringComparer.Ordinal);
        var sums = new Dictionary<(string?, string?, string?), decimal>();
        foreach (var cell in result.Cells)
        {
            if (cell.Values[0] is not { } value || cell[officeAt] is not { } code) continue;
            var o = offices[code];
            var region = _data.RegionOfOffice(o);
            foreach (var key in new (string?, string?, string?)[]
                { (region, o.Country, cell[sexAt]), (region, null, cell[sexAt]), (null, null, cell[sexAt]), (region, o.Country, "*"), (region, null, "*"), (null, null, "*") })
            {
                sums[key] = sums.GetValueOrDefault(key) + value;
            }
        }
        return sums.Values.ToList();
    }

    /// <summary>The benchmark's rules in Almanac's rule model: per year and office (and grade for the grade totals), missing sides skipped.</summary>
    private static RuleSet Rules(IReadOnlyList<AnalyticsRule> rules)
    {
        static RuleTerm Term(RuleSide side)
        {
            var where = new List<(string, string)>();
            if (side.Sex is not null) where.Add((Dimensions.Sex, side.Sex));
            if (side.Grade is not null) where.Add((Dimensions.Grade, side.Grade));
            if (side.Category is not null) where.Add((Dimensions.Category, side.Category));
            return RuleTerm.Of(side.MeasureCode, [.. where]) with { Coefficient = side.Factor };
        }
        string[] yearOffice = [QueryEngine.YearDimension, QueryEngine.OfficeDimension];
        return new RuleSet([.. rules.Select(r => r.TotalMeasure is { } measure
            ? TotalRule(r.Id, AnalyticsDataset.MeasureCode(measure), r.PerGrade, yearOffice)
            : new Rule(r.Id, RuleExpression.Of(Term(r.Left!)), RuleOperators.Parse(r.Operator!)!.Value, RuleExpression.Of(Term(r.Right!)), yearOffice))]);
    }

    /// <summary>The declared total (sex, grade and nationality left empty; or sex and nationality, per grade) equals the sum of the detail rows.</summary>
    private static Rule TotalRule(string id, string measure, bool perGrade, string[] yearOffice)
    {
        var total = RuleTerm.Total;
        var any = RuleTerm.AnyMember;
        return perGrade
            ? new Rule(id, RuleExpression.Of(RuleTerm.Of(measure, (Dimensions.Sex, total), (Dimensions.Nationality, total))), RuleOperator.Equal,
                RuleExpression.Of(RuleTerm.Of(measure, (Dimensions.Sex, any), (Dimensions.Nationality, any))), [.. yearOffice, Dimensions.Grade])
            : new Rule(id, RuleExpression.Of(RuleTerm.Of(measure, (Dimensions.Sex, total), (Dimensions.Grade, total), (Dimensions.Nationality, total))), RuleOperator.Equal,
                RuleExpression.Of(RuleTerm.Of(measure, (Dimensions.Sex, any), (Dimensions.Grade, any), (Dimensions.Nationality, any))), yearOffice);
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        if (_postgresAdmin is null) return;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_postgresAdmin);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", admin);
        await command.ExecuteNonQueryAsync();
    }
}
