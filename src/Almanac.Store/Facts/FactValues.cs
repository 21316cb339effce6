namespace Almanac.Store.Facts;

/// <summary>
/// One figure to add or update in the fact table (a DHIS2 data value once mapped): a null office or member is a declared
/// total over it. <paramref name="Members"/> gives the measure's dimensions in the order a new measure takes them.
/// </summary>
public sealed record FactValue(string Measure, int Year, string? Office, IReadOnlyList<KeyValuePair<string, string?>> Members, decimal Value);

/// <summary>What an import of figures did with one of them, as DHIS2's import summary counts it.</summary>
public enum FactValueOutcome
{
    /// <summary>No current figure had its coordinates: added.</summary>
    Imported,

    /// <summary>A current figure had its coordinates and another value: replaced.</summary>
    Updated,

    /// <summary>A current figure had its coordinates and this value already: nothing to write.</summary>
    Ignored,

    /// <summary>
    /// A figure of a locked questionnaire year that the import would add or change: refused, and nothing of the import is
    /// written (a locked year's figures are its approved answers; they change once the year is unlocked).
    /// </summary>
    Locked,
}

/// <summary>
/// What an import of figures did (or, in a dry run, would do): one outcome per figure in the order given, the new source
/// (null when nothing was written: a dry run, or nothing new) and the sources it superseded.
/// </summary>
public sealed record FactValuesResult(IReadOnlyList<FactValueOutcome> Outcomes, long? SourceId, IReadOnlyList<long> Superseded)
{
    public int Count(FactValueOutcome outcome) => Outcomes.Count(o => o == outcome);
}
