using Almanac.Domain.Observations;
using Almanac.Domain.Workforce;

namespace Almanac.Domain.Analytics;

/// <summary>
/// The order members are shown in: grades in grade order, sexes F then M, years and other members in ordinal order, then
/// "Unassigned" (children without a parent, after the real members whatever its spelling sorts as), then "Others", a
/// total after its parts; the dimension --top ranked in its ranking (largest first).
/// </summary>
public static class QueryOrder
{
    private static readonly Dictionary<string, Dictionary<string, int>> Ranks = new(StringComparer.Ordinal)
    {
        [Dimensions.Grade] = Rank(Grades.All.Select(g => g.Code)),
        [Dimensions.Category] = Rank(["GS", "PH"]),
        [Dimensions.Sex] = Rank(["F", "M"]),
    };

    public static int Compare(string dimension, string? a, string? b, MemberRanking? ranking = null)
    {
        if (a == b) return 0;
        if (a is null) return 1;
        if (b is null) return -1;
        if (a == TopN.Others) return 1;
        if (b == TopN.Others) return -1;
        if (a == Hierarchies.Unassigned) return 1;
        if (b == Hierarchies.Unassigned) return -1;
        if (ranking is not null && ranking.Dimension == dimension)
        {
            var (ranked, other) = (ranking.RankOf(a), ranking.RankOf(b));
            if (ranked != other) return ranked.CompareTo(other);
        }
        if (Ranks.TryGetValue(dimension, out var ranks))
        {
            var (ra, rb) = (ranks.GetValueOrDefault(a, int.MaxValue), ranks.GetValueOrDefault(b, int.MaxValue));
            if (ra != rb) return ra.CompareTo(rb);
        }
        return string.CompareOrdinal(a, b);
    }

    /// <summary>Compares two member lists of the same dimensions, outermost first.</summary>
    public static int Compare(IReadOnlyList<string> dimensions, IReadOnlyList<string?> a, IReadOnlyList<string?> b, int from, int to, MemberRanking? ranking = null)
    {
        for (var i = from; i < to; i++)
        {
            var result = Compare(dimensions[i], a[i], b[i], ranking);
            if (result != 0) return result;
        }
        return 0;
    }

    private static Dictionary<string, int> Rank(IEnumerable<string> members)
    {
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var member in members) ranks.TryAdd(member, ranks.Count);
        return ranks;
    }
}

/// <summary>A query result laid out as a grid: row keys (row dimensions' members) × column keys (column dimensions' members) × series.</summary>
public sealed record QueryPivot(QueryResult Result, IReadOnlyList<IReadOnlyList<string?>> RowKeys, IReadOnlyList<IReadOnlyList<string?>> ColumnKeys, IReadOnlyDictionary<string, QueryCell> Cells)
{
    public static QueryPivot Of(QueryResult result)
    {
        var rows = new Dictionary<string, IReadOnlyList<string?>>(StringComparer.Ordinal);
        var columns = new Dictionary<string, IReadOnlyList<string?>>(StringComparer.Ordinal);
        var cells = new Dictionary<string, QueryCell>(StringComparer.Ordinal);
        var split = result.RowDimensionCount;
        foreach (var cell in result.Cells)
        {
            var row = cell.Members.Take(split).ToList();
            var column = cell.Members.Skip(split).ToList();
            var (rowKey, columnKey) = (Key(row), Key(column));
            rows.TryAdd(rowKey, row);
            columns.TryAdd(columnKey, column);
            cells[rowKey + "\u001e" + columnKey] = cell;
        }
        var columnDimensions = result.Dimensions.Skip(split).ToList();
        var rowDimensions = result.Dimensions.Take(split).ToList();
        return new QueryPivot(result,
            [.. rows.Values.Order(Comparer<IReadOnlyList<string?>>.Create((a, b) => QueryOrder.Compare(rowDimensions, a, b, 0, rowDimensions.Count, result.Ranking)))],
            [.. columns.Values.Order(Comparer<IReadOnlyList<string?>>.Create((a, b) => QueryOrder.Compare(columnDimensions, a, b, 0, columnDimensions.Count, result.Ranking)))],
            cells);
    }

    /// <summary>The cell at a row key and a column key, if any.</summary>
    public QueryCell? At(IReadOnlyList<string?> row, IReadOnlyList<string?> column) => Cells.GetValueOrDefault(Key(row) + "\u001e" + Key(column));

    private static string Key(IReadOnlyList<string?> members) => string.Join('\u001f', members.Select(m => m ?? "\u0000"));
}
