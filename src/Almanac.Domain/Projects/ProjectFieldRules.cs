using System.Globalization;

namespace Almanac.Domain.Projects;

/// <summary>
/// The checks of a project's values one by one, shared by the projects file reader and the projects page's correction,
/// so that a value the import refuses is refused by a correction with the same words. Each returns the value or a
/// <see cref="Refusal"/> whose English message is what the import says about the cell.
/// </summary>
public static class ProjectFieldRules
{
    /// <summary>The longest appeal line a project may give ("2018/south-eastern-europe-eastern-europe-and-central-asia/objective-3" is 70).</summary>
    public const int MaxAppealLineLength = 200;

    /// <summary>A text's problem: required and missing, longer than <paramref name="maxLength"/>, or with a control character.</summary>
    public static Refusal? TextProblem(string? text, int maxLength, bool required)
    {
        if (string.IsNullOrEmpty(text)) return required ? Refusal.Of("project.required", "a value is required") : null;
        if (text.Length > maxLength) return Refusal.Of("project.too-long", $"longer than the {InputLimits.Number(maxLength)} characters this column may have", maxLength);
        return text.Any(char.IsControl) ? Refusal.Of("project.control-character", "a control character (a line break?) in the value") : null;
    }

    /// <summary>A date written YYYY-MM-DD between 1945 and 2100, or null.</summary>
    public static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is >= 1945 and <= 2100 ? date : null;

    public static readonly Refusal NotADate = Refusal.Of("project.not-a-date", "not a date: write it as YYYY-MM-DD (1945–2100)");

    public static readonly Refusal UnknownStatus = Refusal.Of("project.unknown-status",
        $"unknown status: expected one of {string.Join(", ", ProjectCodes.Statuses)} (or IATI's code 1–6)", string.Join(", ", ProjectCodes.Statuses));

    /// <summary>The gender marker (0, 1 or 2), or null.</summary>
    public static int? ParseGenderMarker(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var marker) && marker <= ProjectCodes.MaxGenderMarker ? marker : null;

    public static readonly Refusal BadGenderMarker = Refusal.Of("project.gender-marker", "the gender marker is 0 (not targeted), 1 (significant objective) or 2 (principal objective)");

    /// <summary>
    /// The recipient countries of a list of items ("KEN:60", "UGA:40"; a single country may go without a share, then 100),
    /// each resolved by <paramref name="resolveIso3"/> (a code or a name to its ISO 3166 alpha-3 code, null when unknown).
    /// </summary>
    public static (IReadOnlyList<CountryShare> Countries, Refusal? Problem) ParseCountries(IReadOnlyList<string> items, Func<string, string?> resolveIso3)
    {
        if (items.Count > InputLimits.MaxProjectCountries)
        {
            return ([], Refusal.Of("project.too-many-items", $"more than {InputLimits.MaxProjectCountries} items, the most a project may list", InputLimits.MaxProjectCountries));
        }
        var countries = new List<CountryShare>();
        foreach (var item in items)
        {
            var colon = item.LastIndexOf(':');
            var countryText = colon < 0 ? item : item[..colon].Trim();
            if (resolveIso3(countryText) is not { } iso3)
            {
                return ([], Refusal.Of("project.unknown-country", $"unknown country {InputLimits.Quote(countryText)}: give an ISO 3166 code or a country name from the reference list",
                    InputLimits.Quote(countryText)));
            }
            decimal percent = 100;
            if (colon >= 0 && (!decimal.TryParse(item[(colon + 1)..].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out percent) || percent <= 0 || percent > 100
                || decimal.Round(percent, 2) != percent))
            {
                return ([], Refusal.Of("project.bad-share", $"the share of {iso3} is not a percentage above 0 and at most 100 with at most 2 decimals (write ISO3:share, e.g. KEN:60;UGA:40)", iso3));
            }
            if (colon < 0 && items.Count > 1) return ([], Refusal.Of("project.share-missing", $"{iso3} has no share: with several countries each gets one (KEN:60;UGA:40)", iso3));
            if (countries.Any(c => c.Iso3 == iso3)) return ([], Refusal.Of("project.country-twice", $"{iso3} is listed twice", iso3));
            countries.Add(new CountryShare(iso3, percent));
        }
        return (countries, null);
    }

    /// <summary>The items of a list cell or field, separated by ';' (empty items dropped).</summary>
    public static IReadOnlyList<string> Items(string? text) =>
        (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The countries as a list field writes them: "KEN:60;UGA:40" (a single country at 100% alone: "KEN").</summary>
    public static string CountriesText(IReadOnlyList<CountryShare> countries) =>
        countries is [{ Percent: 100 } single] ? single.Iso3 : string.Join(";", countries.Select(c => $"{c.Iso3}:{c.Percent.ToString("0.##", CultureInfo.InvariantCulture)}"));

    /// <summary>An appeal line's problem: not YEAR/region/migof, or of another region or MiGOF node than the project's.</summary>
    public static Refusal? AppealLineProblem(string appealLine, string region, string? migof)
    {
        if (ProjectCodes.ParseAppealLine(appealLine) is not { } parsed)
        {
            return Refusal.Of("project.appeal-line", "an appeal line is YEAR/region/migof, e.g. 2018/asia-and-the-pacific/objective-1");
        }
        return parsed.Region != region || parsed.Migof != migof
            ? Refusal.Of("project.appeal-line-other", $"the appeal line's region and MiGOF node are not the project's ({region}/{migof ?? "none"})", $"{region}/{migof ?? "none"}")
            : null;
    }
}
