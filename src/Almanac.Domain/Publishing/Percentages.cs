namespace Almanac.Domain.Publishing;

/// <summary>Percentages as the reports compute them.</summary>
public static class Percentages
{
    /// <summary>
    /// <paramref name="part"/> as a whole percentage of <paramref name="whole"/>, rounded half away from zero as the reports
    /// round (12.5 → 13); null when either is missing or the whole is zero.
    /// </summary>
    public static decimal? Of(decimal? part, decimal? whole) =>
        part is null || whole is null || whole == 0 ? null : Math.Round(100m * part.Value / whole.Value, 0, MidpointRounding.AwayFromZero);
}
