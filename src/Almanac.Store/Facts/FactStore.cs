using System.Data.Common;
using System.Globalization;
using System.Text;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Observations;

namespace Almanac.Store.Facts;

/// <summary>
/// The columnar fact table: bulk import of observation files, the member dictionary, the encoding of counted data (staff
/// lists, locked questionnaire years), aggregation, and rules checked in the engine (<see cref="RuleStatement"/>).
/// Its engine is <paramref name="store"/>: connections, units of work, bulk loads and the engine's hooks.
/// </summary>
internal sealed partial class FactStore(SqlStore store)
{
    private static readonly string[] MemberColumns = ["dimension", "code", "name", "parent"];
    private static readonly string[] MeasureColumns = ["id", "name", "scope", "dimensions", "used", "uses_office", "totals"];

    public async Task<ImportResult> ImportObservationsAsync(SourceInfo source, string path, CancellationToken cancellationToken)
    {
        var header = ObservationFile.ReadHeader(path, source.Name);
        await foreach (var row in store.QueryAsync("SELECT id, row_count FROM source WHERE kind = $1 AND sha256 = $2 ORDER BY id DESC", cancellationToken, source.Kind, source.Sha256))
        {
            return new ImportResult(ImportOutcome.Unchanged, Convert.ToInt64(row[0], CultureInfo.InvariantCulture), Convert.ToInt64(row[1], CultureInfo.InvariantCulture), []);
        }
        var catalog = await FactCatalogAsync(cancellationToken);
        var countries = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in store.QueryAsync("SELECT iso3 FROM country", cancellationToken)) countries.Add((string)row[0]!);
        string? MemberProblem(string dimension, string member) =>
            dimension == Dimensions.Nationality && countries.Count > 0 && !countries.Contains(member)
                ? "not an ISO 3166 alpha-3 code of the reference data"
                : Hierarchies.Problem(dimension, member);

