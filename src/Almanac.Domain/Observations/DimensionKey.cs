using System.Collections.Immutable;

namespace Almanac.Domain.Observations;

/// <summary>An observation's coordinates: dimension name → member, compared and printed in one canonical order.</summary>
public sealed class DimensionKey : IEquatable<DimensionKey>
{
    public static readonly DimensionKey Empty = new(ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal));

    private readonly ImmutableSortedDictionary<string, string> _members;

    private DimensionKey(ImmutableSortedDictionary<string, string> members)
    {
        _members = members;
        Canonical = string.Join(';', members.Select(kv => $"{kv.Key}={kv.Value}"));
    }

    /// <summary>The key as "name=member;name=member", names in ordinal order; the store keeps this form.</summary>
    public string Canonical { get; }

    public IReadOnlyDictionary<string, string> Members => _members;

    public int Count => _members.Count;

    public string? this[string dimension] => _members.GetValueOrDefault(dimension);

    public DimensionKey With(string dimension, string member) => new(_members.SetItem(dimension, member));

    /// <summary>The key without <paramref name="dimension"/> (the same key when it has none).</summary>
    public DimensionKey Without(string dimension) => _members.ContainsKey(dimension) ? new(_members.Remove(dimension)) : this;

    public static DimensionKey Of(params (string Dimension, string Member)[] members) =>
        members.Aggregate(Empty, (key, m) => key.With(m.Dimension, m.Member));

    /// <summary>Reads the canonical form written by <see cref="Canonical"/>.</summary>
    public static DimensionKey Parse(string canonical)
    {
        var key = Empty;
        foreach (var part in canonical.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new FormatException($"Not a dimension key: '{canonical}'.");
            key = key.With(part[..eq], part[(eq + 1)..]);
        }
        return key;
    }

    public bool Equals(DimensionKey? other) => other is not null && Canonical == other.Canonical;
    public override bool Equals(object? obj) => Equals(obj as DimensionKey);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Canonical);
    public override string ToString() => Canonical;
}
