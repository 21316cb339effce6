using Almanac.Domain.Publishing;

namespace Almanac.Domain.Projects;

/// <summary>A rule a portfolio breaks: which rule, which project (or appeal line), and what is wrong, in figures.</summary>
public sealed record PortfolioFinding(string Rule, string Subject, string Message);

/// <summary>
/// The rules projects are held to once stored (a bad value is refused at import; these are the inconsistencies between
/// values that are each fine): recipient-country shares add to 100, a project ends after it starts, a year's committed
/// funding does not exceed its budget for the year, and each appeal line's projects add up to the line's requirement.
/// </summary>
public static class PortfolioRules
{
    public const string SharesAddTo100 = "country-shares-add-to-100";
    public const string DatesInOrder = "dates-in-order";
    public const string FundingWithinBudget = "funding-within-budget";
    public const string AppealLineCovered = "appeal-line-requirement";

    /// <summary>Every break of the project-level rules, in project order.</summary>
    public static IReadOnlyList<PortfolioFinding> Check(Portfolio portfolio)
    {
        var findings = new List<PortfolioFinding>();
        var commitments = portfolio.Transactions.Where(t => t.Kind == FundingKind.Commitment)
            .GroupBy(t => (t.ProjectId, t.Date.Year)).ToDictionary(g => g.Key, g => g.Sum(t => t.AmountUsd));
        foreach (var project in portfolio.Projects)
        {
            var shares = project.Countries.Sum(c => c.Percent);
            if (project.Countries.Count > 0 && shares != 100)
            {
                findings.Add(new(SharesAddTo100, project.Id,
                    $"project {project.Id}: the recipient countries' shares add to {Number(shares)}%, not 100% ({string.Join(", ", project.Countries.Select(c => $"{c.Iso3} {Number(c.Percent)}%"))})"));
            }
            if (project.End < project.Start)
            {
                findings.Add(new(DatesInOrder, project.Id, $"project {project.Id}: it ends on {project.End:yyyy-MM-dd}, before it starts on {project.Start:yyyy-MM-dd}"));
            }
            foreach (var ((id, year), committed) in commitments.Where(c => c.Key.ProjectId == project.Id).OrderBy(c => c.Key.Year))
            {
                var budget = project.BudgetOf(year);
                if (committed > budget)
                {
                    findings.Add(new(FundingWithinBudget, id,
                        $"project {id}: {year}'s commitments are {Number(committed)} USD, {Number(committed - budget)} more than its {year} budget of {Number(budget)} USD"));
                }
            }
        }
        return findings;
    }

    /// <summary>
    /// The appeal lines of a year whose projects' budgets for the year do not add up to the requirement printed for the
    /// line, with the gap (a line no project answers is all gap).
    /// </summary>
    /// <param name="requirements">The printed requirement per appeal line ("2018/asia-and-the-pacific/objective-1").</param>
    public static IReadOnlyList<PortfolioFinding> CheckAppeal(Portfolio portfolio, int year, IReadOnlyDictionary<string, decimal> requirements)
    {
        var planned = portfolio.Projects.Where(p => p.AppealLine is not null)
            .GroupBy(p => p.AppealLine!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(p => p.BudgetOf(year)), StringComparer.Ordinal);
        var findings = new List<PortfolioFinding>();
        foreach (var (line, required) in requirements.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var budgeted = planned.GetValueOrDefault(line);
            if (budgeted == required) continue;
            var gap = required - budgeted;
            findings.Add(new(AppealLineCovered, line, gap > 0
                ? $"appeal line {line}: its projects' {year} budgets add up to {Number(budgeted)} USD, {Number(gap)} short of the {Number(required)} USD the appeal requires"
                : $"appeal line {line}: its projects' {year} budgets add up to {Number(budgeted)} USD, {Number(-gap)} more than the {Number(required)} USD the appeal requires"));
        }
        return findings;
    }

    private static string Number(decimal value) => NumberFormat.Count(value);
}
