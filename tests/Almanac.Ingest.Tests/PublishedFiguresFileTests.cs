using Almanac.Ingest.Published;
using Almanac.Tests;

namespace Almanac.Ingest.Tests;

/// <summary>The figures the project keeps from the reports are checked, cell by cell, against the report text itself.</summary>
public sealed class PublishedFiguresFileTests
{
    [Theory]
    [InlineData(2017, "annual-report-2017.txt")]
    [InlineData(2018, "annual-report-2018.txt")]
    [InlineData(2023, "annual-report-2023.txt")]
    public void Every_kept_figure_is_printed_on_its_line_of_the_report(int year, string report)
    {
        var lines = File.ReadAllLines(SharedFiles.Require("reports/" + report));
        var cells = PublishedFigures.ReadEmbedded(year);
        Assert.NotEmpty(cells);
        var missing = cells
            .Where(c => !Printed(lines, c.Line).Contains($" {Spaced(c.Value)}", StringComparison.Ordinal)
                && !Printed(lines, c.Line).Contains($" {c.Value}", StringComparison.Ordinal))
            .Select(c => $"{c.Table} line {c.Line} '{c.Row}' / {c.Column}: {c.Value}")
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_staff_table_row_maps_to_an_observation_or_is_a_recomputed_change()
    {
        foreach (var year in new[] { 2017, 2018, 2023 })
        {
            var cells = PublishedFigures.ReadEmbedded(year);
            var observations = PublishedFigures.ToObservations(cells, $"report {year}");
            Assert.Contains(observations, o => o.Year == year && o.Measure == Domain.Observations.Measures.StaffHeadcount);
            Assert.All(observations, o => Assert.NotNull(o.Provenance.Line));
        }
    }

    /// <summary>The line as text with markup and tabs turned into single spaces, so that "2 994" and "1\t062" read alike.</summary>
    private static string Printed(string[] lines, int line) =>
        " " + string.Join(' ', lines[line - 1].Replace("<b>", " ", StringComparison.Ordinal).Replace("</b>", " ", StringComparison.Ordinal)
            .Split([' ', '\t', '\u00a0'], StringSplitOptions.RemoveEmptyEntries)) + " ";

    /// <summary>The kept value as the report prints it: thousands separated by a space.</summary>
    private static string Spaced(string value)
    {
        if (!long.TryParse(value, out var number) || Math.Abs(number) < 1000) return value;
        return number.ToString("#,0", new System.Globalization.NumberFormatInfo { NumberGroupSeparator = " " });
    }
}
