using System.Data.Common;
using System.Globalization;
using System.Text;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Observations;

namespace Almanac.Store.Facts;

/// <summary>Figures added or updated one by one (DHIS2's import semantics) through the fact table's one encoding path.</summary>
internal sealed partial class FactStore
{
    /// <summary>
    /// Adds or updates figures in one transaction. Which source is current is decided per scope and year, so the new
    /// source carries the current figures of every scope and year it touches forward, with the given ones added or
    /// replaced: nothing else of those years is lost, and a query sees the figures it saw plus the changes. Figures
    /// already stored with the same value are ignored; when none is new or changed, or in a dry run, nothing is written.
    /// Audited as one change.
    /// </summary>
    public Task<FactValuesResult> ImportFactValuesAsync(SourceInfo source, IReadOnlyList<FactValue> values, bool dryRun, Change change, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            var catalog = await FactCatalogAsync(transaction, cancellationToken);
            var dimensionsOf = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var value in values)
            {
                if (dimensionsOf.ContainsKey(value.Measure)) continue;
                var given = value.Members.Select(m => m.Key).ToList();
                if (catalog.Measure(value.Measure) is { } known)
                {
                    if (given.Any(d => !known.Dimensions.Contains(d)))
                    {
                        throw new AlmanacException($"Measure '{known.Name}' is stored with the dimensions ({string.Join(", ", known.Dimensions)}); these figures have ({string.Join(", ", given)}).");
                    }
                    dimensionsOf[value.Measure] = known.Dimensions;
                }
                else
                {
                    dimensionsOf[value.Measure] = given;
                }
            }

