using System.Text;
using Almanac.Domain.Workforce;

namespace Almanac.Domain.Projects;

/// <summary>
/// The requirements an appeal printed in its summary table, as the project keeps them (data/published): per region, the
/// amount for each MiGOF category and the printed total, with the line the region's row is printed on.
/// </summary>
public sealed record AppealRequirements(int Year, string Source, IReadOnlyList<AppealRow> Regions, AppealRow Total)
{
    /// <summary>The summary table's id, as the report reader names it.</summary>
    public const string SummaryTable = "funding-summary";

    /// <summary>The printed heading of each MiGOF category, in <see cref="ProjectCodes.MigofNodes"/> order.</summary>
    public static readonly IReadOnlyList<string> Headings = ["Principle 1", "Principle 2", "Principle 3", "Objective 1", "Objective 2", "Objective 3"];

    public const string TotalHeading = "Total";

    /// <summary>The requirement of each appeal line ("2018/asia-and-the-pacific/objective-1"), as printed.</summary>
    public IReadOnlyDictionary<string, decimal> Lines =>
        Regions.SelectMany(r => r.Categories.Select(c => (Line: ProjectCodes.AppealLine(Year, r.Region, c.Key), c.Value)))
            .ToDictionary(l => l.Line, l => l.Value, StringComparer.Ordinal);

    /// <summary>Reads the summary table's cells (table, row label, column heading, value, line); fails on a cell it cannot place.</summary>
    public static AppealRequirements FromCells(int year, string source, IEnumerable<PublishedCell> cells)
    {
        var rows = new List<AppealRow>();
        AppealRow? total = null;
        foreach (var row in cells.Where(c => c.Table == SummaryTable).GroupBy(c => c.Row, StringComparer.Ordinal))
        {
            var categories = new Dictionary<string, decimal>(StringComparer.Ordinal);
            decimal? printedTotal = null;
            foreach (var cell in row)
            {
                var value = cell.Number ?? throw new AlmanacException($"{source}, line {cell.Line}: '{cell.Value}' is not a number.");
                if (cell.Column == TotalHeading)
                {
                    printedTotal = value;
                    continue;
                }
                var index = Headings.ToList().IndexOf(cell.Column);
                if (index < 0) throw new AlmanacException($"{source}, line {cell.Line}: no MiGOF category '{cell.Column}'.");
                categories[ProjectCodes.MigofNodes[index]] = value;
            }
            var first = row.First();
            var parsed = new AppealRow(first.Row == TotalHeading ? TotalHeading : RegionOf(first.Row, source, first.Line), first.Row, first.Line, categories,
                printedTotal ?? throw new AlmanacException($"{source}, line {first.Line}: the row '{first.Row}' has no total."));
            if (first.Row == TotalHeading) total = parsed;
            else rows.Add(parsed);
        }
        return new AppealRequirements(year, source, rows, total ?? throw new AlmanacException($"{source}: the summary table has no Total row."));
    }

    /// <summary>The appeal region a printed row label stands for: its slug ("asia-and-the-pacific"), "global" for the global initiatives.</summary>
    private static string RegionOf(string label, string source, int line)
    {
        if (label.StartsWith("Global", StringComparison.Ordinal)) return "global";
        var slug = new StringBuilder();
        foreach (var ch in label)
        {
            if (char.IsAsciiLetterOrDigit(ch)) slug.Append(char.ToLowerInvariant(ch));
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        var region = slug.ToString().Trim('-');
        return ProjectCodes.AppealRegions.Contains(region) ? region : throw new AlmanacException($"{source}, line {line}: '{label}' is no appeal region.");
    }
}

/// <summary>One printed row of an appeal's summary: a region's requirement per MiGOF node and its printed total.</summary>
public sealed record AppealRow(string Region, string Label, int Line, IReadOnlyDictionary<string, decimal> Categories, decimal PrintedTotal)
{
    /// <summary>What the row's categories add up to (which the printed total may not be).</summary>
    public decimal CategorySum => Categories.Values.Sum();
}
