using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Almanac.Domain.Reference;

/// <summary>The countries and the membership history Almanac resolves names, codes and annex sections against.</summary>
public sealed class ReferenceData
{
    private readonly FrozenDictionary<string, Country> _byKey;
    private readonly FrozenDictionary<string, Country> _byIso3;
    private readonly ILookup<string, MembershipPeriod> _membership;

    public ReferenceData(IEnumerable<Country> countries, IEnumerable<MembershipPeriod> membership)
    {
        Countries = [.. countries.OrderBy(c => c.Iso3, StringComparer.Ordinal)];
        Membership = [.. membership.OrderBy(m => m.Iso3, StringComparer.Ordinal).ThenBy(m => m.Since)];
        _byIso3 = Countries.ToFrozenDictionary(c => c.Iso3, StringComparer.OrdinalIgnoreCase);

        var keys = new Dictionary<string, Country>(StringComparer.Ordinal);
        foreach (var country in Countries)
        {
            foreach (var key in KeysOf(country))
            {
                if (keys.TryGetValue(key, out var other) && other.Iso3 != country.Iso3)
                {
                    throw new AlmanacException($"Reference data: the name or code '{key}' is used by both {other.Iso3} and {country.Iso3}.");
                }
                keys[key] = country;
            }
        }
        _byKey = keys.ToFrozenDictionary(StringComparer.Ordinal);

        foreach (var period in Membership)
        {
            if (!_byIso3.ContainsKey(period.Iso3))
            {
                throw new AlmanacException($"Reference data: membership names unknown country code '{period.Iso3}'.");
            }
        }
        _membership = Membership.ToLookup(m => m.Iso3, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<Country> Countries { get; }
    public IReadOnlyList<MembershipPeriod> Membership { get; }

    /// <summary>Finds a country by ISO alpha-3, alpha-2, M49, UN name or printed alias; null when nothing matches.</summary>
    public Country? Resolve(string codeOrName)
    {
        var key = NormalizeName(codeOrName);
        return key.Length == 0 ? null : _byKey.GetValueOrDefault(key);
    }

    public Country this[string iso3] => _byIso3.TryGetValue(iso3, out var c)
        ? c
        : throw new AlmanacException($"Unknown country code '{iso3}'.");

    public MembershipStatus StatusIn(string iso3, int year) =>
        _membership[iso3].FirstOrDefault(p => p.Covers(year))?.Status ?? MembershipStatus.NonMember;

    /// <summary>Number of Member States in a year, or null when the membership history does not reach back that far.</summary>
    public int? MemberStateCount(int year) =>
        Membership.Count == 0 || year < Membership.Min(m => m.Since)
            ? null
            : Membership.Count(m => m.Status == MembershipStatus.Member && m.Covers(year));

    /// <summary>Lower-case, accent-preserving, whitespace-collapsed, curly-apostrophe-free form used to compare names.</summary>
    public static string NormalizeName(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var ch in text.Normalize(NormalizationForm.FormC).Trim())
        {
            if (char.IsWhiteSpace(ch))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(ch is '\u2019' or '\u2018' or '`' ? '\'' : char.ToLower(ch, CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>
    /// The key country names are listed by, as print lists them: accents and case ignored, so that "Türkiye" comes between
    /// "Tunisia" and "Turkmenistan" and "Côte d'Ivoire" between "Costa Rica" and "Croatia" (compare keys ordinally).
    /// </summary>
    /// <remarks>
    /// Latin letters are folded by a table rather than by Unicode decomposition, which the invariant globalization mode
    /// Almanac runs in does not perform (there "Türkiye" would sort after "Tuvalu").
    /// </remarks>
    public static string SortKey(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var ch in name)
        {
            if (ch is >= FoldFirst and <= FoldLast)
            {
                var folded = LatinFold[ch - FoldFirst];
                if (folded != '?')
                {
                    builder.Append(folded);
                    continue;
                }
                builder.Append(ch switch
                {
                    'Æ' or 'æ' => "ae",
                    'Œ' or 'œ' => "oe",
                    'Þ' or 'þ' => "th",
                    'Ĳ' or 'ĳ' => "ij",
                    'ß' => "ss",
                    _ => ch.ToString(),
                });
                continue;
            }
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue; // a decomposed accent
            builder.Append(char.ToLowerInvariant(ch));
        }
        return builder.ToString();
    }

    private const char FoldFirst = '\u00C0';
    private const char FoldLast = '\u017F';

    /// <summary>U+00C0…U+017F (Latin-1 letters and Latin Extended-A), each as its lower-case base letter; '?' where that is not one letter.</summary>
    private const string LatinFold =
        "aaaaaa?ceeeeiiiidnooooo?ouuuuy??aaaaaa?ceeeeiiiidnooooo?ouuuuy?y"
        + "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii??jjkkklllllll"
        + "lllnnnnnnnnnoooooo??rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

    private static IEnumerable<string> KeysOf(Country country)
    {
        yield return NormalizeName(country.Iso3);
        if (country.Iso2 is not null) yield return NormalizeName(country.Iso2);
        if (country.M49 is not null) yield return country.M49;
        yield return NormalizeName(country.Name);
        foreach (var alias in country.Aliases) yield return NormalizeName(alias);
    }
}
