using Almanac.Domain.Publishing;
using Almanac.Domain.Reports;
using Almanac.Store;

namespace Almanac.Analytics.Publishing;

/// <summary>Reads from the store what a report definition needs: the current observations of its measures, sources, reference data and the audit.</summary>
public static class PublicationInputsLoader
{
    public static async Task<PublicationInputs> LoadAsync(IAlmanacStore store, ReportDefinition definition, CancellationToken cancellationToken)
    {
        var reference = await store.LoadReferenceDataAsync(cancellationToken);
        var observations = await store.CurrentObservationsAsync(Measures(definition), cancellationToken);
        var sources = (await store.SourcesAsync(cancellationToken)).Select(s => new SourceDescription(s.Id, s.Name, s.Kind, s.ImportedAt)).ToList();
        var tables = await store.ReportTablesAsync(null, cancellationToken);
        var printed = await store.PrintedObservationsAsync(null, cancellationToken);
        var audit = ReportAudit.Run(tables.Select(t => (t.SourceId, t.SourceName, t.Table)), printed);
        return new PublicationInputs(observations, reference, sources, audit);
    }

    /// <summary>Every measure a definition reads: of its pivots, rows, ratios, paragraph figures and indicators.</summary>
    public static IReadOnlyCollection<string> Measures(ReportDefinition definition)
    {
        var measures = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, indicator) in definition.Indicators)
        {
            measures.Add(name);
            if (indicator is CountDistinctIndicator distinct) measures.Add(distinct.Of);
        }
        foreach (var block in definition.Sections.SelectMany(s => s.Blocks))
        {
            var pivot = block switch { TableDefinition t => t.Pivot, ChartDefinition c => c.Pivot, _ => null };
            if (block is ParagraphDefinition paragraph) measures.UnionWith(paragraph.Figures.Values.Select(f => f.Measure));
            if (pivot is null) continue;
            measures.Add(pivot.Measure);
            foreach (var item in pivot.Rows.Concat(pivot.Columns))
            {
                if (item is MemberItem { Measure: { } measure }) measures.Add(measure);
                if (item is RatioItem { Printed: { } printedMeasure }) measures.Add(printedMeasure);
            }
        }
        return measures;
    }
}
