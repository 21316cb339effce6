using Almanac.Domain;
using Almanac.Domain.Observations;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using Almanac.Domain.Workforce;

namespace Almanac.Analytics.Publishing;

/// <summary>The staff annexes of a year as statistical tables, and a note for each annex that could not be shown.</summary>
/// <param name="Omitted">Why an annex of the definition is not among <paramref name="Tables"/> (Annexes II and III need a staff list).</param>
public sealed record StaffAnnexTables(IReadOnlyList<StatTable> Tables, IReadOnlyList<string> Omitted);

/// <summary>
/// The staff statistics of the annual report (Annex I Tables 1–4, Annexes II–IV), as the report definition lays them
/// out: the definition's sections annex-i … annex-iv are evaluated for the year, and each table is handed out with
/// the findings the publication shows beside it. One mechanism for `almanac annex` and `almanac publish`.
/// </summary>
public static class StaffAnnexes
{
    /// <summary>The sections of the definition that hold the staff annexes.</summary>
    public static IReadOnlyList<string> SectionIds { get; } = ["annex-i", "annex-ii", "annex-iii", "annex-iv"];

    /// <summary>The definition restricted to the staff annexes, so that only what they need is read and evaluated.</summary>
    public static ReportDefinition Sections(ReportDefinition definition)
    {
        foreach (var id in SectionIds.Where(id => definition.Sections.All(s => s.Id != id)))
        {
            throw new AlmanacException($"Report definition '{definition.Id}': no section '{id}'; the staff annexes are the sections {string.Join(", ", SectionIds)}.");
        }
        return definition with { Sections = [.. definition.Sections.Where(s => SectionIds.Contains(s.Id))] };
    }

    /// <summary>Evaluates the staff annexes of <paramref name="definition"/> for <paramref name="year"/>.</summary>
    /// <exception cref="AlmanacException">The store holds no staff figures for the year.</exception>
    public static StaffAnnexTables Build(ReportDefinition definition, PublicationInputs inputs, int year, string language = "en")
    {
        definition = Sections(definition);
        if (!inputs.Observations.Any(o => o.Measure == Measures.StaffHeadcount && o.Year == year && o.Key[Dimensions.Category] == StaffCategory.Professional.Code()))
        {
            throw new AlmanacException($"The store holds no staff figures for {year}: import a staff list with 'almanac import staff FILE --year {year}'.");
        }
        var publication = PublicationBuilder.Build(definition, inputs, year, language);
        var published = publication.Tables.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var hasRecords = inputs.Observations.Any(o => o.Measure == Measures.StaffHeadcount && o.Year == year && o.Key[Dimensions.Nationality] is not null);
        var tables = new List<StatTable>();
        var omitted = new List<string>();
        foreach (var table in definition.Sections.SelectMany(s => s.Blocks).OfType<TableDefinition>())
        {
            if (published.TryGetValue(table.Id, out var result))
            {
                tables.Add(result.ToStatTable([.. publication.Findings.Where(f => f.TableId == table.Id).Select(f => f.Finding)]));
                continue;
            }
            // The definition leaves out an annex without a single figure: by nationality, a year known only from print.
            var title = PublicationBuilder.Placeholders(table.Title.In(language), year);
            omitted.Add(hasRecords
                ? $"{title}: not shown, the store holds no figure of it for {year}."
                : $"{title}: not shown, the store holds only printed totals for {year} and the annex counts staff by nationality; "
                    + $"import a staff list with 'almanac import staff FILE --year {year}'.");
        }
        return new StaffAnnexTables(tables, omitted);
    }
}
