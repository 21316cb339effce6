using Almanac.Domain.Observations;
using Almanac.Domain.Tables;

namespace Almanac.Domain.Publishing;

/// <summary>
/// A frozen rendering of a report definition for one year and language: everything a renderer needs, with every
/// figure traceable to the sources and findings behind it. Renderers read it and never query the store.
/// </summary>
/// <param name="DefinitionId">The report definition it was built from, e.g. "annual-report".</param>
/// <param name="Language">"en", "fr" or "es": the language of every label in it.</param>
/// <param name="Sources">Every source a figure refers to; <see cref="Trace.Sources"/> index into it.</param>
/// <param name="Findings">Every finding a figure refers to, and the audit findings about the sources; <see cref="Trace.Findings"/> index into it.</param>
public sealed record Publication(
    string DefinitionId,
    int Year,
    string Language,
    string Title,
    IReadOnlyList<PublicationSection> Sections,
    IReadOnlyList<SourceReference> Sources,
    IReadOnlyList<PublishedFinding> Findings,
    PublicationLabels Labels)
{
    /// <summary>Every table of the publication, in reading order.</summary>
    public IEnumerable<PublishedTable> Tables => Sections.SelectMany(s => s.Blocks).OfType<TableBlock>().Select(b => b.Table);

    /// <summary>The name of the publication's file in a format: "annual-report-2023-en.html".</summary>
    public string FileName(string extension) => $"{DefinitionId}-{Year}-{Language}.{extension}";

    /// <summary>Every chart of the publication, in reading order.</summary>
    public IEnumerable<ChartBlock> Charts => Sections.SelectMany(s => s.Blocks).OfType<ChartBlock>();

    /// <summary>The offices behind each count of questionnaire answers; <see cref="Trace.Counted"/> indexes into it.</summary>
    public IReadOnlyList<CountedOffices> Counts { get; init; } = [];
}

/// <summary>
/// The offices a figure counts, by name, with what was counted: the questionnaire, the question, the answer and the
/// base ("Institutional questionnaire 2018 — … — answer “yes”: 102 of the 165 offices that answered").
/// </summary>
public sealed record CountedOffices(string Description, IReadOnlyList<string> Offices);

/// <summary>The fixed words renderers print around the content (headings of the sources list, legends), in the publication's language.</summary>
public sealed record PublicationLabels(
    string Sources,
    string Findings,
    string Data,
    string Contents,
    string Source,
    string Lines,
    string Imported,
    string AuditStatus,
    string NoFindings,
    string Severity,
    string Rule,
    string Printed,
    string Computed,
    string Message,
    string Table,
    string NotApplicable)
{
    /// <summary>The heading of the list of offices behind the counts.</summary>
    public string Counted { get; init; } = "Offices counted";

    /// <summary>How a count is described beside its offices: {questionnaire}, {question}, {answer}, {count} and {base} are filled in.</summary>
    public string CountedDescription { get; init; } = "{questionnaire}, “{question}”, answer “{answer}”: {count} of the {base} offices that answered";
}

/// <summary>A part of the report with a heading (e.g. an annex).</summary>
public sealed record PublicationSection(string Id, string Title, IReadOnlyList<PublicationBlock> Blocks);

/// <summary>One block of a section: a paragraph, a table or a chart.</summary>
public abstract record PublicationBlock;

/// <summary>A paragraph of text in which some runs are live figures.</summary>
public sealed record ParagraphBlock(IReadOnlyList<Inline> Inlines) : PublicationBlock
{
    /// <summary>The paragraph as plain text, figures formatted as printed.</summary>
    public string Text => string.Concat(Inlines.Select(i => i.Text));
}

/// <summary>A run of a paragraph.</summary>
/// <param name="Text">The run as it reads, a figure already formatted in the publication's number format.</param>
public abstract record Inline(string Text);

/// <summary>Plain text.</summary>
public sealed record TextInline(string Text) : Inline(Text);

/// <summary>A figure computed from the store, with what it was computed from.</summary>
public sealed record FigureInline(string Text, PublishedCell Cell) : Inline(Text);

/// <summary>A table block.</summary>
public sealed record TableBlock(PublishedTable Table) : PublicationBlock;

