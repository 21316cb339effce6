using Almanac.Domain.Observations;
using Almanac.Domain.Reference;
using Almanac.Domain.Reports.Statements;

namespace Almanac.Store.Sources;

/// <summary>The rows of sources, reference data, printed figures and statements as the schema keeps them, read by column name (<see cref="SqlStore.RowsAsync{TRow}"/>).</summary>
internal sealed partial class SourceStore
{
    private sealed class CountryAliasRow
    {
        public required string Iso3 { get; init; }
        public required string Alias { get; init; }
    }

    private sealed class CountryRow
    {
        public required string Iso3 { get; init; }
        public string? Iso2 { get; init; }
        public string? M49 { get; init; }
        public required string NameEn { get; init; }
        public string? NameFr { get; init; }
        public string? NameEs { get; init; }
        public string? RegionM49 { get; init; }
        public string? RegionName { get; init; }
        public string? SubregionM49 { get; init; }
        public string? SubregionName { get; init; }

        public Country ToCountry(IReadOnlyList<string> aliases) =>
            new(Iso3, Iso2, M49, NameEn, [.. aliases], NameFr, NameEs, Area(RegionM49, RegionName), Area(SubregionM49, SubregionName));

        private static M49Area? Area(string? code, string? name) => code is not null && name is not null ? new M49Area(code, name) : null;
    }

    private sealed class MembershipRow
    {
        public required string Iso3 { get; init; }
        public required string Status { get; init; }
        public int Since { get; init; }
        public int? Until { get; init; }
    }

    private sealed class SourceRow
    {
        public long Id { get; init; }
        public required string Kind { get; init; }
        public required string Name { get; init; }
        public required string Sha256 { get; init; }
        public DateTime ImportedAt { get; init; }
        public long RowCount { get; init; }
    }

    private sealed class SourceYearRow
    {
        public long SourceId { get; init; }
        public int Year { get; init; }
        public required string Scope { get; init; }
        public bool IsCurrent { get; init; }

        /// <summary>The source's kind, where the query joins the source.</summary>
        public string? Kind { get; init; }
    }

    /// <summary>A source's name and size: its rows (a report's printed figures), and where the query counts them its tables and their year.</summary>
    private sealed class SourceSizeRow
    {
        public long SourceId { get; init; }
        public required string Name { get; init; }
        public long RowCount { get; init; }
        public long Tables { get; init; }
        public int? Year { get; init; }
    }

    private sealed class ReportTableRow
    {
        public long SourceId { get; init; }
        public required string SourceName { get; init; }
        public required string Layout { get; init; }
    }

    /// <summary>A printed (or, before migration 7, counted) figure with its source's name: <see cref="Columns"/> over <c>observation o JOIN source s</c>.</summary>
    internal sealed class ObservationRow
    {
        public const string Columns = "o.measure, o.year, o.dims, o.value, o.source_id, s.name AS source_name, o.location, o.line, o.inferred";

        public required string Measure { get; init; }
        public int Year { get; init; }
        public required string Dims { get; init; }
        public decimal Value { get; init; }
        public long SourceId { get; init; }
        public required string SourceName { get; init; }
        public string? Location { get; init; }
        public int? Line { get; init; }
        public bool? Inferred { get; init; }

        public Observation ToObservation() =>
            new(Measure, Year, DimensionKey.Parse(Dims), SqlStore.Normalize(Value), new Provenance(SourceId, SourceName, Location, Line, Inferred == true));
    }

    private sealed class StatementRow
    {
        public long SourceId { get; init; }
        public required string SourceName { get; init; }
        public int Ordinal { get; init; }
        public int? Paragraph { get; init; }
        public int Line { get; init; }
        public int Year { get; init; }
        public required string Subject { get; init; }
        public int? Count { get; init; }
        public required string Qualifier { get; init; }
        public decimal? Percent { get; init; }
        public int? Base { get; init; }
        public required string Role { get; init; }
        public int? Parent { get; init; }
        public int? ParentLine { get; init; }
        public int Section { get; init; }
        public required string Text { get; init; }

        // A share as printed: the column's scale (36.0000) is not the printed one (36).
        public StoredStatement ToStored() => new(SourceId, SourceName, new OfficeStatement(Ordinal, Paragraph, Line, Year, Subject, Count,
            OfficeStatement.ParseQualifier(Qualifier), Percent is { } p ? p / 1.0000000000000000000000000000m : null, Base,
            Enum.Parse<StatementRole>(Role, ignoreCase: true), Parent, ParentLine, Section, Text));
    }
}
