using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Almanac.Analytics.Figures;
using Almanac.Domain;
using Almanac.Domain.Observations;
using Almanac.Domain.Platform;
using Almanac.Domain.Publishing;
using Almanac.Domain.Reference;
using Almanac.Domain.Tables;

namespace Almanac.Analytics.Publishing;

/// <summary>
/// Everything a publication is built from: the store's current printed figures and its counted figures (aggregated by
/// the query engine, no printed location), reference data, sources and audit findings.
/// </summary>
/// <param name="Audit">Findings of the audit of imported reports; those about a published figure are shown beside it.</param>
public sealed record PublicationInputs(
    IReadOnlyList<Observation> Observations,
    ReferenceData Reference,
    IReadOnlyList<SourceDescription> Sources,
    IReadOnlyList<Finding> Audit)
{
    /// <summary>The questionnaires of the years in the store, whose statement links the findings blocks write as sentences.</summary>
    public IReadOnlyList<Questionnaire> Questionnaires { get; init; } = [];

    /// <summary>The organization's offices, which the findings count and list.</summary>
    public IReadOnlyList<Office> Offices { get; init; } = [];
}

/// <summary>Builds the <see cref="Publication"/> of a report definition for a year and language.</summary>
public static partial class PublicationBuilder
{
    /// <summary>Evaluates every block of the definition; <paramref name="progress"/> hears the id of each block as it is done.</summary>
    public static Publication Build(ReportDefinition definition, PublicationInputs inputs, int year, string language, Action<string>? progress = null)
    {
        if (!NumberFormat.Languages.Contains(language))
        {
            throw new AlmanacException($"Unknown language '{language}': a report is published in {string.Join(", ", NumberFormat.Languages)}.");
        }
        var figures = new FigureSource(inputs.Observations, inputs.Reference, definition.Dimensions, definition.Indicators);
        var book = new TraceBook(inputs.Sources.ToDictionary(s => s.Id), inputs.Audit);
        string Text(string template) => Placeholders(template, year);
        var pivots = new PivotEvaluator(figures, inputs.Reference, year, language, Text);

        var labels = Labels(definition, language);
        var counts = new List<CountedOffices>();
        var findings = new QuestionnaireFindings(inputs, book, counts);
        var sections = new List<PublicationSection>();
        foreach (var section in definition.Sections)
        {
            var blocks = new List<PublicationBlock>();
            foreach (var block in section.Blocks)
            {
                blocks.AddRange(block switch
                {
                    ParagraphDefinition paragraph => [Paragraph(paragraph, figures, book, year, language)],
                    FindingsDefinition node => findings.Paragraphs(node, year, language, labels.CountedDescription),
                    TableDefinition table => [Table(table, pivots.Evaluate(table.Id, table.Pivot), book, year, language, Text)],
                    ChartDefinition chart => [Chart(chart, pivots.Evaluate(chart.Id, chart.Pivot), language, Text)],
                    _ => throw new AlmanacException($"Report definition: unknown block {block.GetType().Name}."),
                });
                progress?.Invoke(block switch { TableDefinition t => t.Id, ChartDefinition c => c.Id, _ => section.Id });
            }
            var hasFigures = blocks.OfType<TableBlock>().Any(b => b.Table.Figures.Any())
                || blocks.OfType<ParagraphBlock>().Any(p => p.Inlines.OfType<FigureInline>().Any(f => f.Cell.Value is not null));
            if (section.OmitWhenEmpty && !hasFigures) continue;
            sections.Add(new PublicationSection(section.Id, Text(section.Title.In(language)), blocks));
        }
        return new Publication(definition.Id, year, language, Text(definition.Title.In(language)), sections, book.Sources(), book.Findings(), labels)
        {
            Counts = counts,
        };
    }

