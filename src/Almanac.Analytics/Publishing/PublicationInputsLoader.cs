using System.Globalization;
using Almanac.Analytics.Query;
using Almanac.Domain.Analytics;
using Almanac.Domain.Observations;
using Almanac.Domain.Platform;
using Almanac.Domain.Publishing;
using Almanac.Domain.Reports;
using Almanac.Store;

namespace Almanac.Analytics.Publishing;

/// <summary>
/// Reads from the store what a report definition needs: the current printed figures of its measures, its counted data
/// (staff lists, observation files, locked questionnaires) aggregated by the query engine to the grain the definition
/// needs, sources, reference data and the audit.
/// </summary>
public static class PublicationInputsLoader
{
    public static async Task<PublicationInputs> LoadAsync(IAlmanacStore store, ReportDefinition definition, CancellationToken cancellationToken)
    {
        var reference = await store.LoadReferenceDataAsync(cancellationToken);
        var questionnaires = await QuestionnairesAsync(store, definition, cancellationToken);
        var answered = QuestionnaireFindings.Measures(definition, questionnaires);
        var measures = Measures(definition);
        var printedFigures = await store.CurrentPrintedObservationsAsync(measures, cancellationToken);
        var sources = (await store.SourcesAsync(cancellationToken)).Select(s => new SourceDescription(s.Id, s.Name, s.Kind, s.ImportedAt)).ToList();
        var engine = new QueryEngine(store);
        var counted = await CountedAsync(engine, measures.Except(answered, StringComparer.Ordinal).ToList(), NamedDimensions(definition), sources, cancellationToken);
        // A chapter's sentences count offices, and its trace lists them: its questions are read by office and answer.
        var byOffice = answered.ToDictionary(m => m, _ => new HashSet<string>([QueryEngine.OfficeDimension, QuestionnaireFindings.AnswerDimension], StringComparer.Ordinal), StringComparer.Ordinal);
        var counts = await CountedAsync(engine, answered, byOffice, sources, cancellationToken);
        var tables = await store.ReportTablesAsync(null, cancellationToken);
        var printed = await store.PrintedObservationsAsync(null, cancellationToken);
        var audit = ReportAudit.Run(tables.Select(t => (t.SourceId, t.SourceName, t.Table)), printed);
        return new PublicationInputs([.. printedFigures, .. counted, .. counts], reference, sources, audit)
        {
            Questionnaires = questionnaires,
            Offices = questionnaires.Count == 0 ? [] : await store.OfficesAsync(cancellationToken),
        };
    }

    /// <summary>The questionnaires of every year, when the definition writes findings from them (none otherwise).</summary>
    private static async Task<IReadOnlyList<Questionnaire>> QuestionnairesAsync(IAlmanacStore store, ReportDefinition definition, CancellationToken cancellationToken)
    {
        if (!definition.Sections.SelectMany(s => s.Blocks).OfType<FindingsDefinition>().Any()) return [];
        var questionnaires = new List<Questionnaire>();
        foreach (var year in await store.QuestionnaireYearsAsync(cancellationToken))
        {
            if (await store.QuestionnaireAsync(year, cancellationToken) is { } questionnaire) questionnaires.Add(questionnaire);
        }
        return questionnaires;
    }

