using Almanac.Domain.Observations;
using Almanac.Domain.Platform;
using Almanac.Domain.Reference;
using Almanac.Domain.Reports;
using Almanac.Domain.Reports.Statements;
using Almanac.Domain.Workforce;
using Almanac.Store.Facts;

namespace Almanac.Store;

/// <summary>
/// The one persistence contract: the embedded DuckDB store and PostgreSQL both implement it, and one test suite runs
/// against both. Every import happens in one transaction: it is wholly there or not at all.
/// </summary>
public interface IAlmanacStore : IOrganizationReads, IAsyncDisposable
{
    /// <summary>What the store is and where, for messages ("DuckDB at ./almanac.db").</summary>
    string Description { get; }

    /// <summary>Schema version after the migrations applied on open.</summary>
    Task<int> SchemaVersionAsync(CancellationToken cancellationToken);

    /// <summary>Replaces countries, aliases and membership history in one transaction.</summary>
    Task ReplaceReferenceDataAsync(ReferenceData reference, CancellationToken cancellationToken);

    /// <summary>Reads the reference data; empty when <c>init</c> has not loaded it.</summary>
    Task<ReferenceData> LoadReferenceDataAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores a staff list for a year, its headcounts in the fact table, and makes it the year's current source, superseding earlier imports for that
    /// year (which stay in the history). The rows are enumerated inside the transaction: if the enumeration throws,
    /// nothing is written. Returns <see cref="ImportOutcome.Unchanged"/> when the same file was already imported for that year.
    /// </summary>
    Task<ImportResult> ImportStaffListAsync(SourceInfo source, int year, IEnumerable<(long Line, StaffMember Member)> rows, CancellationToken cancellationToken);

