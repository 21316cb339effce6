using System.Text.RegularExpressions;
using Almanac.Cli.Commands;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using Almanac.Store;

namespace Almanac.Cli.Tests;

/// <summary>
/// A store with the figures the 2023 report printed and the synthetic 2023 staff list (as `almanac demo` builds it, without
/// the questionnaires and reports), and the staff annexes of 2023 as the report engine builds them: what the terminal must show.
/// </summary>
public sealed class AnnexStoreFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-width-");

    public string Db => Path.Combine(_directory.FullName, "annex.db");

    public IReadOnlyList<StatTable> Tables { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        var staffList = Path.Combine(_directory.FullName, "staff-2023.csv");
        GenerateCommand.Write(2023, staffList);
        foreach (var args in new[] { new[] { "import", "published", "--report", "2023" }, ["import", "staff", staffList, "--year", "2023"] })
        {
            var (exit, output) = await CliRun.RunAsync([.. args, "--db", Db]);
            Assert.True(exit == 0, output);
        }
        await using var store = await AlmanacStores.OpenAsync(Db, TestContext.Current.CancellationToken);
        Tables = (await AnnexCommand.BuildAsync(store, 2023, TestContext.Current.CancellationToken)).Tables;
    }

    public ValueTask DisposeAsync()
    {
        _directory.Delete(true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Tables fit the terminal: a table wider than the terminal is split into column groups that repeat the label column,
/// and no column, header or figure is dropped, cut or wrapped, at 80, 120 and 200 columns; output that is not a
/// terminal is laid out without a width limit.
/// </summary>
public sealed partial class TerminalWidthTests(AnnexStoreFixture fixture) : IClassFixture<AnnexStoreFixture>
{
    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(200)]
    public async Task Annex_tables_show_every_header_and_figure_within_the_terminal_width(int width)
    {
        var (exit, output) = await CliRun.RunAtWidthAsync(width, "annex", "--year", "2023", "--db", fixture.Db);
        Assert.True(exit == 0, output);
        var lines = output.Split('\n');
        Assert.All(lines, line => Assert.True(line.TrimEnd('\r').Length <= width, $"wider than {width}: {line}"));

        var tables = fixture.Tables;
        Assert.Contains(tables, t => t.Id == "table-4");
        Assert.True(tables.Count >= 6, string.Join(", ", tables.Select(t => t.Id)));
        for (var i = 0; i < tables.Count; i++)
        {
            var section = Section(lines, tables[i], i + 1 < tables.Count ? tables[i + 1] : null);
            foreach (var header in tables[i].Columns)
            {
                Assert.True(Tokens(section, header) > 0, $"{tables[i].Id} at {width} columns: no column '{header}' in\n{section}");
            }
            var figures = tables[i].Rows.SelectMany(r => r.Cells).Select(NumberFormat.Format).Where(f => f.Length > 0);
            foreach (var figure in figures.GroupBy(f => f, StringComparer.Ordinal))
            {
                Assert.True(Tokens(section, figure.Key) >= figure.Count(),
                    $"{tables[i].Id} at {width} columns: '{figure.Key}' is in the table {figure.Count()} times, shown {Tokens(section, figure.Key)} times in\n{section}");
            }
        }
    }

    [Fact]
    public async Task A_table_wider_than_the_terminal_continues_in_column_groups_that_repeat_its_labels()
    {
        var (_, narrow) = await CliRun.RunAtWidthAsync(80, "annex", "--year", "2023", "--db", fixture.Db);
        Assert.Contains("(continued: columns 7–10 of 10)", narrow, StringComparison.Ordinal);
        // Table 2's rows, in both of its groups.
        var section = Section(narrow.Split('\n'), fixture.Tables.Single(t => t.Id == "table-2"), fixture.Tables.Single(t => t.Id == "table-3"));
        Assert.Equal(2, Regex.Count(section, @"^\s+Total in 2023\s", RegexOptions.Multiline));

        var (_, wide) = await CliRun.RunAtWidthAsync(200, "annex", "--year", "2023", "--db", fixture.Db);
        Assert.DoesNotContain("Table 1. Number of men and women in the Professional and higher categories (2019–2023) (columns", wide, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sources_and_query_tables_fit_80_columns_without_losing_a_value()
    {
        var (exit, sources) = await CliRun.RunAtWidthAsync(80, "sources", "--db", fixture.Db);
        Assert.True(exit == 0, sources);
        Assert.All(sources.Split('\n'), line => Assert.True(line.Length <= 80, line));
        foreach (var header in new[] { "kind", "name", "imported (UTC)", "rows", "scope: years (* current)", "sha256" }) Assert.Contains(header, sources, StringComparison.Ordinal);
        Assert.Contains("20 972", sources, StringComparison.Ordinal);

        var (queryExit, query) = await CliRun.RunAtWidthAsync(80, "query", "staff.headcount", "--rows", "category", "--columns", "grade,sex", "--year", "2023", "--totals", "--db", fixture.Db);
        Assert.True(queryExit == 0, query);
        Assert.All(query.Split('\n'), line => Assert.True(line.Length <= 80, line));
        Assert.Matches(@"(?m)^\s+Total\s.*\s20 972\s*$", query);
    }

    [Theory]
    [InlineData("132", false, 80, 132)]
    [InlineData(null, false, 100, 100)]
    [InlineData(null, true, 80, AlmanacCli.RedirectedWidth)]
    [InlineData("", true, 80, AlmanacCli.RedirectedWidth)]
    [InlineData("wide", false, 90, 90)]
    public void The_width_is_COLUMNS_else_unlimited_when_redirected_else_the_terminal(string? columns, bool redirected, int terminal, int expected) =>
        Assert.Equal(expected, AlmanacCli.OutputWidth(columns, redirected, terminal));

    /// <summary>The lines from the table's title to the next table's: its column groups, notes and findings.</summary>
    private static string Section(string[] lines, StatTable table, StatTable? next)
    {
        var first = Array.FindIndex(lines, l => l.TrimStart().StartsWith(Prefix(table), StringComparison.Ordinal));
        Assert.True(first >= 0, $"no title {Prefix(table)}");
        var end = next is null ? -1 : Array.FindIndex(lines, first + 1, l => l.TrimStart().StartsWith(Prefix(next), StringComparison.Ordinal));
        return string.Join('\n', lines[first..(end < 0 ? lines.Length : end)]);
    }

    /// <summary>"Table 2.", "Annex III.": how the title starts.</summary>
    private static string Prefix(StatTable table) => table.Title[..(table.Title.IndexOf(". ", StringComparison.Ordinal) + 1)];

    /// <summary>How often the text stands as a whole cell: columns are at least two spaces apart, a figure's digits one.</summary>
    private static int Tokens(string section, string text) =>
        Regex.Count(section, @"(?<=^|\s\s)" + Regex.Escape(text) + @"(?=\s\s|\s*$)", RegexOptions.Multiline);
}
