namespace Almanac.Domain.Platform;

/// <summary>What an office is in the organization's structure.</summary>
public enum OfficeKind
{
    Headquarters,
    RegionalOffice,
    CountryOffice,
}

/// <summary>
/// An office that answers the questionnaire. <paramref name="Region"/> is the code of the regional office it reports
/// to (a regional office's own code for itself; null for headquarters); <paramref name="Country"/> is ISO alpha-3.
/// </summary>
public sealed record Office(string Code, string Name, OfficeKind Kind, string? Region, string? Country);

/// <summary>Parses and names office kinds as files and the API write them.</summary>
public static class OfficeKinds
{
    public static string Code(this OfficeKind kind) => kind switch
    {
        OfficeKind.Headquarters => "headquarters",
        OfficeKind.RegionalOffice => "regional",
        _ => "country",
    };

    public static OfficeKind? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "headquarters" or "hq" => OfficeKind.Headquarters,
        "regional" or "regional office" or "ro" => OfficeKind.RegionalOffice,
        "country" or "country office" or "co" => OfficeKind.CountryOffice,
        _ => null,
    };

    /// <summary>
    /// Checks a set of offices as a whole: unique codes, every region names a regional office, a regional office is
    /// its own region, a country office has a country. Problems are returned as (office code, field, value, problem).
    /// </summary>
    public static IReadOnlyList<(string Office, string Field, string? Value, string Problem)> Check(IReadOnlyCollection<Office> offices)
    {
        var problems = new List<(string, string, string?, string)>();
        var regions = offices.Where(o => o.Kind == OfficeKind.RegionalOffice).Select(o => o.Code).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var office in offices)
        {
            if (!seen.Add(office.Code)) problems.Add((office.Code, "code", office.Code, "appears twice"));
            if (office.Kind == OfficeKind.RegionalOffice && office.Region != office.Code)
                problems.Add((office.Code, "region", office.Region, "a regional office is its own region"));
            if (office.Kind == OfficeKind.CountryOffice && office.Region is not null && !regions.Contains(office.Region))
                problems.Add((office.Code, "region", office.Region, "names no regional office"));
            if (office.Kind == OfficeKind.CountryOffice && string.IsNullOrEmpty(office.Country))
                problems.Add((office.Code, "country", office.Country, "a country office needs its country"));
        }
        return problems;
    }
}