    /// <summary>
    /// Stores printed figures as observations. For each year they cover, they become current unless a staff list is
    /// current for that year (records outrank print); a later import of print supersedes an earlier one.
    /// </summary>
    Task<ImportResult> ImportPublishedFiguresAsync(SourceInfo source, IReadOnlyCollection<Observation> observations, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the tables rebuilt from a published document and their figures as observations, with the same currency
    /// rules as <see cref="ImportPublishedFiguresAsync"/>, and the statements its narrative makes about offices; an import
    /// of the same content again is <see cref="ImportOutcome.Unchanged"/> (it only adds the statements to an import made
    /// before the store kept them).
    /// </summary>
    Task<ImportResult> ImportReportAsync(SourceInfo source, IReadOnlyList<ReportTable> tables, IReadOnlyCollection<Observation> observations,
        IReadOnlyList<OfficeStatement> statements, CancellationToken cancellationToken);

    /// <summary>The office statements read from published documents, of one source or all, in document order.</summary>
    Task<IReadOnlyList<StoredStatement>> ReportStatementsAsync(long? sourceId, CancellationToken cancellationToken);

    /// <summary>The tables rebuilt from published documents, of one source or all, in document order.</summary>
    Task<IReadOnlyList<StoredReportTable>> ReportTablesAsync(long? sourceId, CancellationToken cancellationToken);

    /// <summary>Every printed observation (current or superseded) of one source or all: what the audit compares.</summary>
    Task<IReadOnlyList<Observation>> PrintedObservationsAsync(long? sourceId, CancellationToken cancellationToken);

    /// <summary>
    /// The printed figures of the given measures that come from the current source of their scope and year. Counted data
    /// (staff lists, observation files, locked questionnaires) is in the fact table only: read it with
    /// <see cref="AggregateFactsAsync"/> (the query engine).
    /// </summary>
    Task<IReadOnlyList<Observation>> CurrentPrintedObservationsAsync(IReadOnlyCollection<string> measures, CancellationToken cancellationToken);

    /// <summary>Every import ever made, newest first, with the years it covers and whether it is current for them.</summary>
    Task<IReadOnlyList<SourceRecord>> SourcesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Bulk-imports a long observation file (<see cref="ObservationFile"/>: <c>measure,year,office,&lt;dimension…&gt;,value</c>)
    /// into the columnar fact table in one transaction, registering new measures and members in the dictionary. The
    /// source becomes current for each scope and year it covers (records: it supersedes print). The same content again
    /// (by checksum) is <see cref="ImportOutcome.Unchanged"/>; a bad cell is an <see cref="Domain.InputException"/> naming
    /// file, line, column and value, and nothing is written.
    /// </summary>
    Task<ImportResult> ImportObservationsAsync(SourceInfo source, string path, CancellationToken cancellationToken);

    /// <summary>The fact table's measures and member dictionary (names ↔ codes, hierarchy parents).</summary>
    Task<FactCatalog> FactCatalogAsync(CancellationToken cancellationToken);

    /// <summary>Sums of current facts grouped by columns, every sum in one scan (what pivot queries compile to).</summary>
    Task<IReadOnlyList<FactRow>> AggregateFactsAsync(FactAggregation aggregation, CancellationToken cancellationToken);

    /// <summary>
    /// Checks a batch of compiled rules over the current facts in one statement and returns every group that breaks one
    /// (no cap), with each term's sum: what <c>RuleEngine</c> compiles rules to.
    /// </summary>
    Task<IReadOnlyList<FactRuleBreak>> CheckFactsAsync(FactRuleBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// The platform's offices with the regional office each reports to (empty when none are stored): the parents of the
    /// office → region level of queries and rules. Like every call of this interface it is not serialized; a web server
    /// reads it inside <see cref="IPlatformStore.ReadFactsAsync"/>.
    /// </summary>
    Task<IReadOnlyList<Office>> OfficeHierarchyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds or updates figures one by one in one transaction, as DHIS2 imports data values: each is imported (new),
    /// updated (another value) or ignored (the same value); the new source carries forward the other current figures of
    /// the scopes and years it touches. A dry run, or figures that change nothing, writes nothing. Audited.
    /// </summary>
    Task<Facts.FactValuesResult> ImportFactValuesAsync(SourceInfo source, IReadOnlyList<Facts.FactValue> values, bool dryRun, Change change, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a project portfolio in one transaction and makes it the current one: the previous portfolio is superseded
    /// whole (and kept in the history). Its required and funded amounts go to the fact table as
    /// <c>funding.required</c> and <c>funding.funded</c> by appeal region, country and MiGOF node, current for the
    /// "projects" scope of each year they cover (never superseding an appeal's printed requirements). The same file again is <see cref="ImportOutcome.Unchanged"/>.
    /// </summary>
    Task<ImportResult> ImportProjectsAsync(SourceInfo source, Domain.Projects.Portfolio portfolio, CancellationToken cancellationToken);

    /// <summary>The current project portfolio with the source it came from; null when no portfolio was imported.</summary>
    Task<(long SourceId, Domain.Projects.Portfolio Portfolio)?> CurrentPortfolioAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The results frameworks with their crosswalk (empty when none are stored): the Strategic Plan counterparts of a
    /// MiGOF node, for queries and rules (<c>migof.strategic_plan</c>) and the projects' IATI activities.
    /// </summary>
    Task<IReadOnlyList<Domain.Platform.Framework>> FrameworksAsync(CancellationToken cancellationToken);
}

/// <summary>Kinds of source the store knows.</summary>
public static class SourceKinds
{
    public const string StaffList = "staff-list";
    public const string PublishedFigures = "published-figures";
    public const string PublishedReport = "published-report";
    /// <summary>The approved answers of a locked questionnaire year.</summary>
    public const string Questionnaire = "questionnaire";
    public const string Observations = "observations";
    /// <summary>A DHIS2 data value set or ADX document, carried forward with the figures it did not change.</summary>
    public const string Dhis2 = "dhis2";
    /// <summary>A project portfolio file (projects and their transactions).</summary>
    public const string Projects = "projects";
    /// <summary>An SDMX-CSV data message of a dataflow Almanac publishes, imported as an observation file.</summary>
    public const string Sdmx = "sdmx";
    /// <summary>An HXL-tagged CSV file read through an HXL mapping, imported as an observation file.</summary>
    public const string Hxl = "hxl";
}

/// <summary>A file about to be imported: its kind, name as given, content checksum and the time of import.</summary>
public sealed record SourceInfo(string Kind, string Name, string Sha256, DateTimeOffset ImportedAt)
{
    /// <summary>
    /// Whether the import may supersede what it replaces even with far less (<c>--replace</c>); without it such an import
    /// is a <see cref="DestructiveImportException"/> and writes nothing.
    /// </summary>
    public bool Replace { get; init; }
}

/// <summary>
/// An import refused because it would replace a year or a report with far less: a staff list with fewer than half the
/// staff of the list it supersedes for the year (an empty one above all), a report with fewer tables or printed figures
/// than an earlier import of the same report. The message says what would be lost; nothing was written.
/// </summary>
public sealed class DestructiveImportException(string message) : Domain.AlmanacException(message);

/// <summary>An import in the store's history.</summary>
public sealed record SourceRecord(long Id, string Kind, string Name, string Sha256, DateTimeOffset ImportedAt, long RowCount, IReadOnlyList<SourceYear> Years);

/// <summary>A year a source covers in a scope (e.g. "staff", "funding"), and whether the source is current for them.</summary>
public sealed record SourceYear(int Year, string Scope, bool IsCurrent);

/// <summary>A rebuilt table as the store keeps it, with the import it came from.</summary>
public sealed record StoredReportTable(long SourceId, string SourceName, ReportTable Table);

/// <summary>An office statement with the import (id and document name) it was read from.</summary>
public sealed record StoredStatement(long SourceId, string SourceName, OfficeStatement Statement);

/// <summary>Whether an import wrote anything.</summary>
public enum ImportOutcome
{
    Imported,
    Unchanged,
}

/// <summary>The result of an import: the source it created (or found) and how many rows it holds.</summary>
public sealed record ImportResult(ImportOutcome Outcome, long SourceId, long RowCount, IReadOnlyList<long> Superseded);