    /// <summary>
    /// The current counted figures of each measure, every year, as one pivot query per measure: rows year, source and
    /// the dimensions the definition names for the measure, so that the fact table is added up in the engine and only
    /// that small result reaches <see cref="Figures.FigureSource"/>, which adds it up further as it would records. The
    /// source is kept so that each figure's trace names the import it came from.
    /// </summary>
    /// <remarks>
    /// Every year in one query, not one query per year: the inputs are loaded once and evaluated for whatever year (and
    /// the years a table looks back on) the caller builds.
    /// </remarks>
    private static async Task<List<Observation>> CountedAsync(QueryEngine engine, IReadOnlyCollection<string> measures, Dictionary<string, HashSet<string>> named,
        IReadOnlyList<SourceDescription> sources, CancellationToken cancellationToken)
    {
        var catalog = await engine.CatalogAsync(cancellationToken);
        var names = sources.ToDictionary(s => s.Id, s => s.Name);
        var result = new List<Observation>();
        foreach (var measure in measures)
        {
            if (catalog.Measure(measure) is not { } info) continue;
            var wanted = new HashSet<string>(named.GetValueOrDefault(measure) ?? [], StringComparer.Ordinal);
            // Membership is derived from nationality and year (FigureSource does it): a definition naming it needs nationality.
            if (wanted.Contains(Dimensions.Membership)) wanted.Add(Dimensions.Nationality);
            List<string> grain = [.. info.Dimensions.Where(wanted.Contains)];
            if (info.UsesOffice && wanted.Contains(QueryEngine.OfficeDimension)) grain.Insert(0, QueryEngine.OfficeDimension);
            var query = PivotQuery.Of(measure) with { Rows = [QueryEngine.YearDimension, QueryEngine.SourceDimension, .. grain] };
            var answer = await engine.RunAsync(query, cancellationToken);
            var order = answer.Dimensions.ToList();
            var (year, source) = (order.IndexOf(QueryEngine.YearDimension), order.IndexOf(QueryEngine.SourceDimension));
            var columns = grain.Select(d => (Dimension: d, Index: order.IndexOf(d))).ToList();
            foreach (var cell in answer.Cells)
            {
                if (cell.Values[0] is not { } value) continue;
                var key = DimensionKey.Empty;
                foreach (var (dimension, index) in columns)
                {
                    if (cell[index] is { } member) key = key.With(dimension, member);
                }
                var sourceId = long.Parse(cell[source]!, CultureInfo.InvariantCulture);
                result.Add(new Observation(measure, int.Parse(cell[year]!, CultureInfo.InvariantCulture), key, value,
                    new Provenance(sourceId, names.GetValueOrDefault(sourceId) ?? $"source {sourceId}", null, null)));
            }
        }
        return result;
    }

    /// <summary>
    /// The dimensions the definition names for each measure: in the where, rows and columns of the pivots that read it
    /// (a row of another measure in a pivot is answered with the pivot's selection), the selections of paragraph figures,
    /// and, for a count of distinct members, the indicator's dimension and filter plus whatever the indicator is asked with.
    /// </summary>
    private static Dictionary<string, HashSet<string>> NamedDimensions(ReportDefinition definition)
    {
        var named = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void Add(string measure, IEnumerable<string> dimensions)
        {
            if (!named.TryGetValue(measure, out var set)) named[measure] = set = new HashSet<string>(StringComparer.Ordinal);
            set.UnionWith(dimensions);
        }
        foreach (var block in definition.Sections.SelectMany(s => s.Blocks))
        {
            if (block is ParagraphDefinition paragraph)
            {
                foreach (var figure in paragraph.Figures.Values) Add(figure.Measure, figure.Where.Members.Keys.Concat(figure.SharePart?.Members.Keys ?? []));
                continue;
            }
            if ((block switch { TableDefinition t => t.Pivot, ChartDefinition c => c.Pivot, _ => null }) is not { } pivot) continue;
            var dimensions = new HashSet<string>(pivot.Where.Members.Keys, StringComparer.Ordinal);
            var pivotMeasures = new List<string> { pivot.Measure };
            foreach (var item in pivot.Rows.Concat(pivot.Columns))
            {
                switch (item)
                {
                    case MemberItem member:
                        dimensions.UnionWith(member.Where.Members.Keys);
                        if (member.Measure is { } other) pivotMeasures.Add(other);
                        break;
                    case EachItem each:
                        dimensions.Add(each.Dimension);
                        break;
                    case TotalItem { Where: { } where }:
                        dimensions.UnionWith(where.Members.Keys);
                        break;
                    case RatioItem ratio:
                        dimensions.UnionWith(ratio.Part?.Members.Keys ?? []);
                        if (ratio.Printed is { } printed) pivotMeasures.Add(printed);
                        break;
                }
            }
            foreach (var measure in pivotMeasures) Add(measure, dimensions);
        }
        foreach (var (name, indicator) in definition.Indicators)
        {
            if (indicator is not CountDistinctIndicator distinct) continue;
            Add(distinct.Of, [.. named.GetValueOrDefault(name) ?? [], distinct.Dimension, .. distinct.Where.Members.Keys]);
        }
        return named;
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
