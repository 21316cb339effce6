using System.Collections.Immutable;

namespace Almanac.Domain.Reference;

/// <summary>A country or territory as the organization prints it, with its ISO and UN M49 codes.</summary>
/// <param name="Iso3">ISO 3166-1 alpha-3 code, or a pseudo-code (XXA stateless, XXX unspecified) for staff without a country.</param>
/// <param name="Iso2">ISO 3166-1 alpha-2 code; null for pseudo-codes.</param>
/// <param name="M49">UN M49 numeric code as three digits; null for pseudo-codes.</param>
/// <param name="Name">UN English short name.</param>
/// <param name="Aliases">Other names under which the reports print it.</param>
/// <param name="NameFr">UN French short name; null where the list read had none (a store loaded before the names existed).</param>
/// <param name="NameEs">UN Spanish short name; null where the list read had none.</param>
/// <param name="Region">UN M49 region (Africa, Americas, Asia, Europe, Oceania); null for Antarctica, the pseudo-codes, and a store loaded before regions existed.</param>
/// <param name="SubRegion">UN M49 sub-region (Western Europe, Sub-Saharan Africa, …); null where <paramref name="Region"/> is.</param>
public sealed record Country(string Iso3, string? Iso2, string? M49, string Name, ImmutableArray<string> Aliases, string? NameFr = null, string? NameEs = null,
    M49Area? Region = null, M49Area? SubRegion = null)
{
    /// <summary>
    /// True for the pseudo-nationalities that the annexes count in their "Other" row (XXA, XXX): no ISO alpha-2 and no
    /// M49 code. Kosovo, which M49 leaves out, has an alpha-2 code and is a country.
    /// </summary>
    public bool IsPseudo => M49 is null && Iso2 is null;

    /// <summary>
    /// The name in a publication language ("en", "fr" or "es"). A missing translation gives the English name, so that a
    /// store whose reference data predates the translations still publishes (with a name a reader recognises).
    /// </summary>
    public string NameIn(string language) => language switch
    {
        "en" => Name,
        "fr" => string.IsNullOrEmpty(NameFr) ? Name : NameFr,
        "es" => string.IsNullOrEmpty(NameEs) ? Name : NameEs,
        _ => throw new ArgumentException($"Unknown language '{language}' for the name of {Iso3}: expected en, fr or es.", nameof(language)),
    };
}

/// <summary>A UN M49 geographic area a country belongs to: a region ("150", "Europe") or a sub-region ("155", "Western Europe").</summary>
/// <param name="Code">M49 numeric code as three digits.</param>
/// <param name="Name">M49 English name.</param>
public sealed record M49Area(string Code, string Name);
