using Almanac.Domain.Reports;

namespace Almanac.Ingest.Reports;

/// <summary>
/// The ways a row of printed number tokens can be read as cells. A space both separates cells and groups thousands
/// ("1 770" is one number or two cells), so a row can have several readings; the table's arithmetic picks the one.
/// </summary>
public static class RowReadings
{
    /// <summary>More ambiguous joints than this and the row is left unresolved rather than searched.</summary>
    public const int MaxAmbiguousJoints = 16;

    /// <summary>
    /// Every reading of <paramref name="tokens"/> as exactly <paramref name="columns"/> cells. A token is one printed
    /// cell: a number ("1", "062", "47%", "+2", "-"), or "" for an empty cell. A token of exactly three digits, possibly
    /// with a decimal part ("551.8"), may be the thousands group of the number token before it (and must be, if it starts with 0).
    /// </summary>
    /// <param name="mergeable">Whether token i may join token i − 1 (false across a tab); null allows every joint.</param>
    /// <returns>The readings, each a list of cells (null for empty), or empty when none has the right number of cells.</returns>
    public static IReadOnlyList<IReadOnlyList<decimal?>> Enumerate(IReadOnlyList<string> tokens, int columns, Func<int, bool>? mergeable = null)
    {
        var joints = new List<int>();
        var forced = new HashSet<int>();
        for (var i = 1; i < tokens.Count; i++)
        {
            if (!MayJoin(tokens, i) || (mergeable is not null && !mergeable(i))) continue;
            if (tokens[i][0] == '0') forced.Add(i);
            else joints.Add(i);
        }
        if (joints.Count > MaxAmbiguousJoints) return [];
        var readings = new List<IReadOnlyList<decimal?>>();
        for (var mask = 0; mask < 1 << joints.Count; mask++)
        {
            var merged = new HashSet<int>(forced);
            for (var j = 0; j < joints.Count; j++)
            {
                if ((mask & (1 << j)) != 0) merged.Add(joints[j]);
            }
            var reading = Read(tokens, merged, columns);
            if (reading is not null) readings.Add(reading);
        }
        return readings;
    }

    /// <summary>
    /// More stray spaces than this in one single-space row are not searched at first; a staff annex searches a row
    /// further only when none of its readings keeps its identities.
    /// </summary>
    public const int MaxStraySpaces = 3;

    /// <summary>
    /// The readings of a single-space row whose empty tokens may be stray spaces another extraction put before, inside or
    /// after its cells ("4 158  7 102"), with at most <paramref name="maxStraySpaces"/> empty tokens dropped. With
    /// <paramref name="fewest"/>, the readings as printed or, when there are none, those with the fewest dropped: a row
    /// that reads as printed keeps its empty cells. Without, every reading, none taken over another: the row's and the
    /// table's arithmetic choose.
    /// </summary>
    /// <param name="minStraySpaces">The fewest empty tokens dropped: readings with fewer were searched already.</param>
    public static IReadOnlyList<IReadOnlyList<decimal?>> EnumerateWithStraySpaces(IReadOnlyList<string> tokens, int columns,
        int maxStraySpaces = MaxStraySpaces, bool fewest = true, int minStraySpaces = 0)
    {
        var empties = Enumerable.Range(0, tokens.Count).Where(i => tokens[i].Length == 0).ToList();
        var strays = Math.Min(maxStraySpaces, Math.Min(empties.Count, tokens.Count - columns));
        var readings = new List<IReadOnlyList<decimal?>>();
        for (var k = minStraySpaces; k <= Math.Max(0, strays); k++)
        {
            readings.AddRange(Subsets(empties, k).SelectMany(dropped => Enumerate([.. tokens.Where((_, i) => !dropped.Contains(i))], columns)));
            if (fewest && readings.Count > 0) break;
        }
        return [.. readings.Distinct(ReadingComparer.Instance)];
    }

