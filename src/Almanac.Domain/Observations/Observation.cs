namespace Almanac.Domain.Observations;

/// <summary>One value of a measure for a year at given coordinates, with where it came from.</summary>
public sealed record Observation(string Measure, int Year, DimensionKey Key, decimal Value, Provenance Provenance);

/// <summary>Where an observation came from: the source (an import) and, for printed figures, the table and line.</summary>
/// <param name="SourceId">Identifier of the import in the store.</param>
/// <param name="SourceName">The file name as imported.</param>
/// <param name="Location">For published figures, e.g. "Table 1"; null for record-level sources.</param>
/// <param name="Line">1-based line in the source file; null when the value aggregates many lines.</param>
/// <param name="Inferred">True when the printed figure's place in its table was decided by the table's arithmetic rather than read.</param>
public sealed record Provenance(long SourceId, string SourceName, string? Location, int? Line, bool Inferred = false)
{
    public override string ToString() =>
        SourceName + (Location is null ? "" : $", {Location}") + (Line is null ? "" : $", line {Line}");
}
