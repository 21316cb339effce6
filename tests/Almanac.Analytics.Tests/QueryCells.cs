using Almanac.Domain.Analytics;

namespace Almanac.Analytics.Tests;

/// <summary>Reads one cell of a query result by its members, for the query tests' known answers.</summary>
internal static class QueryCells
{
    /// <summary>The value of <paramref name="series"/> in the one cell at <paramref name="at"/> (a null member is the total); fails unless exactly one cell matches.</summary>
    public static decimal? Value(QueryResult result, string series, params (string Dimension, string? Member)[] at)
    {
        var index = result.Series.ToList().IndexOf(series);
        var matches = result.Cells.Where(c => at.All(a => c.Members[result.Dimensions.ToList().IndexOf(a.Dimension)] == a.Member)).ToList();
        Assert.True(matches.Count == 1, $"{matches.Count} cells at {string.Join(", ", at)}");
        return matches[0].Values[index];
    }
}
