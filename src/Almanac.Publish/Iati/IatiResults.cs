using System.Globalization;
using System.Xml.Linq;
using Almanac.Domain.Platform;
using Almanac.Domain.Projects;

namespace Almanac.Publish.Iati;

/// <summary>
/// The results an activity reports for the framework node its project serves: the indicators derived from the stored
/// questionnaires for that MiGOF node (<see cref="FrameworkIndicators"/>), each with the latest figure a report printed
/// before the year as its baseline and the figure printed for the year as the period's actual.
/// </summary>
/// <remarks>
/// The figures are the organization's (offices answering the institutional questionnaire), not the project's own: each
/// result is an outcome (IATI ResultType 2) with aggregation-status false, so that no one adds them up across activities.
/// IndicatorMeasure 1 Unit for a number of offices, 2 Percentage for a share (IATI 2.03 codelists, ResultType and
/// IndicatorMeasure, https://iatistandard.org/en/iati-standard/203/codelists/; checked against the codelists' own files,
/// IATI/IATI-Codelists xml/ResultType.xml: 1 Output, 2 Outcome, 3 Impact; xml/IndicatorMeasure.xml: 1 Unit, 2 Percentage).
/// </remarks>
public static class IatiResults
{
    public const string OutcomeType = "2";
    public const string UnitMeasure = "1";
    public const string PercentageMeasure = "2";

    /// <summary>The MiGOF indicators with their printed figures, from the questionnaires stored (none without the MiGOF framework).</summary>
    public static IReadOnlyList<IatiIndicator> IndicatorsOf(IReadOnlyCollection<Framework> frameworks, IReadOnlyCollection<Questionnaire> questionnaires)
    {
        if (frameworks.FirstOrDefault(f => f.Id == ProjectFrameworks.Migof) is not { } migof) return [];
        // The latest year's wording of each question, as the indicator's own title takes it.
        return [.. FrameworkIndicators.Derive(migof, questionnaires, Crosswalk.Of(frameworks))
            .Select(i => new IatiIndicator(i, questionnaires.OrderByDescending(q => q.Year).Select(q => q.Question(i.Question)).OfType<Question>().First()))];
    }

    /// <summary>The project's result for <paramref name="year"/>: its node's indicators that have a baseline or an actual; none when no indicator has.</summary>
    public static IEnumerable<XElement> Of(Project project, int year, IReadOnlyList<IatiIndicator> indicators, IReadOnlyCollection<Framework> frameworks)
    {
        if (project.Migof is not { } node) yield break;
        var measured = indicators.Where(i => i.Indicator.Node == node).Select(i => Indicator(i, year)).OfType<XElement>().ToList();
        if (measured.Count == 0) yield break;
        var title = frameworks.FirstOrDefault(f => f.Id == ProjectFrameworks.Migof)?.Node(node) is { } n ? $"{n.Kind}: {n.Title}" : node;
        yield return new XElement("result", new XAttribute("type", OutcomeType), new XAttribute("aggregation-status", "false"),
            Titled(new ProjectTexts($"MiGOF {title}", $"MiGOF, {title}", $"MiGOF, {title}")),
            measured);
    }

    /// <summary>An indicator with its baseline (the latest figure printed before the year) and the year's actual; null when it has neither.</summary>
    private static XElement? Indicator(IatiIndicator linked, int year)
    {
        var indicator = linked.Indicator;
        var share = indicator.Measure == IndicatorMeasures.Share;
        decimal? ValueOf(IndicatorBaseline b) => share ? b.Percent : b.Count;
        var baseline = indicator.Baselines.Where(b => b.Year < year && ValueOf(b) is not null).MaxBy(b => b.Year);
        var actual = indicator.Baselines.FirstOrDefault(b => b.Year == year && ValueOf(b) is not null);
        if (baseline is null && actual is null) return null;
        var element = new XElement("indicator", new XAttribute("measure", share ? PercentageMeasure : UnitMeasure), new XAttribute("ascending", "true"),
            Titled(Titles(linked)));
        if (baseline is not null)
        {
            element.Add(new XElement("baseline", new XAttribute("year", baseline.Year.ToString(CultureInfo.InvariantCulture)), new XAttribute("value", Number(ValueOf(baseline)!.Value)),
                new XElement("comment", new XElement("narrative", $"{baseline.Report}, line {baseline.Line.ToString(CultureInfo.InvariantCulture)}"))));
        }
        if (actual is not null)
        {
            element.Add(new XElement("period",
                new XElement("period-start", new XAttribute("iso-date", $"{year:D4}-01-01")),
                new XElement("period-end", new XAttribute("iso-date", $"{year:D4}-12-31")),
                new XElement("actual", new XAttribute("value", Number(ValueOf(actual)!.Value)),
                    new XElement("comment", new XElement("narrative", $"{actual.Report}, line {actual.Line.ToString(CultureInfo.InvariantCulture)}")))));
        }
        return element;
    }

    /// <summary>The indicator's title in the three languages: the frame translated, the question as the questionnaire words it in each.</summary>
    public static ProjectTexts Titles(IatiIndicator linked)
    {
        var (indicator, question) = linked;
        var share = indicator.Measure == IndicatorMeasures.Share;
        var (fr, es) = OfficeKinds.Parse(indicator.OfficeKind) switch
        {
            OfficeKind.CountryOffice => ("bureaux de pays", "oficinas en los países"),
            OfficeKind.RegionalOffice => ("bureaux régionaux", "oficinas regionales"),
            OfficeKind.Headquarters => ("services du Siège", "oficinas de la Sede"),
            _ => ("bureaux", "oficinas"),
        };
        return new ProjectTexts(indicator.Title,
            $"{(share ? "Part des" : "Nombre de")} {fr} ayant répondu « {question.OptionIn(indicator.Answer, "fr")} » à : {question.TextIn("fr")}",
            $"{(share ? "Proporción de" : "Número de")} {es} que respondieron «{question.OptionIn(indicator.Answer, "es")}» a: {question.TextIn("es")}");
    }

    private static XElement Titled(ProjectTexts texts) => new("title", IatiActivityFile.Narratives(texts));

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A framework-linked indicator and the question it counts the answers of (for its wording in each language).</summary>
public sealed record IatiIndicator(QuestionIndicator Indicator, Question Question);