        await store.BeginBulkLoadAsync(cancellationToken);
        try
        {
            await using var transaction = await store.Connection.BeginTransactionAsync(cancellationToken);
            try
            {
                var result = await LoadObservationsAsync(transaction, source, path, header, catalog, MemberProblem, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (DbException e) when (!store.EncodesFilesInDotNet || e is DbExceptionForDiagnosis)
            {
                await transaction.RollbackAsync(cancellationToken);
                // The engine refused a cell without saying on which line: read the file to name it.
                foreach (var _ in ObservationFile.Read(path, source.Name, header, MemberProblem)) { }
                throw new InputException(source.Name, null, null, null, $"refused by {store.Description}: {e.Message}");
            }
        }
        finally
        {
            await store.EndBulkLoadAsync(cancellationToken);
        }
    }

    private async Task<ImportResult> LoadObservationsAsync(DbTransaction transaction, SourceInfo source, string path, ObservationHeader header, FactCatalog catalog, Func<string, string, string?> memberProblem, CancellationToken cancellationToken)
    {
        var sourceId = await store.Sources.CreateSourceAsync(transaction, source, 0, cancellationToken);
        var (pairs, rows) = store.EncodesFilesInDotNet
            ? await EncodeFileAsync(transaction, sourceId, path, source.Name, header, catalog, memberProblem, cancellationToken)
            : await EncodeFactsAsync(transaction, sourceId, await store.StageObservationsAsync(transaction, path, source.Name, header, memberProblem, cancellationToken),
                header, catalog, memberProblem, cancellationToken);
        if (rows == 0) throw new InputException(source.Name, 2, null, null, "no observations after the header");
        await store.ExecuteAsync(transaction, "UPDATE source SET row_count = $1 WHERE id = $2", cancellationToken, rows, sourceId);
        var covered = pairs.Select(p => (Scopes.Of(p.Measure), p.Year)).Distinct().Order().ToArray();
        foreach (var year in covered.Where(c => c.Item1 == QuestionnaireScope).Select(c => c.Year))
        {
            if (await IsLockedForImportAsync(transaction, year, cancellationToken))
            {
                throw new InputException(source.Name, null, "measure", null,
                    $"{year} is locked: the file's {Domain.Platform.QuestionnaireObservations.MeasurePrefix}* figures for {year} would supersede the approved answers its lock counted; nothing was imported (an administrator unlocks the year first)");
            }
        }
        var superseded = await store.Sources.MakeCurrentAsync(transaction, sourceId, records: true, covered, cancellationToken);
        return new ImportResult(ImportOutcome.Imported, sourceId, rows, superseded);
    }

    /// <summary>The scope of every questionnaire figure: what a year's lock makes current, and no import may supersede.</summary>
    private static readonly string QuestionnaireScope = Scopes.Of(Domain.Platform.QuestionnaireObservations.MeasurePrefix + "x");

    /// <summary>
    /// Whether the year is locked, for an import that would add questionnaire figures to it (the lock's source would be
    /// superseded, and with it the approved answers): read after <see cref="SqlStore.ShareYearAsync"/>, so that a lock or
    /// unlock committing meanwhile on another server is waited for, as a submission's save waits for it.
    /// </summary>
    private async Task<bool> IsLockedForImportAsync(DbTransaction transaction, int year, CancellationToken cancellationToken)
    {
        await store.ShareYearAsync(transaction, year, cancellationToken);
        return await store.ScalarAsync(transaction, "SELECT year FROM year_lock WHERE year = $1", cancellationToken, year) is not null;
    }

    /// <summary>
    /// Encodes the observations of a relation (columns measure, year, office, the header's dimensions, value; NULL for a
    /// declared total) into the fact table for a source: new measures and members join the dictionary, then one
    /// INSERT … SELECT joins the relation to it. Returns the (measure, year) pairs written and the number of rows.
    /// </summary>
    internal async Task<(List<(string Measure, int Year)> Pairs, long Rows)> EncodeFactsAsync(DbTransaction transaction, long sourceId, string relation, ObservationHeader header, FactCatalog catalog, Func<string, string, string?> memberProblem, CancellationToken cancellationToken)
    {
        var dimensions = header.Dimensions;
        string[] columns = ["office", .. dimensions];

        // One scan: the (measure, year) pairs with the columns each measure uses, and the distinct members of each column.
        var grouping = string.Join(", ", columns.Select(c => $"GROUPING({Quote(c)})"));
        var used = string.Join(", ", columns.Select(c => $"MAX(CASE WHEN {Quote(c)} IS NULL THEN 0 ELSE 1 END)"));
        var totals = string.Join(", ", columns.Select(c => $"MAX(CASE WHEN {Quote(c)} IS NULL THEN 1 ELSE 0 END)"));
        var sets = "(measure, CAST(year AS INTEGER)), " + string.Join(", ", columns.Select(c => $"({Quote(c)})"));
        var pairs = new List<(string Measure, int Year, bool[] Used, bool[] Totals)>();
        var members = columns.ToDictionary(c => c, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        long rows = 0;
        await foreach (var row in store.AnalyticQueryAsync(transaction, $"""
            SELECT GROUPING(measure), measure, CAST(year AS INTEGER), {string.Join(", ", columns.Select(Quote))}, {grouping}, {used}, {totals}, COUNT(*)
            FROM {relation} r GROUP BY GROUPING SETS ({sets})
            """, cancellationToken))
        {
            if (Convert.ToInt32(row[0], CultureInfo.InvariantCulture) == 0)
            {
                if (row[1] is null || row[2] is null) throw new DbExceptionForDiagnosis("a line without measure or year");
                var flags = columns.Select((_, i) => Convert.ToInt32(row[3 + 2 * columns.Length + i], CultureInfo.InvariantCulture) == 1).ToArray();
                var declared = columns.Select((_, i) => Convert.ToInt32(row[3 + 3 * columns.Length + i], CultureInfo.InvariantCulture) == 1).ToArray();
                pairs.Add(((string)row[1]!, Convert.ToInt32(row[2], CultureInfo.InvariantCulture), flags, declared));
                rows += Convert.ToInt64(row[^1], CultureInfo.InvariantCulture);
                continue;
            }
            for (var i = 0; i < columns.Length; i++)
            {
                if (Convert.ToInt32(row[3 + columns.Length + i], CultureInfo.InvariantCulture) == 0 && row[3 + i] is string member)
                {
                    members[columns[i]].Add(member);
                }
            }
        }
        foreach (var (measure, year, _, _) in pairs)
        {
            if (year is < ObservationFile.MinYear or > ObservationFile.MaxYear) throw new DbExceptionForDiagnosis($"year {year}");
            if (measure.Trim().Length == 0 || measure != measure.Trim()) throw new DbExceptionForDiagnosis($"measure '{measure}'");
        }
        foreach (var (column, set) in members)
        {
            if (set.Any(m => m != m.Trim() || memberProblem(column, m) is not null)) throw new DbExceptionForDiagnosis($"a member of {column}");
        }

        var codes = FactCodes.InNameOrder(catalog, columns, pairs.Select(p => p.Measure).Distinct(), members);
        await RegisterAsync(transaction, dimensions, pairs, codes, cancellationToken);
        await store.PrepareFactsAsync(transaction, [.. pairs.Select(p => codes.MeasureId(p.Measure)).Distinct()], cancellationToken);

        // Encode by joins on the dictionaries, in the engine: the rows never pass through .NET on DuckDB. Rows are written
        // in (measure, year) order: DuckDB keeps each row group's minimum and maximum, so a query of one measure of fifty
        // reads a fiftieth of the table (PostgreSQL's partitions hold a measure each).
        var joins = new StringBuilder();
        var encoded = new List<string>();
        for (var i = 0; i < columns.Length; i++)
        {
            joins.Append(CultureInfo.InvariantCulture, $" LEFT JOIN member j{i} ON j{i}.dimension = '{columns[i]}' AND j{i}.name = s.{Quote(columns[i])}");
            encoded.Add($"COALESCE(j{i}.code, 0)");
        }
        while (encoded.Count < FactColumns.Slots + 1) encoded.Add("0");
        await store.AnalyticExecuteAsync(transaction, $"""
            INSERT INTO fact (source_id, measure_id, year, office, {string.Join(", ", Enumerable.Range(1, FactColumns.Slots).Select(i => "d" + i.ToString(CultureInfo.InvariantCulture)))}, value)
            SELECT {sourceId.ToString(CultureInfo.InvariantCulture)}, m.id, CAST(s.year AS INTEGER), {string.Join(", ", encoded)}, CAST(s.value AS DECIMAL(18,4))
            FROM {relation} s JOIN measure m ON m.name = s.measure{joins} ORDER BY m.id, CAST(s.year AS INTEGER)
            """, cancellationToken);
        return ([.. pairs.Select(p => (p.Measure, p.Year))], rows);
    }

    /// <summary>
    /// Writes what a load brings to the dictionary, in the load's transaction, with the ids and codes
    /// <paramref name="codes"/> gave them: new measures get the file's slots (a known one must have them already, and
    /// learns the columns it now uses or totals), new members their codes and parents.
    /// </summary>
    internal async Task RegisterAsync(DbTransaction transaction, IReadOnlyList<string> dimensions, IReadOnlyList<(string Measure, int Year, bool[] Used, bool[] Totals)> pairs,
        FactCodes codes, CancellationToken cancellationToken)
    {
        var columns = codes.Columns;
        var newMeasures = new List<MeasureInfo>();
        foreach (var group in pairs.GroupBy(p => p.Measure, StringComparer.Ordinal))
        {
            var flags = columns.Select((_, i) => group.Any(p => p.Used[i])).ToArray();
            var usedDimensions = dimensions.Where((_, i) => flags[i + 1]).ToList();
            var declared = columns.Where((_, i) => group.Any(p => p.Totals[i])).ToList();
            if (codes.Known(group.Key) is { } known)
            {
                if (!known.Dimensions.SequenceEqual(dimensions))
                {
                    throw new AlmanacException(
                        $"Measure '{known.Name}' is stored with the dimensions ({string.Join(", ", known.Dimensions)}) in that order; these observations have ({string.Join(", ", dimensions)}).");
                }
                var union = known.Dimensions.Where(d => known.Used.Contains(d) || usedDimensions.Contains(d)).ToList();
                var totalled = columns.Where(c => known.Totals.Contains(c) || declared.Contains(c)).ToList();
                if (!union.SequenceEqual(known.Used) || (flags[0] && !known.UsesOffice) || !totalled.SequenceEqual(known.Totals))
                {
                    await store.ExecuteAsync(transaction, "UPDATE measure SET used = $1, uses_office = $2, totals = $3 WHERE id = $4", cancellationToken,
                        string.Join(',', union), known.UsesOffice || flags[0], string.Join(',', totalled), known.Id);
                }
                continue;
            }
            newMeasures.Add(new MeasureInfo(codes.MeasureId(group.Key), group.Key, Scopes.Of(group.Key), dimensions, usedDimensions, flags[0], declared));
        }
        await store.BulkInsertAsync(transaction, "measure", MeasureColumns, newMeasures, (m, row) =>
        {
            row.Integer(m.Id);
            row.Text(m.Name);
            row.Text(m.Scope);
            row.Text(string.Join(',', m.Dimensions));
            row.Text(string.Join(',', m.Used));
            row.Boolean(m.UsesOffice);
            row.Text(string.Join(',', m.Totals));
        }, cancellationToken);
        await store.BulkInsertAsync(transaction, "member", MemberColumns, codes.NewMembers, (m, row) =>
        {
            row.Text(m.Column);
            row.Integer(m.Member.Code);
            row.Text(m.Member.Name);
            row.Text(m.Member.Parent);
        }, cancellationToken);
    }

    /// <summary>
    /// Encodes counted observations held in memory (a locked questionnaire's answers) into the fact table for a source,
    /// by the same path as an observation file: the dimension "office" goes to the office column, the others to slots.
    /// Observations are grouped by the dimensions they have (a choice has an answer, a table cell a row and a column),
    /// each group one relation of literal rows; a measure stored before with other dimensions is refused by
    /// <see cref="EncodeFactsAsync"/>, naming it. Returns the number of rows written.
    /// </summary>
    internal async Task<long> EncodeObservationsAsync(DbTransaction transaction, long sourceId, IReadOnlyCollection<Observation> observations, CancellationToken cancellationToken)
    {
        long rows = 0;
        const string office = "office";
        foreach (var group in observations.GroupBy(o => string.Join(',', o.Key.Members.Keys.Where(d => d != office).Order(StringComparer.Ordinal)), StringComparer.Ordinal))
        {
            // Each group may register measures and members: the next one must see them.
            var catalog = await FactCatalogAsync(transaction, cancellationToken);
            var dimensions = group.Key.Length == 0 ? [] : group.Key.Split(',');
            // Staged through the engine's bulk load into a temporary table (a literal VALUES list of a year's 30,000
            // answers took DuckDB seconds to parse); created and dropped inside the transaction, so a failure leaves nothing.
            const string staging = "answer_staging";
            await store.ExecuteAsync(transaction, $"CREATE TEMPORARY TABLE {staging} (measure TEXT, year INTEGER, office TEXT, {string.Join("", dimensions.Select(d => Quote(d) + " TEXT, "))}value DECIMAL(18,4))",
                cancellationToken);
            await store.BulkInsertAsync(transaction, staging, ["measure", "year", "office", .. dimensions.Select(Quote), "value"], group, (o, row) =>
            {
                row.Text(o.Measure);
                row.Integer(o.Year);
                row.Text(o.Key[office]);
                foreach (var dimension in dimensions) row.Text(o.Key[dimension]);
                row.Decimal(o.Value);
            }, cancellationToken);
            rows += (await EncodeFactsAsync(transaction, sourceId, staging, new ObservationHeader(dimensions), catalog, (_, _) => null, cancellationToken)).Rows;
            await store.ExecuteAsync(transaction, $"DROP TABLE {staging}", cancellationToken);
        }
        return rows;
    }

    /// <summary>The measures and the member dictionary of the fact table.</summary>
    public Task<FactCatalog> FactCatalogAsync(CancellationToken cancellationToken) => FactCatalogAsync(null, cancellationToken);

    /// <summary>The catalog as a transaction sees it (a year lock registers measures inside its own).</summary>
    internal async Task<FactCatalog> FactCatalogAsync(DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var measures = new List<MeasureInfo>();
        await foreach (var row in store.QueryAsync(transaction, "SELECT id, name, scope, dimensions, used, uses_office, totals FROM measure ORDER BY id", cancellationToken))
        {
            measures.Add(new MeasureInfo(SqlStore.ToInt(row[0])!.Value, (string)row[1]!, (string)row[2]!, SplitList((string)row[3]!), SplitList((string)row[4]!),
                Convert.ToBoolean(row[5], CultureInfo.InvariantCulture), SplitList((string)row[6]!)));
        }
        var members = new Dictionary<string, List<MemberInfo>>(StringComparer.Ordinal);
        await foreach (var row in store.QueryAsync(transaction, "SELECT dimension, code, name, parent FROM member ORDER BY dimension, code", cancellationToken))
        {
            var dimension = (string)row[0]!;
            if (!members.TryGetValue(dimension, out var list)) members[dimension] = list = [];
            list.Add(new MemberInfo(SqlStore.ToInt(row[1])!.Value, (string)row[2]!, (string?)row[3]));
        }
        return new FactCatalog(measures, members.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<MemberInfo>)kv.Value, StringComparer.Ordinal));
    }

