using Almanac.Domain.Observations;
using Almanac.Store;
using Almanac.Store.Facts;

namespace Almanac.Tests;

/// <summary>A current counted figure of the fact table at its finest grain, decoded: office (when it has one) and dimensions in its key.</summary>
public sealed record CountedFigure(string Measure, int Year, long SourceId, DimensionKey Key, decimal Value)
{
    public override string ToString() => $"{Measure} {Year} {Key} {Value:0.####}";
}

/// <summary>
/// What the store tests read counted data (staff lists, observation files, locked questionnaires) with: the fact table,
/// its one home, through <see cref="IAlmanacStore.AggregateFactsAsync"/> as the query engine reads it (current sources only).
/// </summary>
public static class CountedFacts
{
    public static async Task<IReadOnlyList<CountedFigure>> CurrentAsync(IAlmanacStore store, params string[] measures)
    {
        var ct = TestContext.Current.CancellationToken;
        var catalog = await store.FactCatalogAsync(ct);
        var result = new List<CountedFigure>();
        foreach (var measure in measures)
        {
            if (catalog.Measure(measure) is not { } info) continue;
            string[] dimensions = ["office", .. info.Dimensions];
            List<FactColumn> groupBy = [FactColumn.Year, FactColumn.Source, FactColumn.Office, .. info.Dimensions.Select((_, i) => FactColumns.Slot(i + 1))];
            var names = dimensions.Select(d => catalog.MembersOf(d).ToDictionary(m => m.Code, m => m.Name)).ToArray();
            foreach (var row in await store.AggregateFactsAsync(new FactAggregation([info.Id], [], groupBy, [], [new FactSum([])]), ct))
            {
                var key = DimensionKey.Empty;
                for (var d = 0; d < dimensions.Length; d++)
                {
                    if (row.Keys[2 + d] != 0) key = key.With(dimensions[d], names[d][row.Keys[2 + d]]);
                }
                result.Add(new CountedFigure(measure, row.Keys[0], row.Keys[1], key, row.Sums[0]!.Value));
            }
        }
        return [.. result.OrderBy(f => f.Measure, StringComparer.Ordinal).ThenBy(f => f.Year).ThenBy(f => f.Key.Canonical, StringComparer.Ordinal)];
    }
}
