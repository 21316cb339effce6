using System.Text.Json;
using Almanac.Tests;

namespace Almanac.Cli.Tests;

/// <summary>'almanac statements' in its JSON contract, and the audit's statement findings in a report of the series the corpus does not hold.</summary>
public sealed class StatementCommandTests : IDisposable
{
    private static readonly string[] ContractFields = ["source", "paragraph", "line", "year", "subject", "count", "qualifier", "percent", "base", "parent_line", "text"];
    private static readonly string[] Qualifiers = ["exact", "at-least", "more-than", "approximately"];
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-statements-");

    private string Db => Path.Combine(_directory.FullName, "statements.db");

    public void Dispose() => _directory.Delete(true);

    private async Task<string> RunAsync(params string[] args)
    {
        var (exit, output) = await CliRun.RunAsync([.. args, "--db", Db]);
        Assert.True(exit == 0, output);
        return output;
    }

    [Fact]
    public async Task Statements_are_listed_in_the_json_contract_and_as_text()
    {
        await RunAsync("init");
        await RunAsync("import", "report", SharedFiles.Require("reports/annual-report-2018.txt"));
        var json = JsonDocument.Parse(await RunAsync("statements", "--format", "json")).RootElement;
        Assert.Equal(131, json.GetArrayLength());
        Assert.All(json.EnumerateArray(), s =>
        {
            Assert.Equal(ContractFields, s.EnumerateObject().Select(p => p.Name));
            Assert.Contains(s.GetProperty("qualifier").GetString(), Qualifiers);
        });
        var subset = json.EnumerateArray().Single(s => s.GetProperty("line").GetInt32() == 2114 && s.GetProperty("count").GetInt32() == 60);
        Assert.Equal(("annual-report-2018.txt", 270, 2018, 36m, 165, 2113), (subset.GetProperty("source").GetString(), subset.GetProperty("paragraph").GetInt32(),
            subset.GetProperty("year").GetInt32(), subset.GetProperty("percent").GetDecimal(), subset.GetProperty("base").GetInt32(), subset.GetProperty("parent_line").GetInt32()));
        var share = json.EnumerateArray().Single(s => s.GetProperty("line").GetInt32() == 68);
        Assert.Equal(JsonValueKind.Null, share.GetProperty("count").ValueKind);
        Assert.Equal(JsonValueKind.Null, share.GetProperty("base").ValueKind);
        Assert.Equal(72m, share.GetProperty("percent").GetDecimal());

        var text = await RunAsync("statements", "--source", "1");
        Assert.Contains("annual-report-2018.txt:2114 ¶270 2018 60 offices (36%) of 165 (subset of line 2113) reported that they had used a framework", text, StringComparison.Ordinal);
        Assert.Contains("131 statements about offices.", text, StringComparison.Ordinal);
        var (exit, output) = await CliRun.RunAsync("statements", "--source", "9", "--db", Db);
        Assert.Equal((1, true), (exit, output.Contains("There is no source 9", StringComparison.Ordinal)));
    }

    /// <summary>
    /// A report of a year the corpus does not hold, whose tables Almanac cannot read but whose text states what offices
    /// did — with a share that is not its count over its base, a part larger than its whole, a count larger than the
    /// offices that responded, and one fact stated with two figures.
    /// </summary>
    [Fact]
    public async Task A_report_with_statements_only_is_imported_and_its_statements_audited()
    {
        string[] body =
        [
            "12. In 2019, 150 offices responded to the institutional questionnaire. Of these, 45 offices (40%) reported using a results framework.",
            "",
            "13. Sixty offices supported labour mobility through bilateral agreements (70 offices) and skills partnerships (20 offices).",
            "",
            "14. A total of 160 offices engaged with civil society.",
            "",
            "15. In 2019, 48 offices trained border officials on humanitarian border management and migrant protection.",
            "",
            "16. Over the year, 52 offices trained border officials on humanitarian border management and migrant protection.",
        ];
        var lines = new List<string> { "IOM Council", "Annual Report for 2019", "International Organization for Migration (IOM)", "" };
        var first = lines.Count + 1;
        lines.AddRange(body);
        lines.Add("");
        for (var i = 0; i < 100; i++) lines.Add($"IOM worked with partners on programme {i}.");
        var file = Path.Combine(_directory.FullName, "report-2019.txt");
        await File.WriteAllLinesAsync(file, lines, TestContext.Current.CancellationToken);
        int Line(string text) => first + Array.FindIndex(body, l => l.Contains(text, StringComparison.Ordinal));

        await RunAsync("init");
        var imported = await RunAsync("import", "report", file);
        Assert.Contains("0 tables, 0 figures, 8 office statements", imported, StringComparison.Ordinal);

        var findings = JsonDocument.Parse(await RunAsync("audit", "--format", "json")).RootElement.EnumerateArray()
            .Select(f => $"{f.GetProperty("line").GetInt32()}:{f.GetProperty("table").GetString()}:{f.GetProperty("rule").GetString()}:{f.GetProperty("printed").GetDecimal()}:{f.GetProperty("computed").GetDecimal()}:{f.GetProperty("severity").GetString()}")
            .ToList();
        Assert.Equal(
            [
                $"{Line("45 offices")}:office-statements:statement-share-matches-count:40:30:error",
                $"{Line("Sixty")}:office-statements:statement-part-within-whole:70:60:error",
                $"{Line("160")}:office-statements:statement-within-respondents:160:150:error",
                $"{Line("52 offices")}:office-statements:statement-same-fact-agrees:52:48:error",
            ],
            findings);
    }
}
