using System.Text.Json;

namespace Almanac.Cli.Tests;

/// <summary>
/// The README's main job end to end: `almanac demo` builds the 2023 annexes from the synthetic staff list (and the 2017
/// and 2018 reports with their questionnaire chapter), and every cell equals the figure printed in the 2023 report — except the printed figures that contradict the rest of the
/// report, each listed in <see cref="PrintComparison.KnownDifferences"/> with its line and the reason.
/// </summary>
public sealed class DemoAnnexTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-demo-");
    private string _terminal = "";
    private JsonElement _tables;
    private int _exitCode;

    public async ValueTask InitializeAsync()
    {
        (_exitCode, _terminal) = await CliRun.RunAsync("demo", "--out", _directory.FullName);
        if (_exitCode == 0)
        {
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory.FullName, "annexes-2023", "annexes.json")));
            _tables = json.RootElement.Clone();
        }
    }

    public ValueTask DisposeAsync()
    {
        _directory.Delete(true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public void Every_printed_2023_figure_is_reproduced_except_the_listed_contradictions()
    {
        Assert.True(_exitCode == 0, _terminal);
        PrintComparison.AssertMatchesPrint("annexes.json", id => [.. Rows(id)]);
    }

    [Fact]
    public void The_printed_2022_total_that_does_not_add_up_is_reported_with_its_line()
    {
        Assert.True(_exitCode == 0, _terminal);
        var findings = _tables.EnumerateArray().Single(t => t.GetProperty("id").GetString() == "table-1").GetProperty("findings").EnumerateArray().ToList();
        var finding = Assert.Single(findings, f => f.GetProperty("line").ValueKind == JsonValueKind.Number && f.GetProperty("line").GetInt32() == 632);
        Assert.EndsWith("annual-report-2023-staff.csv", finding.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Equal(2575, finding.GetProperty("printed").GetDecimal());
        Assert.Equal(2574, finding.GetProperty("computed").GetDecimal());
        Assert.Contains("Men + Women = 2 574, but 2 575 is printed", _terminal, StringComparison.Ordinal);
        Assert.Contains("annual-report-2023-staff.csv, line 632)", _terminal, StringComparison.Ordinal);
    }

    [Fact]
    public void The_demo_labels_its_data_synthetic_and_prints_readable_tables()
    {
        Assert.True(_exitCode == 0, _terminal);
        var text = _terminal;
        Assert.Contains("SYNTHETIC", text, StringComparison.Ordinal);
        Assert.Contains("Annex III. International Professional and higher category staff by nationality, grade and sex", text, StringComparison.Ordinal);
        Assert.Contains("2 994", text, StringComparison.Ordinal);
        var list = File.ReadLines(Path.Combine(_directory.FullName, "synthetic-staff-2023.csv")).Skip(1).ToList();
        Assert.Equal(20972, list.Count);
        Assert.All(list, row => Assert.StartsWith("SYNTHETIC-2023-", row, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_year_known_only_from_print_gets_tables_1_to_4_and_annex_iv_and_a_note_on_annexes_ii_and_iii()
    {
        Assert.True(_exitCode == 0, _terminal);
        var output = Path.Combine(_directory.FullName, "annexes-2022");
        var (code, text) = await CliRun.RunAsync(["annex", "--db", Path.Combine(_directory.FullName, "demo.db"), "--year", "2022", "--out", output]);
        Assert.True(code == 0, text);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "annexes.json"), TestContext.Current.CancellationToken));
        Assert.Equal(["table-1", "table-2", "table-3", "table-4", "annex-iv"], json.RootElement.EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        var table1 = json.RootElement[0];
        Assert.Equal("Table 1. Number of men and women in the Professional and higher categories (2018–2022)", table1.GetProperty("title").GetString());
        // 2022 as the 2023 report printed it: the total of 2 575 kept as printed, and flagged.
        var total = table1.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("label").GetString() == "Total");
        Assert.Equal(2575, total.GetProperty("cells").GetProperty("2022").GetDecimal());
        Assert.Contains(table1.GetProperty("findings").EnumerateArray(), f => f.GetProperty("line").GetInt32() == 632);
        foreach (var annex in new[] { "Annex II. General Service staff", "Annex III. International Professional" })
        {
            Assert.Contains($"Note: {annex}", text, StringComparison.Ordinal);
        }
        Assert.Contains("the store holds only printed totals for 2022", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_year_without_staff_figures_is_refused_with_what_to_import()
    {
        Assert.True(_exitCode == 0, _terminal);
        var (code, text) = await CliRun.RunAsync(["annex", "--db", Path.Combine(_directory.FullName, "demo.db"), "--year", "2010"]);
        Assert.Equal(AlmanacCli.Failed, code);
        Assert.Contains("The store holds no staff figures for 2010: import a staff list with 'almanac import staff FILE --year 2010'.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_2017_2018_and_2023_reports_have_their_chapter_of_questionnaire_results_from_the_locked_synthetic_answers()
    {
        Assert.True(_exitCode == 0, _terminal);
        Assert.Contains("institutional questionnaires 2017, 2018, 2023: SYNTHETIC answers", _terminal, StringComparison.Ordinal);
        // 2018, line 143 of the report: 144 offices mainstreamed gender in their projects; a sentence opening with it writes it in words.
        var html2018 = await File.ReadAllTextAsync(Path.Combine(_directory.FullName, "report-2018", "annual-report-2018-en.html"), TestContext.Current.CancellationToken);
        Assert.Contains("Results of the institutional questionnaire", html2018, StringComparison.Ordinal);
        Assert.Contains("One hundred and forty-four</a>", html2018, StringComparison.Ordinal);
        var html2017 = await File.ReadAllTextAsync(Path.Combine(_directory.FullName, "report-2017", "annual-report-2017-en.html"), TestContext.Current.CancellationToken);
        Assert.Contains("Results of the institutional questionnaire", html2017, StringComparison.Ordinal);
        Assert.Contains("Results of the institutional questionnaire",
            await File.ReadAllTextAsync(Path.Combine(_directory.FullName, "report-2023", "annual-report-2023-en.html"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_demo_twice_gives_the_same_files()
    {
        Assert.True(_exitCode == 0, _terminal);
        var second = Directory.CreateTempSubdirectory("almanac-demo-again-");
        try
        {
            var (code, output) = await CliRun.RunAsync("demo", "--out", second.FullName);
            Assert.True(code == 0, output);
            foreach (var name in new[] { "synthetic-staff-2023.csv", "annexes-2023/annexes.json", "annexes-2023/annex-iii.csv" })
            {
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_directory.FullName, name), TestContext.Current.CancellationToken),
                    await File.ReadAllBytesAsync(Path.Combine(second.FullName, name), TestContext.Current.CancellationToken));
            }
        }
        finally
        {
            second.Delete(true);
        }
    }

    /// <summary>The rows of a table of annexes.json, with their section and cells as numbers (percentages in per cent).</summary>
    private IEnumerable<ProducedRow> Rows(string id)
    {
        var json = _tables.EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);
        foreach (var row in json.GetProperty("rows").EnumerateArray())
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var cell in row.GetProperty("cells").EnumerateObject())
            {
                cells[cell.Name] = cell.Value.ValueKind switch
                {
                    JsonValueKind.Null => "",
                    JsonValueKind.String => cell.Value.GetString()!,
                    _ => PrintComparison.Number(cell.Value.GetDecimal()),
                };
            }
            yield return new ProducedRow(row.GetProperty("section").GetString() ?? "", row.GetProperty("label").GetString()!, row.GetProperty("iso3").GetString(), cells);
        }
    }
}
