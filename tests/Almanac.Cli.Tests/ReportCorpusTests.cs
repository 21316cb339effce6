using System.Text.Json;
using Almanac.Tests;
using Spectre.Console;

namespace Almanac.Cli.Tests;

/// <summary>
/// The published-report corpus end to end through the command line: import every document, list the rebuilt tables
/// and audit them, in the JSON shapes other tools rely on.
/// </summary>
public sealed class ReportCorpusTests : IDisposable
{
    private static readonly string[] Corpus = ["annual-report-2017.txt", "annual-report-2018.txt", "annual-report-2023.txt", "migration-initiatives-2018.txt"];
    private static readonly string[] Severities = ["error", "warning", "info"];
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-reports-");

    private string Db => Path.Combine(_directory.FullName, "reports.db");

    public void Dispose() => _directory.Delete(true);

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 250;
        var exit = await AlmanacCli.RunAsync(args, console, TimeProvider.System);
        return (exit, output.ToString());
    }

    private async Task<IReadOnlyList<string>> ImportCorpusAsync()
    {
        var paths = Corpus.Select(f => SharedFiles.Require("reports/" + f)).ToList();
        Assert.Equal(0, (await RunAsync("init", "--db", Db)).ExitCode);
        foreach (var path in paths)
        {
            var (exit, output) = await RunAsync("import", "report", path, "--db", Db);
            Assert.True(exit == 0, output);
            Assert.Contains("Imported report", output, StringComparison.Ordinal);
        }
        return paths;
    }

    private async Task<JsonElement> JsonAsync(params string[] args)
    {
        var (exit, output) = await RunAsync([.. args, "--format", "json", "--db", Db]);
        Assert.True(exit == 0, output);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    [Fact]
    public async Task Tables_are_listed_in_the_json_contract_with_plain_numbers()
    {
        await ImportCorpusAsync();
        var tables = await JsonAsync("tables");
        var ids = tables.EnumerateArray().Select(t => $"{t.GetProperty("source").GetString()}#{t.GetProperty("table").GetString()}").ToList();
        Assert.Contains("annual-report-2023.txt#staff-table-1", ids);
        Assert.Contains("annual-report-2018.txt#staff-annex-general-service", ids);
        Assert.Contains("annual-report-2017.txt#staff-annex-professional", ids);
        Assert.Contains("migration-initiatives-2018.txt#funding-summary", ids);
        Assert.Equal(9, ids.Count(i => i.StartsWith("migration-initiatives-2018.txt#funding-region-", StringComparison.Ordinal)));

        var table1 = tables.EnumerateArray().Single(t => t.GetProperty("source").GetString() == "annual-report-2023.txt" && t.GetProperty("table").GetString() == "staff-table-1");
        Assert.Equal(2023, table1.GetProperty("year").GetInt32());
        Assert.Equal(2, table1.GetProperty("lines").GetArrayLength());
        Assert.Equal(["2019", "2020", "2021", "2022", "2023"], table1.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var total = table1.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("label").GetString() == "Total");
        Assert.Equal(JsonValueKind.Number, total.GetProperty("cells").GetProperty("2023").ValueKind);
        Assert.Equal(2994, total.GetProperty("cells").GetProperty("2023").GetInt32());
        Assert.Equal(JsonValueKind.Null, total.GetProperty("iso3").ValueKind);
        Assert.Equal(JsonValueKind.Array, total.GetProperty("inferred").ValueKind);

        var annex = tables.EnumerateArray().Single(t => t.GetProperty("source").GetString() == "annual-report-2023.txt" && t.GetProperty("table").GetString() == "staff-annex-professional");
        var afghanistan = annex.GetProperty("rows").EnumerateArray().First(r => r.GetProperty("iso3").GetString() == "AFG");
        Assert.Equal(JsonValueKind.Object, afghanistan.GetProperty("cells").ValueKind);
    }

    [Fact]
    public async Task The_audit_lists_the_corpus_findings_with_their_lines()
    {
        await ImportCorpusAsync();
        var findings = (await JsonAsync("audit")).EnumerateArray().ToList();
        static string Key(JsonElement f) =>
            $"{f.GetProperty("source").GetString()}:{f.GetProperty("line")}:{f.GetProperty("table").GetString()}:{f.GetProperty("rule").GetString()}:{f.GetProperty("printed")}:{f.GetProperty("computed")}";
        var keys = findings.Select(Key).ToList();

        // The two the issue names: 2023 Table 1's 2022 total, and the Asia and the Pacific row of the appeal's summary.
        Assert.Contains("annual-report-2023.txt:632:staff-table-1:women-plus-men:2575:2574", keys);
        Assert.Contains(keys, k => k.StartsWith("migration-initiatives-2018.txt:", StringComparison.Ordinal) && k.EndsWith(":parts-sum-to-total:416200709:416200710", StringComparison.Ordinal));
        // Printed percentages that are not their ratio: 2017 and 2018 Table 4 print 14% for 2005, where 667 / 5 397 is 12%.
        Assert.Contains("annual-report-2017.txt:1158:staff-table-4:percentage-matches-ratio:14:12", keys);
        Assert.Contains("annual-report-2018.txt:2590:staff-table-4:percentage-matches-ratio:14:12", keys);
        // The same year printed by two reports: 2005's Professional staff, 667 in 2017 and 2018, 669 in 2023.
        Assert.Contains(findings, f => f.GetProperty("rule").GetString() == "same-fact-agrees" && f.GetProperty("printed").GetDecimal() == 669 && f.GetProperty("computed").GetDecimal() == 667);

        foreach (var f in findings)
        {
            Assert.Contains(f.GetProperty("severity").GetString(), Severities);
            Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("message").GetString()));
        }
    }

    [Fact]
    public async Task The_same_report_again_changes_nothing_and_a_file_that_is_not_a_report_writes_nothing()
    {
        var paths = await ImportCorpusAsync();
        var before = (await RunAsync("sources", "--db", Db)).Output;

        var again = await RunAsync("import", "report", paths[2], "--db", Db);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("Unchanged", again.Output, StringComparison.Ordinal);

        var notReport = Path.Combine(_directory.FullName, "minutes.txt");
        await File.WriteAllTextAsync(notReport, "Minutes of the staff meeting.\n", TestContext.Current.CancellationToken);
        var refused = await RunAsync("import", "report", notReport, "--db", Db);
        Assert.Equal(AlmanacCli.Failed, refused.ExitCode);
        Assert.Contains("not recognized as a published report", refused.Output, StringComparison.Ordinal);
        Assert.Equal(before, (await RunAsync("sources", "--db", Db)).Output);
    }

    [Fact]
    public async Task Rows_with_staff_in_the_2023_annexes_match_the_demo_staff_list()
    {
        // The demo list is generated from the figures the project keeps (data/published); the annex rows here are read
        // from the report text. Each nationality's printed total per category must be the list's count.
        var report = SharedFiles.Require("reports/annual-report-2023.txt");
        var list = Path.Combine(_directory.FullName, "staff.csv");
        Assert.Equal(0, (await RunAsync("generate", "staff", "--out", list)).ExitCode);
        var listed = File.ReadLines(list).Skip(1).Select(l => l.Split(',')).ToList();
        var header = File.ReadLines(list).First().Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        var byNationality = listed
            .GroupBy(r => (Category: r[Column("category")], Nationality: r[Column("nationality")]))
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(0, (await RunAsync("init", "--db", Db)).ExitCode);
        Assert.Equal(0, (await RunAsync("import", "report", report, "--db", Db)).ExitCode);
        var tables = await JsonAsync("tables");
        var compared = 0;
        var differences = new List<string>();
        foreach (var (id, category) in new[] { ("staff-annex-general-service", "GS"), ("staff-annex-professional", "PH") })
        {
            var annex = tables.EnumerateArray().Single(t => t.GetProperty("table").GetString() == id);
            foreach (var row in annex.GetProperty("rows").EnumerateArray())
            {
                if (row.GetProperty("iso3").GetString() is not { } iso3) continue;
                var total = row.GetProperty("cells").GetProperty("Total");
                var printed = total.ValueKind == JsonValueKind.Number ? total.GetInt32() : 0;
                var generated = byNationality.GetValueOrDefault((category, iso3));
                if (printed == 0 && generated == 0) continue;
                compared++;
                if (printed != generated) differences.Add($"{id} {iso3}: printed {printed}, list {generated}");
            }
        }
        Assert.True(compared > 250, $"only {compared} rows with staff compared");
        Assert.Empty(differences);
    }
}
