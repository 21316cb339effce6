namespace Almanac.Ingest.Hxl;

/// <summary>
/// A hashtag spec of HXL 1.1 (<c>#affected +idps +ind</c>): a hashtag and a set of attributes, each a letter followed by
/// letters, digits and '_', with spaces allowed between them. Case and the order of the attributes do not matter: both
/// are kept lower-case and the attributes as a set, so that two specs that mean the same compare equal.
/// </summary>
public sealed class HxlHashtag : IEquatable<HxlHashtag>
{
    private HxlHashtag(string tag, SortedSet<string> attributes)
    {
        Tag = tag;
        Attributes = attributes;
        Text = "#" + tag + string.Concat(attributes.Select(a => "+" + a));
    }

    /// <summary>The hashtag without its '#', lower-case.</summary>
    public string Tag { get; }

    /// <summary>The attributes without their '+', lower-case, in order.</summary>
    public IReadOnlySet<string> Attributes { get; }

    /// <summary>The spec as errors name it: <c>#affected+idps+ind</c>, attributes in alphabetical order.</summary>
    public string Text { get; }

    /// <summary>The spec a cell holds (spaces around it and between its parts allowed), or null when the cell is not one.</summary>
    public static HxlHashtag? Parse(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var text = cell.AsSpan().Trim();
        if (text.IsEmpty || text[0] != '#') return null;
        var i = 1;
        var tag = Name(text, ref i);
        if (tag is null) return null;
        var attributes = new SortedSet<string>(StringComparer.Ordinal);
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i == text.Length) return new HxlHashtag(tag, attributes);
            if (text[i] != '+') return null;
            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            var attribute = Name(text, ref i);
            if (attribute is null) return null;
            attributes.Add(attribute);
        }
    }

    /// <summary>A name at <paramref name="i"/>: a letter, then letters, digits and '_'; lower-cased.</summary>
    private static string? Name(ReadOnlySpan<char> text, ref int i)
    {
        var start = i;
        if (i >= text.Length || !char.IsAsciiLetter(text[i])) return null;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
        return text[start..i].ToString().ToLowerInvariant();
    }

    public bool Equals(HxlHashtag? other) => other is not null && Text == other.Text;

    public override bool Equals(object? obj) => Equals(obj as HxlHashtag);

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Text;
}
