namespace Almanac.Domain.Workforce;

/// <summary>Sex as the staff statistics break it down.</summary>
public enum Sex
{
    Female,
    Male,
}

/// <summary>Codes and parsing for <see cref="Sex"/>.</summary>
public static class SexCodes
{
    public static string Code(this Sex sex) => sex == Sex.Female ? "F" : "M";

    public static Sex? Parse(string text) => text.Trim().ToUpperInvariant() switch
    {
        "F" or "FEMALE" or "W" or "WOMAN" or "WOMEN" => Sex.Female,
        "M" or "MALE" or "MAN" or "MEN" => Sex.Male,
        _ => null,
    };
}