    private static TableBlock Table(TableDefinition definition, PivotGrid grid, TraceBook book, int year, string language, Func<string, string> text)
    {
        var rows = new List<PublishedRow>();
        for (var r = 0; r < grid.Rows.Count; r++)
        {
            var line = grid.Rows[r];
            if (line.Role == RowRole.SectionHeading)
            {
                rows.Add(new PublishedRow(line.Label, null, RowRole.SectionHeading, []));
                continue;
            }
            var cells = grid.Cells[r].Select((cell, c) => Cell(cell, CellKindOf(line, grid.Columns[c]), Coordinates(definition.Pivot, line, grid.Columns[c], grid, year + definition.Pivot.YearOffset), book, definition.Id)).ToList();
            rows.Add(new PublishedRow(line.Label, line.Iso3, line.Role, cells));
        }
        var table = new PublishedTable(definition.Id, text(definition.Title.In(language)), text(definition.Stub.In(language)),
            [.. grid.Columns.Select(c => c.Label)], rows, [.. definition.Notes.Select(n => text(n.In(language)))], definition.Id + ".csv");
        return new TableBlock(table);
    }

    private static PublishedCell Cell(Evaluated evaluated, CellKind kind, FigureCoordinates? coordinates, TraceBook book, string tableId) =>
        evaluated.Value is null && !evaluated.NotApplicable
            ? PublishedCell.Empty(kind)
            : new PublishedCell(evaluated.Value, kind, evaluated.Value is null ? null : coordinates, book.For(evaluated.Basis, tableId, evaluated.Findings), evaluated.NotApplicable);

    private static CellKind CellKindOf(AxisLine row, AxisLine column) => (row.Item, column.Item) switch
    {
        (RatioItem, _) or (_, RatioItem) => CellKind.Percent,
        (ChangeItem, _) => CellKind.PercentagePointChange,
        _ => CellKind.Count,
    };

    /// <summary>What the figure is, for open data: the measure (or derived indicator), year and dimension members.</summary>
    private static FigureCoordinates? Coordinates(PivotDefinition pivot, AxisLine row, AxisLine column, PivotGrid grid, int tableYear)
    {
        var year = column.Year ?? row.Year ?? tableYear;
        var where = pivot.Where.With(column.Coordinates ?? column.Where);
        row = row with { Where = row.Coordinates ?? row.Where };
        switch (row.Item, column.Item)
        {
            case (RatioItem { Part: { } part } ratio, _):
                return Key($"{pivot.Measure}.share", year + ratio.YearOffset, where.With(part));
            case (RatioItem { Of: { } of }, _):
                var ofRow = grid.Rows.FirstOrDefault(r => r.Id == of);
                return Key($"{ofRow?.Measure ?? pivot.Measure}.share", year, ofRow is null ? where : where.With(ofRow.Coordinates ?? ofRow.Where));
            case (_, RatioItem { Of: { } of }):
                var ofColumn = grid.Columns.FirstOrDefault(c => c.Id == of);
                return Key($"{pivot.Measure}.share", year, pivot.Where.With(ofColumn?.Coordinates ?? ofColumn?.Where ?? Selection.All).With(row.Where));
            case (ChangeItem change, _):
                var target = (RatioItem)grid.Rows.First(r => r.Id == change.Of).Item;
                return Key($"{pivot.Measure}.share.change", year + change.To, where.With(target.Part ?? Selection.All));
            default:
                return Key(row.Measure ?? column.Measure ?? pivot.Measure, year, where.With(row.Where));
        }
    }

    /// <summary>
    /// A dimension restricted to one member is a coordinate; a set of members is the dimension's total and is left out
    /// (sets of countries are named by their membership before they get here).
    /// </summary>
    private static FigureCoordinates Key(string indicator, int year, Selection selection)
    {
        var key = DimensionKey.Empty;
        foreach (var (dimension, members) in selection.Members.Where(m => m.Value.Count == 1))
        {
            key = key.With(dimension, members[0]);
        }
        return new FigureCoordinates(indicator, year, key);
    }