    /// <summary>Runs one aggregation over the facts of the sources current for each measure's scope and year.</summary>
    public async Task<IReadOnlyList<FactRow>> AggregateFactsAsync(FactAggregation aggregation, CancellationToken cancellationToken)
    {
        if (aggregation.MeasureIds.Count == 0 || aggregation.Sums.Count == 0) return [];
        if (await CurrentFactsAsync(aggregation.MeasureIds, aggregation.Years, cancellationToken) is not { } current) return [];
        var where = new List<string> { current.Condition };
        where.AddRange(aggregation.Where.Select(Condition));
        var keys = aggregation.GroupBy.Select(FactColumns.Sql).ToList();
        var groupBy = keys.Count == 0 ? "" : $" GROUP BY {string.Join(", ", keys)}";
        var sums = aggregation.Sums.Select((s, i) => (s.Filter.Count == 0 ? "SUM(value)" : $"SUM(value) FILTER (WHERE {string.Join(" AND ", s.Filter.Select(Condition))})") + " AS s" + Number(i));
        var sql = $"SELECT {string.Join(", ", keys.Concat(sums))} FROM fact WHERE {string.Join(" AND ", where)}{groupBy}";
        var result = new List<FactRow>();
        await foreach (var row in store.AnalyticQueryAsync(null, sql, cancellationToken))
        {
            var codes = new int[keys.Count];
            for (var i = 0; i < codes.Length; i++) codes[i] = Convert.ToInt32(row[i], CultureInfo.InvariantCulture);
            var values = new decimal?[aggregation.Sums.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = row[keys.Count + i] is { } v ? SqlStore.Normalize(Convert.ToDecimal(v, CultureInfo.InvariantCulture)) : null;
            }
            result.Add(new FactRow(codes, values));
        }
        return result;
    }

