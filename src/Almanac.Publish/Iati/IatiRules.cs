using System.Globalization;
using System.Xml.Linq;
using Almanac.Domain.Projects;

namespace Almanac.Publish.Iati;

/// <summary>
/// The IATI Standard's rules beyond the schema that an activity file can be checked against offline, each break a finding:
/// identifiers unique in the file and beginning with the reporting organisation's identifier; recipient country and region
/// percentages adding to 100; dates in order (start before end, a budget's period within a year and in order); a result
/// indicator's period starting before it ends, and the baseline, target and actual values of a unit or percentage
/// indicator (IndicatorMeasure 1, 2) being numbers, a percentage's at most 100.
/// </summary>
public static class IatiRules
{
    public const string IdentifierUnique = "iati-identifier-unique";
    public const string IdentifierPrefix = "iati-identifier-prefix";
    public const string PercentagesAddTo100 = "iati-recipient-percentages";
    public const string DatesInOrder = "iati-dates-in-order";
    public const string BudgetPeriod = "iati-budget-period";
    public const string ResultPeriod = "iati-result-period";
    public const string ResultValue = "iati-result-value";

    public static IReadOnlyList<PortfolioFinding> Check(XDocument document)
    {
        var findings = new List<PortfolioFinding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var activity in document.Root?.Elements("iati-activity") ?? [])
        {
            var id = (string?)activity.Element("iati-identifier") ?? "";
            var reporter = (string?)activity.Element("reporting-org")?.Attribute("ref") ?? "";
            if (!seen.Add(id)) findings.Add(new(IdentifierUnique, id, $"activity {id}: its identifier is used by another activity of the file"));
            if (!id.StartsWith(reporter + "-", StringComparison.Ordinal))
            {
                findings.Add(new(IdentifierPrefix, id, $"activity {id}: its identifier does not begin with the reporting organisation's identifier {reporter}"));
            }
            var percentages = activity.Elements("recipient-country").Concat(activity.Elements("recipient-region"))
                .Select(e => decimal.Parse((string?)e.Attribute("percentage") ?? "0", CultureInfo.InvariantCulture)).ToList();
            if (percentages.Count > 0 && percentages.Sum() != 100)
            {
                findings.Add(new(PercentagesAddTo100, id, $"activity {id}: its recipient countries' and regions' percentages add up to {percentages.Sum().ToString(CultureInfo.InvariantCulture)}, not 100"));
            }
            var dates = activity.Elements("activity-date").ToDictionary(e => (string)e.Attribute("type")!, e => DateOnly.Parse((string)e.Attribute("iso-date")!, CultureInfo.InvariantCulture));
            foreach (var (startType, endType) in new[] { ("1", "3"), ("2", "4"), ("2", "3"), ("1", "4") })
            {
                if (dates.TryGetValue(startType, out var start) && dates.TryGetValue(endType, out var end) && end < start)
                {
                    findings.Add(new(DatesInOrder, id, $"activity {id}: it ends on {end:yyyy-MM-dd}, before it starts on {start:yyyy-MM-dd}"));
                }
            }
            foreach (var budget in activity.Elements("budget"))
            {
                var start = DateOnly.Parse((string)budget.Element("period-start")!.Attribute("iso-date")!, CultureInfo.InvariantCulture);
                var end = DateOnly.Parse((string)budget.Element("period-end")!.Attribute("iso-date")!, CultureInfo.InvariantCulture);
                if (end < start || end > start.AddYears(1).AddDays(-1))
                {
                    findings.Add(new(BudgetPeriod, id, $"activity {id}: a budget's period runs from {start:yyyy-MM-dd} to {end:yyyy-MM-dd}: it must end after it starts and last at most a year"));
                }
            }
            foreach (var indicator in activity.Elements("result").Elements("indicator"))
            {
                var title = (string?)indicator.Element("title")?.Element("narrative") ?? "";
                foreach (var period in indicator.Elements("period"))
                {
                    var start = DateOnly.Parse((string)period.Element("period-start")!.Attribute("iso-date")!, CultureInfo.InvariantCulture);
                    var end = DateOnly.Parse((string)period.Element("period-end")!.Attribute("iso-date")!, CultureInfo.InvariantCulture);
                    if (end <= start)
                    {
                        findings.Add(new(ResultPeriod, id, $"activity {id}: indicator \u201c{title}\u201d has a period from {start:yyyy-MM-dd} to {end:yyyy-MM-dd}: it must end after it starts"));
                    }
                }
                var measure = (string?)indicator.Attribute("measure");
                if (measure is not (IatiResults.UnitMeasure or IatiResults.PercentageMeasure)) continue;
                var values = indicator.Elements("baseline").Concat(indicator.Elements("period").Elements("target")).Concat(indicator.Elements("period").Elements("actual"));
                foreach (var value in values.Select(v => (Element: v.Name.LocalName, Text: (string?)v.Attribute("value"))).Where(v => v.Text is not null))
                {
                    var number = decimal.TryParse(value.Text, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed);
                    if (!number || (measure == IatiResults.PercentageMeasure && parsed is < 0 or > 100))
                    {
                        var expected = measure == IatiResults.PercentageMeasure ? "a percentage from 0 to 100" : "a number";
                        findings.Add(new(ResultValue, id, $"activity {id}: indicator \u201c{title}\u201d has a {value.Element} of '{value.Text}', not {expected}"));
                    }
                }
            }
        }
        return findings;
    }
}