    /// <summary>Every set of <paramref name="size"/> of <paramref name="items"/>, in order.</summary>
    private static IEnumerable<HashSet<int>> Subsets(List<int> items, int size)
    {
        if (size == 0)
        {
            yield return [];
            yield break;
        }
        for (var i = 0; i <= items.Count - size; i++)
        {
            foreach (var rest in Subsets(items[(i + 1)..], size - 1)) yield return [items[i], .. rest];
        }
    }

    /// <summary>Whether some token may be the thousands group of the one before it: the tokens are then not whole figures.</summary>
    public static bool MayJoin(IReadOnlyList<string> tokens) => Enumerable.Range(1, Math.Max(0, tokens.Count - 1)).Any(i => MayJoin(tokens, i));

    private static bool MayJoin(IReadOnlyList<string> tokens, int i) => IsGroup(tokens[i]) && IsDigits(tokens[i - 1], 0);

    /// <summary>
    /// Picks the one reading that <paramref name="fits"/>; when several readings had the right number of cells, the cells
    /// on which they differ are marked as placed by inference. Null when none or more than one fits.
    /// </summary>
    public static IReadOnlyList<ReportCell?>? Resolve(IReadOnlyList<IReadOnlyList<decimal?>> readings, Func<IReadOnlyList<decimal?>, bool> fits)
    {
        var fitting = readings.Where(fits).Distinct(ReadingComparer.Instance).ToList();
        if (fitting.Count != 1) return null;
        var chosen = fitting[0];
        var cells = new ReportCell?[chosen.Count];
        for (var c = 0; c < chosen.Count; c++)
        {
            var inferred = readings.Any(r => r[c] != chosen[c]);
            cells[c] = chosen[c] is { } v ? new ReportCell(v, inferred) : null;
        }
        return cells;
    }

    private static List<decimal?>? Read(IReadOnlyList<string> tokens, HashSet<int> merged, int columns)
    {
        var cells = new List<decimal?>(columns);
        string? pending = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (merged.Contains(i))
            {
                pending += tokens[i];
                continue;
            }
            if (pending is not null && !Flush(pending, cells)) return null;
            pending = tokens[i];
        }
        if (pending is not null && !Flush(pending, cells)) return null;
        return cells.Count == columns ? cells : null;
    }

    private static bool Flush(string token, List<decimal?> cells)
    {
        if (token.Length == 0)
        {
            cells.Add(null);
            return true;
        }
        if (token.Length > 1 && token[0] == '0' && token.All(char.IsAsciiDigit)) return false;
        switch (PrintedNumber.TryParse(token, out var value))
        {
            case PrintedNumber.Shape.Number:
                cells.Add(value);
                return true;
            case PrintedNumber.Shape.Dash:
                cells.Add(0);
                return true;
            case PrintedNumber.Shape.NotApplicable:
                cells.Add(null);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Three digits, optionally with a decimal part: amounts in millions print as "1 551.8".</summary>
    private static bool IsGroup(string token)
    {
        var point = token.IndexOf('.', StringComparison.Ordinal);
        if (point < 0) return IsDigits(token, 3);
        return IsDigits(token[..point], 3) && IsDigits(token[(point + 1)..], 0);
    }

    private static bool IsDigits(string token, int length) =>
        token.Length > 0 && (length == 0 ? token.Length <= 15 : token.Length == length) && token.All(char.IsAsciiDigit);

    private sealed class ReadingComparer : IEqualityComparer<IReadOnlyList<decimal?>>
    {
        public static readonly ReadingComparer Instance = new();
        public bool Equals(IReadOnlyList<decimal?>? x, IReadOnlyList<decimal?>? y) => x is not null && y is not null && x.SequenceEqual(y);
        public int GetHashCode(IReadOnlyList<decimal?> obj) => obj.Aggregate(17, (h, v) => HashCode.Combine(h, v));
    }
}