    /// <summary>The facts of some measures that come from the source current for their scope and year.</summary>
    /// <param name="Condition">SQL that keeps them.</param>
    /// <param name="Sources">The sources they come from.</param>
    /// <param name="Years">The years they cover.</param>
    private sealed record CurrentFacts(string Condition, IReadOnlyList<long> Sources, IReadOnlyList<int> Years);

    /// <summary>
    /// The current facts of some measures (within <paramref name="years"/> when given), or null when no such fact can exist.
    /// </summary>
    private async Task<CurrentFacts?> CurrentFactsAsync(IReadOnlyCollection<int> measureIds, IReadOnlyList<int> years, CancellationToken cancellationToken)
    {
        var ids = string.Join(", ", measureIds.Distinct().Order().Select(Number));
        var current = new Dictionary<long, List<int>>();
        var wanted = years.ToHashSet();
        await foreach (var row in store.QueryAsync($"""
            SELECT DISTINCT y.source_id, y.year FROM source_scope_year y
            WHERE y.is_current AND y.scope IN (SELECT scope FROM measure WHERE id IN ({ids}))
            ORDER BY y.source_id, y.year
            """, cancellationToken))
        {
            var year = SqlStore.ToInt(row[1])!.Value;
            if (wanted.Count > 0 && !wanted.Contains(year)) continue;
            var source = Convert.ToInt64(row[0], CultureInfo.InvariantCulture);
            if (!current.TryGetValue(source, out var list)) current[source] = list = [];
            list.Add(year);
        }
        if (current.Count == 0) return null;
        var currency = string.Join(" OR ", current.Select(c => $"(source_id = {c.Key.ToString(CultureInfo.InvariantCulture)} AND year IN ({string.Join(", ", c.Value.Select(Number))}))"));
        return new CurrentFacts($"{(measureIds.Distinct().Count() == 1 ? $"measure_id = {ids}" : $"measure_id IN ({ids})")} AND ({currency})",
            [.. current.Keys], [.. current.Values.SelectMany(y => y).Distinct().Order()]);
    }

