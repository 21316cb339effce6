namespace Almanac.Domain.Observations;

/// <summary>
/// A measure's scope is the area it belongs to (the part of its name before the first dot: "staff", "funding",
/// "returns"). Which source is current for a year is decided per scope, so that a funding appeal for 2018 does not
/// supersede the staff figures of the annual report for 2018.
/// </summary>
public static class Scopes
{
    public static string Of(string measure)
    {
        var dot = measure.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? measure : measure[..dot];
    }
}