    private static ParagraphBlock Paragraph(ParagraphDefinition definition, FigureSource figures, TraceBook book, int year, string language)
    {
        var inlines = new List<Inline>();
        var template = definition.Text.In(language);
        var position = 0;
        foreach (Match match in PlaceholderPattern().Matches(template))
        {
            var name = match.Groups[1].Value;
            if (!definition.Figures.TryGetValue(name, out var query))
            {
                continue; // {year} and its offsets are words, not figures
            }
            if (match.Index > position) inlines.Add(new TextInline(Placeholders(template[position..match.Index], year)));
            var (value, kind, basis) = FigureValue(query, figures, year);
            var cell = value is null
                ? PublishedCell.Empty(kind)
                : new PublishedCell(value, kind,
                    Key(query.SharePart is null ? query.Measure : query.Measure + ".share", year + query.YearOffset, query.Where.With(query.SharePart ?? Selection.All)),
                    book.For(basis, "paragraph", []));
            inlines.Add(new FigureInline(value is null ? "…" : NumberFormat.Count(value.Value, language), cell));
            position = match.Index + match.Length;
        }
        if (position < template.Length) inlines.Add(new TextInline(Placeholders(template[position..], year)));
        return new ParagraphBlock(inlines);
    }

    private static (decimal? Value, CellKind Kind, IReadOnlyList<Observation> Basis) FigureValue(FigureQuery query, FigureSource figures, int year)
    {
        var whole = figures.Value(query.Measure, year + query.YearOffset, query.Where);
        if (query.SharePart is null) return (whole.Value, CellKind.Count, whole.Basis);
        var part = figures.Value(query.Measure, year + query.YearOffset, query.Where.With(query.SharePart));
        return (Percentages.Of(part.Value, whole.Value), CellKind.Percent, [.. part.Basis, .. whole.Basis]);
    }

    private static ChartBlock Chart(ChartDefinition definition, PivotGrid grid, string language, Func<string, string> text)
    {
        var series = new List<ChartSeries>();
        for (var r = 0; r < grid.Rows.Count; r++)
        {
            if (grid.Rows[r].Role is RowRole.SectionHeading) continue;
            series.Add(new ChartSeries(grid.Rows[r].Label, [.. grid.Cells[r].Select(c => c.Value)]));
        }
        var unit = grid.Rows.All(r => r.Item is RatioItem) ? CellKind.Percent : CellKind.Count;
        var categories = grid.Columns.Select(c => c.Label).ToList();
        var title = text(definition.Title.In(language));
        var alt = new StringBuilder(title).Append(". ");
        foreach (var s in series)
        {
            alt.Append(s.Name).Append(": ");
            alt.Append(string.Join(", ", categories.Select((c, i) => s.Values[i] is { } v ? $"{c} {NumberFormat.Format(new Cell(v, unit), language)}" : null).OfType<string>()));
            alt.Append(". ");
        }
        return new ChartBlock(definition.Id, title, definition.Kind, categories, series, unit, alt.ToString().TrimEnd());
    }

    private static PublicationLabels Labels(ReportDefinition definition, string language)
    {
        string L(string key, string fallback) => definition.Labels.TryGetValue(key, out var text) ? text.In(language) : fallback;
        return new PublicationLabels(
            L("sources", "Sources"), L("findings", "Findings"), L("data", "Data"), L("contents", "Contents"), L("source", "Source"),
            L("lines", "lines"), L("imported", "imported"), L("audit-status", "Audit"), L("no-findings", "No findings"),
            L("severity", "Severity"), L("rule", "Rule"), L("printed", "Printed"), L("computed", "Computed"), L("message", "Message"),
            L("table", "Table"), L("not-applicable", "N/A"))
        {
            Counted = L("counted", "Offices counted"),
            CountedDescription = L("counted-description", "{questionnaire}, “{question}”, answer “{answer}”: {count} of the {base} offices that answered"),
        };
    }

    /// <summary>Replaces {year}, {year-2}, {year+1} with the years they name.</summary>
    public static string Placeholders(string template, int year) =>
        YearPattern().Replace(template, m =>
        {
            var offset = m.Groups[1].Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            return (year + offset).ToString(CultureInfo.InvariantCulture);
        });

    [GeneratedRegex(@"\{year([+-]\d+)?\}")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"\{([a-z][a-z0-9-]*)\}")]
    private static partial Regex PlaceholderPattern();
}
