namespace Almanac.Domain.Workforce;

/// <summary>The two staff categories the annexes separate.</summary>
public enum StaffCategory
{
    /// <summary>General Service and National Officer categories (locally recruited).</summary>
    GeneralService,
    /// <summary>International Professional and higher categories (P, D, E grades).</summary>
    Professional,
}

/// <summary>Codes and parsing for <see cref="StaffCategory"/>.</summary>
public static class StaffCategoryCodes
{
    public static string Code(this StaffCategory category) => category == StaffCategory.Professional ? "PH" : "GS";

    public static string Label(this StaffCategory category) => category == StaffCategory.Professional
        ? "Professional and higher categories"
        : "General Service and National Officer categories";

    public static StaffCategory? Parse(string text) => text.Trim().ToUpperInvariant() switch
    {
        "GS" or "G" or "NO" or "GS/NO" or "GSNO" or "GENERAL SERVICE" or "NATIONAL OFFICER"
            or "GENERAL SERVICE AND NATIONAL OFFICER" or "GENERAL SERVICE AND NATIONAL OFFICER CATEGORIES" => StaffCategory.GeneralService,
        "PH" or "P" or "PROFESSIONAL" or "INTERNATIONAL PROFESSIONAL" or "PROFESSIONAL AND HIGHER"
            or "PROFESSIONAL AND HIGHER CATEGORIES" => StaffCategory.Professional,
        _ => null,
    };
}