            var covered = values.Select(v => (Scope: Scopes.Of(v.Measure), v.Year)).Distinct().Order().ToList();
            var merged = await CurrentFactValuesAsync(transaction, catalog, covered, cancellationToken);
            foreach (var measure in merged.Keys.Select(k => k.Measure).Distinct(StringComparer.Ordinal))
            {
                dimensionsOf.TryAdd(measure, catalog.Measure(measure)!.Dimensions);
            }
            var outcomes = new List<FactValueOutcome>(values.Count);
            foreach (var value in values)
            {
                var key = new FactKey(value.Measure, value.Year, value.Office,
                    Members(dimensionsOf[value.Measure], value.Members.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal)));
                outcomes.Add(!merged.TryGetValue(key, out var stored) ? FactValueOutcome.Imported
                    : stored == value.Value ? FactValueOutcome.Ignored
                    : FactValueOutcome.Updated);
                merged[key] = value.Value;
            }
            await RefuseLockedAsync(transaction, values, outcomes, cancellationToken);
            if (dryRun || outcomes.All(o => o == FactValueOutcome.Ignored) || outcomes.Contains(FactValueOutcome.Locked)) return new FactValuesResult(outcomes, null, []);

            var sourceId = await store.Sources.CreateSourceAsync(transaction, source, 0, cancellationToken);
            long rows = 0;
            foreach (var group in merged.GroupBy(kv => string.Join(',', dimensionsOf[kv.Key.Measure]), StringComparer.Ordinal))
            {
                // Each group may register measures and members: the next one must see them.
                var groupCatalog = await FactCatalogAsync(transaction, cancellationToken);
                var dimensions = group.Key.Length == 0 ? [] : group.Key.Split(',');
                const string staging = "fact_value_staging";
                await store.ExecuteAsync(transaction, $"CREATE TEMPORARY TABLE {staging} (measure TEXT, year INTEGER, office TEXT, {string.Join("", dimensions.Select(d => Quote(d) + " TEXT, "))}value DECIMAL(18,4))",
                    cancellationToken);
                await store.BulkInsertAsync(transaction, staging, ["measure", "year", "office", .. dimensions.Select(Quote), "value"], group.ToList(), (fact, row) =>
                {
                    row.Text(fact.Key.Measure);
                    row.Integer(fact.Key.Year);
                    row.Text(fact.Key.Office);
                    foreach (var member in fact.Key.Members) row.Text(member);
                    row.Decimal(fact.Value);
                }, cancellationToken);
                rows += (await EncodeFactsAsync(transaction, sourceId, staging, new ObservationHeader(dimensions), groupCatalog, Hierarchies.Problem, cancellationToken)).Rows;
                await store.ExecuteAsync(transaction, $"DROP TABLE {staging}", cancellationToken);
            }
            await store.ExecuteAsync(transaction, "UPDATE source SET row_count = $1 WHERE id = $2", cancellationToken, rows, sourceId);
            var superseded = await store.Sources.MakeCurrentAsync(transaction, sourceId, records: true, covered, cancellationToken);
            var counts = string.Join(", ", Enum.GetValues<FactValueOutcome>().Select(o => $"{outcomes.Count(x => x == o)} {o.ToString().ToLowerInvariant()}"));
            await store.Platform.AuditAsync(transaction, change, $"source {sourceId}", "import", SourceKinds.Dhis2, null,
                $"{source.Name}: {counts}; {rows} figures current for {string.Join(", ", covered.Select(c => $"{c.Scope} {c.Year}"))}", cancellationToken);
            return new FactValuesResult(outcomes, sourceId, superseded);
        }, cancellationToken, SqlStore.UnitAccess.WriteAlone);

    /// <summary>
    /// Marks <see cref="FactValueOutcome.Locked"/> every figure that would add to or change the questionnaire figures of a
    /// locked year: the new source would supersede the lock's, and with it the approved answers. A figure equal to the
    /// stored one changes nothing and stays ignored (<see cref="IsLockedForImportAsync"/>).
    /// </summary>
    private async Task RefuseLockedAsync(DbTransaction transaction, IReadOnlyList<FactValue> values, List<FactValueOutcome> outcomes, CancellationToken cancellationToken)
    {
        var locked = new Dictionary<int, bool>();
        for (var i = 0; i < values.Count; i++)
        {
            if (outcomes[i] == FactValueOutcome.Ignored || Scopes.Of(values[i].Measure) != QuestionnaireScope) continue;
            var year = values[i].Year;
            if (!locked.TryGetValue(year, out var isLocked)) isLocked = locked[year] = await IsLockedForImportAsync(transaction, year, cancellationToken);
            if (isLocked) outcomes[i] = FactValueOutcome.Locked;
        }
    }

    /// <summary>A figure's coordinates: the members in the order of its measure's dimensions (null: a declared total).</summary>
    private sealed record FactKey(string Measure, int Year, string? Office, IReadOnlyList<string?> Members)
    {
        public bool Equals(FactKey? other) =>
            other is not null && Measure == other.Measure && Year == other.Year && Office == other.Office && Members.SequenceEqual(other.Members);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(Measure, StringComparer.Ordinal);
            hash.Add(Year);
            hash.Add(Office, StringComparer.Ordinal);
            foreach (var member in Members) hash.Add(member, StringComparer.Ordinal);
            return hash.ToHashCode();
        }
    }

    private static string?[] Members(IReadOnlyList<string> dimensions, IReadOnlyDictionary<string, string?> given) =>
        [.. dimensions.Select(d => given.GetValueOrDefault(d))];

    /// <summary>The figures of the sources current for some scopes and years, decoded to names, as the transaction sees them.</summary>
    private async Task<Dictionary<FactKey, decimal>> CurrentFactValuesAsync(DbTransaction transaction, FactCatalog catalog, List<(string Scope, int Year)> covered, CancellationToken cancellationToken)
    {
        var result = new Dictionary<FactKey, decimal>();
        if (covered.Count == 0) return result;
        var names = new Dictionary<(string Dimension, int Code), string>();
        foreach (var (dimension, members) in catalog.Members)
        {
            foreach (var member in members) names[(dimension, member.Code)] = member.Name;
        }
        var slots = string.Join(", ", Enumerable.Range(1, FactColumns.Slots).Select(i => "f.d" + i.ToString(CultureInfo.InvariantCulture)));
        var where = new StringBuilder();
        var parameters = new List<object?>();
        foreach (var (scope, year) in covered)
        {
            if (where.Length > 0) where.Append(" OR ");
            where.Append(CultureInfo.InvariantCulture, $"(m.scope = ${parameters.Count + 1} AND f.year = ${parameters.Count + 2})");
            parameters.Add(scope);
            parameters.Add(year);
        }
        await foreach (var row in store.QueryAsync(transaction, $"""
            SELECT f.measure_id, f.year, f.office, {slots}, SUM(f.value)
            FROM fact f JOIN measure m ON m.id = f.measure_id
            JOIN source_scope_year y ON y.source_id = f.source_id AND y.scope = m.scope AND y.year = f.year AND y.is_current
            WHERE {where}
            GROUP BY f.measure_id, f.year, f.office, {slots}
            """, cancellationToken, [.. parameters]))
        {
            var measure = catalog.Measures.First(m => m.Id == SqlStore.ToInt(row[0]));
            var office = SqlStore.ToInt(row[2]) is > 0 and var code ? names[("office", code)] : null;
            var members = measure.Dimensions.Select((d, i) => SqlStore.ToInt(row[3 + i]) is > 0 and var m ? names[(d, m)] : null).ToArray();
            result[new FactKey(measure.Name, SqlStore.ToInt(row[1])!.Value, office, members)] = SqlStore.Normalize(Convert.ToDecimal(row[3 + FactColumns.Slots], CultureInfo.InvariantCulture));
        }
        return result;
    }
}