    private static string Condition(FactCondition condition)
    {
        var column = FactColumns.Sql(condition.Column);
        return condition.Codes switch
        {
            null => condition.Total ? $"{column} = 0" : $"{column} <> 0",
            [] => "FALSE",
            [var one] => $"{column} = {Number(one)}",
            var codes => $"{column} IN ({string.Join(", ", codes.Distinct().Order().Select(Number))})",
        };
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string identifier) => '"' + identifier + '"';

    private static List<string> SplitList(string text) => [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>A refusal found in what the engine read, to be located in the file by reading it again.</summary>
    private sealed class DbExceptionForDiagnosis(string message) : DbException(message);


    /// <summary>
    /// The batch's broken groups, each with its terms' sums, from one statement (<see cref="RuleStatement"/>) over the
    /// current facts of the batch's measures and years.
    /// </summary>
    public async Task<IReadOnlyList<FactRuleBreak>> CheckFactsAsync(FactRuleBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Checks.Count == 0) return [];
        var statement = new RuleStatement(batch);
        if (await CurrentFactsAsync(statement.MeasureIds, batch.Years, cancellationToken) is not { } current) return [];
        var rows = Convert.ToInt64(await store.ScalarAsync(null,
            $"SELECT CAST(COALESCE(SUM(row_count), 0) AS BIGINT) FROM source WHERE id IN ({string.Join(", ", current.Sources.Select(id => id.ToString(CultureInfo.InvariantCulture)))})",
            cancellationToken), CultureInfo.InvariantCulture);
        var aggregate = statement.Combinations(await FactCatalogAsync(cancellationToken), current.Years.Count) * 2 <= rows;
        var breaks = new List<FactRuleBreak>();
        // Engine settings for this statement only: in a transaction of its own, which they end with.
        var settings = store.RuleStatementSettings;
        await using var transaction = settings.Count == 0 ? null : await store.Connection.BeginTransactionAsync(cancellationToken);
        foreach (var setting in settings) await store.ExecuteAsync(transaction, setting, cancellationToken);
        if (store.ComparesRulesInDotNet)
        {
            var sums = await BaseSumsAsync(transaction, statement, statement.BaseSql(current.Condition, aggregate), cancellationToken);
            if (transaction is not null) await transaction.CommitAsync(cancellationToken);
            return sums.Breaks();
        }
        await foreach (var row in store.AnalyticQueryAsync(transaction, statement.Sql(current.Condition, aggregate), cancellationToken))
        {
            var check = batch.Checks[SqlStore.ToInt(row[0])!.Value];
            var keys = new int[check.GroupBy.Count];
            for (var i = 0; i < keys.Length; i++) keys[i] = SqlStore.ToInt(row[1 + i])!.Value;
            decimal? Term(int i) => row[1 + statement.KeyWidth + i] is { } v ? SqlStore.Normalize(Convert.ToDecimal(v, CultureInfo.InvariantCulture)) : null;
            breaks.Add(new FactRuleBreak(SqlStore.ToInt(row[0])!.Value, keys,
                [.. check.Left.Select((_, i) => Term(i))], [.. check.Right.Select((_, i) => Term(check.Left.Count + i))]));
        }
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        return breaks;
    }

    /// <summary>
    /// Writes a staff list's headcounts to the fact table (the one home of counted data, which queries, rules and the
    /// publish step read) at the finest grain the list has: category × grade × nationality × sex.
    /// </summary>
    internal async Task EncodeStaffListAsync(DbTransaction transaction, long sourceId, int year, FactCatalog catalog, CancellationToken cancellationToken)
    {
        var (category, grade, nationality, sex) = (Dimensions.Category, Dimensions.Grade, Dimensions.Nationality, Dimensions.Sex);
        await EncodeFactsAsync(transaction, sourceId, $"""
            (SELECT '{Measures.StaffHeadcount}' AS measure, {year.ToString(CultureInfo.InvariantCulture)} AS year, CAST(NULL AS TEXT) AS office,
                    {category}, {grade}, {nationality}, {sex}, COUNT(*) AS value
             FROM staff_member WHERE source_id = {sourceId.ToString(CultureInfo.InvariantCulture)} GROUP BY {category}, {grade}, {nationality}, {sex})
            """, new ObservationHeader([category, grade, nationality, sex]), catalog, (_, _) => null, cancellationToken);
    }
}