/// <summary>
/// A table as published: <see cref="StubHeader"/> over the row labels, then <see cref="Columns"/>; each row has one cell
/// per column. <see cref="DataFile"/> is the name of the CSV that holds the data behind it ("table-1.csv").
/// </summary>
public sealed record PublishedTable(
    string Id,
    string Title,
    string StubHeader,
    IReadOnlyList<string> Columns,
    IReadOnlyList<PublishedRow> Rows,
    IReadOnlyList<string> Notes,
    string DataFile)
{
    /// <summary>The cells that hold a figure, with their row and column: what open-data exports write.</summary>
    public IEnumerable<(PublishedRow Row, string Column, PublishedCell Cell)> Figures =>
        Rows.Where(r => r.Role != RowRole.SectionHeading)
            .SelectMany(r => r.Cells.Select((c, i) => (r, Columns[i], c)))
            .Where(x => x.c.Value is not null);

    /// <summary>The table as the statistical tables model it (for the text, CSV and JSON renderers), with the findings shown beside it.</summary>
    public StatTable ToStatTable(IReadOnlyList<Finding> findings) =>
        new(Id, Title, StubHeader, Columns, [.. Rows.Select(r => new StatRow(r.Label, r.Iso3, r.Role, [.. r.Cells.Select(c => c.AsCell)]))], Notes, findings);
}

/// <summary>A row of a <see cref="PublishedTable"/>; <paramref name="Iso3"/> is set when the row stands for a country.</summary>
public sealed record PublishedRow(string Label, string? Iso3, RowRole Role, IReadOnlyList<PublishedCell> Cells);

/// <summary>
/// A published figure: its value and kind, the coordinates it answers (what the open-data exports write), and the
/// trace to its sources and findings. A cell without value is empty (or not applicable).
/// </summary>
public sealed record PublishedCell(decimal? Value, CellKind Kind, FigureCoordinates? Coordinates, Trace Trace, bool NotApplicable = false)
{
    public static PublishedCell Empty(CellKind kind = CellKind.Count) => new(null, kind, null, Trace.None);

    /// <summary>The cell as the statistical tables model it, for renderers that format numbers.</summary>
    public Cell AsCell => new(Value, Kind, NotApplicable);
}

/// <summary>
/// What a figure is: the indicator (a measure, or a derived indicator such as "staff.headcount.share"), the year and
/// the dimension members it is restricted to.
/// </summary>
public sealed record FigureCoordinates(string Indicator, int Year, DimensionKey Key);

/// <summary>
/// Indexes into <see cref="Publication.Sources"/> and <see cref="Publication.Findings"/>, and for each source the lines
/// this figure was read from (<see cref="SourceReference.Lines"/> holds every line the whole publication used).
/// </summary>
public sealed record Trace(IReadOnlyList<int> Sources, IReadOnlyList<int> Findings, IReadOnlyDictionary<int, IReadOnlyList<int>>? Lines = null)
{
    public static readonly Trace None = new([], []);

    /// <summary>The index into <see cref="Publication.Counts"/> of the offices this figure counts, when it counts questionnaire answers.</summary>
    public int? Counted { get; init; }

    public bool HasFindings => Findings.Count > 0;

    /// <summary>The lines of source <paramref name="source"/> this figure was read from; empty for record-level sources.</summary>
    public IReadOnlyList<int> LinesOf(int source) => Lines is not null && Lines.TryGetValue(source, out var lines) ? lines : [];
}

/// <summary>A source a figure was computed from: a file and lines for printed figures, an import and its date for records.</summary>
/// <param name="Lines">The lines of the file the figures came from, ascending; empty for record-level sources.</param>
public sealed record SourceReference(long SourceId, string Name, string Kind, DateTimeOffset? ImportedAt, IReadOnlyList<int> Lines)
{
    /// <summary>"annual-report-2023.txt, lines 632, 640" or "staff-2023.csv (imported 2026-11-23)"; <paramref name="lines"/> narrows the lines to one figure's.</summary>
    public string Describe(string linesWord, string importedWord, IReadOnlyList<int>? lines = null)
    {
        lines ??= Lines;
        return lines.Count > 0
            ? $"{Name}, {linesWord} {string.Join(", ", lines)}"
            : ImportedAt is { } at ? $"{Name} ({importedWord} {at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)})" : Name;
    }
}

/// <summary>A finding as published: the finding and the table of the publication it is shown beside, if any.</summary>
public sealed record PublishedFinding(Finding Finding, string? TableId);

/// <summary>A chart: categories along one axis, one or more series of values, and a text alternative for readers who cannot see it.</summary>
/// <param name="Unit">How values read: counts or per cent.</param>
public sealed record ChartBlock(
    string Id,
    string Title,
    ChartKind Kind,
    IReadOnlyList<string> Categories,
    IReadOnlyList<ChartSeries> Series,
    CellKind Unit,
    string AltText) : PublicationBlock;

/// <summary>How a chart draws its series.</summary>
public enum ChartKind
{
    /// <summary>One line per series across the categories (e.g. % women by grade, one line per year).</summary>
    Line,
    /// <summary>Bars side by side per category.</summary>
    GroupedBar,
    /// <summary>Bars stacked per category (e.g. funding by region and category).</summary>
    StackedBar,
}

/// <summary>One series of a chart; a null value is a gap.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<decimal?> Values);
