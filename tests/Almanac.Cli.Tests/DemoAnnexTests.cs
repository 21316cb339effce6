using System.Text.Json;
using Almanac.Domain.Reference;
using Almanac.Ingest.Published;
using Almanac.Ingest.Reference;
using Spectre.Console;

namespace Almanac.Cli.Tests;

/// <summary>
/// The README's main job end to end: `almanac demo` builds the 2023 annexes from the synthetic staff list, and every
/// cell equals the figure printed in the 2023 report — except the printed figures that contradict the rest of the
/// report, each listed below with its line and the reason.
/// </summary>
public sealed class DemoAnnexTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-demo-");
    private readonly StringWriter _terminal = new();
    private JsonElement _tables;
    private int _exitCode;

    /// <summary>Where the produced annex differs from print, and why. "" stands for an empty printed cell.</summary>
    private static readonly (string Table, int Line, string Row, string Column, string Printed, string Produced, string Reason)[] KnownDifferences =
    [
        ("Table2", 638, "Men", "P-2", "426", "428", AnnexIIIColumns),
        ("Table2", 638, "Men", "P-3", "400", "398", AnnexIIIColumns),
        ("Table2", 638, "Men", "D-1", "30", "31", AnnexIIIColumns),
        ("Table2", 638, "Men", "D-2", "15", "14", AnnexIIIColumns),
        ("Table2", 640, "Total in 2023", "P-2", "867", "869", AnnexIIIColumns),
        ("Table2", 640, "Total in 2023", "P-3", "802", "800", AnnexIIIColumns),
        ("Table2", 640, "Total in 2023", "D-1", "51", "52", AnnexIIIColumns),
        ("Table2", 640, "Total in 2023", "D-2", "21", "20", AnnexIIIColumns),
        ("Table2", 643, "Percentage of women in 2023", "D-1", "38", "40", "printed 38% is not 21/51 (41%) either; it matches D-1 and D-2 together (27/72)"),
        ("Table2", 643, "Percentage of women in 2023", "D-2", "", "30", "the report prints no percentage for D-2 and above"),
        ("Table2", 643, "Percentage of women in 2023", "E-2", "", "100", "the report prints no percentage for D-2 and above"),
        ("Table2", 643, "Percentage of women in 2023", "E-1", "", "100", "the report prints no percentage for D-2 and above"),
        ("Table2", 644, "Change in percentage of women between 2021 and 2023 (percentage points)", "D-1", "+3", "5", "follows from the D-1 percentage above"),
        ("Table2", 644, "Change in percentage of women between 2021 and 2023 (percentage points)", "D-2", "", "N/A", "no 2021 percentage printed for D-2"),
        ("AnnexII", 873, "Total", "G-6", "1222", "122", "doubled digit: the others' G-6 cells add up to 122"),
        ("AnnexII", 873, "Total", "NO-B", "3939", "39", "doubled digit: the others' NO-B cells add up to 39"),
        ("AnnexII", 873, "Total", "NO-C", "6", "4", "the others' NO-C cells add up to 4 (Indonesia 3 + Iraq 1)"),
        ("AnnexIII", 998, "Myanmar", "UG", "", "1", "Myanmar's grade cells add up to 8 but its Total and F + M are 9: the ninth is ungraded, which makes the UG total 490 as printed"),
        ("AnnexIII", 1073, "Total", "D-2", "21", "20", AnnexIIIColumns),
        ("AnnexIII", 1073, "Total", "D-1", "50", "51", AnnexIIIColumns),
        ("AnnexIII", 1073, "Total", "P-3", "766", "764", AnnexIIIColumns),
        ("AnnexIII", 1073, "Total", "P-2", "817", "819", AnnexIIIColumns),
    ];

    private const string AnnexIIIColumns =
        "the Annex III country rows, which the synthetic list follows, put one D-2 in D-1 and two P-3 in P-2 compared with the printed totals row (line 1073) and Table 2; which rows is not determinable";

    public async ValueTask InitializeAsync()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_terminal), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        _exitCode = await AlmanacCli.RunAsync(["demo", "--out", _directory.FullName], console, TimeProvider.System);
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
        Assert.True(_exitCode == 0, _terminal.ToString());
        var reference = ReferenceDataReader.ReadEmbedded();
        var printed = PublishedFigures.ReadEmbedded(2023);
        var differences = new List<string>();
        var compared = 0;

        // Every printed cell against the produced cell.
        foreach (var cell in printed)
        {
            var produced = Produced(cell.Table, cell.Section, cell.Row, cell.Column, reference);
            compared++;
            if (!Same(cell.Value, produced)) differences.Add(Describe(cell.Table, cell.Line, cell.Row, cell.Column, cell.Value, produced));
        }
        // Every produced cell the report leaves empty.
        var printedKeys = printed.Select(c => (c.Table, c.Section, Row: RowKey(c.Table, c.Row, reference), c.Column)).ToHashSet();
        foreach (var (table, section, row, rowKey, column, value) in AllProduced(reference))
        {
            if (value.Length > 0 && !printedKeys.Contains((table, section, rowKey, column)))
            {
                var line = printed.Where(c => c.Table == table && c.Section == section && RowKey(c.Table, c.Row, reference) == rowKey).Select(c => c.Line).FirstOrDefault();
                differences.Add(Describe(table, line, row, column, "", value));
            }
        }

        Assert.True(compared > 2900, $"only {compared} printed cells compared");
        var expected = KnownDifferences.Select(d => Describe(d.Table, d.Line, d.Row, d.Column, d.Printed, d.Produced)).Order(StringComparer.Ordinal);
        Assert.Equal(expected, differences.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_printed_2022_total_that_does_not_add_up_is_reported_with_its_line()
    {
        Assert.True(_exitCode == 0, _terminal.ToString());
        var findings = _tables.EnumerateArray().Single(t => t.GetProperty("id").GetString() == "table-1").GetProperty("findings").EnumerateArray().ToList();
        var finding = Assert.Single(findings, f => f.GetProperty("source").GetString()!.EndsWith("Table 1, line 632", StringComparison.Ordinal));
        Assert.Equal(2575, finding.GetProperty("printed").GetDecimal());
        Assert.Equal(2574, finding.GetProperty("computed").GetDecimal());
        Assert.Contains("Men + Women = 2574, but 2575 is printed", _terminal.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_demo_labels_its_data_synthetic_and_prints_readable_tables()
    {
        Assert.True(_exitCode == 0, _terminal.ToString());
        var text = _terminal.ToString();
        Assert.Contains("SYNTHETIC", text, StringComparison.Ordinal);
        Assert.Contains("Annex III. International Professional and higher category staff by nationality, grade and sex", text, StringComparison.Ordinal);
        Assert.Contains("2 994", text, StringComparison.Ordinal);
        var list = File.ReadLines(Path.Combine(_directory.FullName, "synthetic-staff-2023.csv")).Skip(1).ToList();
        Assert.Equal(20972, list.Count);
        Assert.All(list, row => Assert.StartsWith("SYNTHETIC-2023-", row, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_demo_twice_gives_the_same_files()
    {
        Assert.True(_exitCode == 0, _terminal.ToString());
        var second = Directory.CreateTempSubdirectory("almanac-demo-again-");
        try
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) });
            Assert.Equal(0, await AlmanacCli.RunAsync(["demo", "--out", second.FullName], console, TimeProvider.System));
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

    private static readonly Dictionary<string, string> TableIds = new()
    {
        ["Table1"] = "table-1",
        ["Table2"] = "table-2",
        ["Table3"] = "table-3",
        ["Table4"] = "table-4",
        ["AnnexII"] = "annex-ii",
        ["AnnexIII"] = "annex-iii",
        ["AnnexIV"] = "annex-iv",
    };

    /// <summary>Rows of the nationality annexes are matched by country code, since print and the reference spell names differently.</summary>
    private static string RowKey(string table, string row, ReferenceData reference) =>
        table is "AnnexII" or "AnnexIII" && row != "Total" ? reference.Resolve(row)?.Iso3 ?? throw new InvalidOperationException($"unknown printed country '{row}'") : row;

    private string Produced(string table, string section, string row, string column, ReferenceData reference)
    {
        var key = RowKey(table, row, reference);
        foreach (var (t, s, _, rowKey, c, value) in AllProduced(reference))
        {
            if (t == table && s == section && rowKey == key && c == column) return value;
        }
        return "(no such cell)";
    }

    private IEnumerable<(string Table, string Section, string Row, string RowKey, string Column, string Value)> AllProduced(ReferenceData reference)
    {
        foreach (var (table, id) in TableIds)
        {
            var json = _tables.EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);
            foreach (var row in json.GetProperty("rows").EnumerateArray())
            {
                var label = row.GetProperty("label").GetString()!;
                var section = row.GetProperty("section").GetString() switch
                {
                    null => "",
                    var s when s.Contains("Member States", StringComparison.Ordinal) => "members",
                    _ => "others",
                };
                var rowKey = row.GetProperty("iso3").GetString() ?? (label == "Other" ? "XXX" : label);
                foreach (var cell in row.GetProperty("cells").EnumerateObject())
                {
                    var value = cell.Value.ValueKind switch
                    {
                        JsonValueKind.Null => "",
                        JsonValueKind.String => cell.Value.GetString()!,
                        _ => cell.Value.GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    };
                    yield return (table, section, label, rowKey, cell.Name, value);
                }
            }
        }
    }

    /// <summary>Printed "-" is a change of zero; a change is printed with its sign.</summary>
    private static bool Same(string printed, string produced) =>
        printed == produced || (printed == "-" && produced == "0") || (printed.StartsWith('+') && printed[1..] == produced);

    private static string Describe(string table, int line, string row, string column, string printed, string produced)
    {
        var shown = produced.Length > 0 && !produced.StartsWith('-') && row.StartsWith("Change", StringComparison.Ordinal) && produced != "N/A" ? "+" + produced : produced;
        return $"{table} line {line} '{row}' / {column}: printed '{printed}', produced '{shown}'";
    }
}