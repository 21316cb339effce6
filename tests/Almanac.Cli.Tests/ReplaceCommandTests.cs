using Almanac.Tests;

namespace Almanac.Cli.Tests;

/// <summary>
/// 'import staff' and 'import report' as the README shows them: an import that would replace a year or a report with far
/// less exits non-zero, says what would be lost and writes nothing; with --replace it proceeds.
/// </summary>
public sealed class ReplaceCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-replace-cli-");

    private string Db => Path.Combine(_directory.FullName, "almanac.db");

    public void Dispose() => _directory.Delete(true);

    private string Write(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(_directory.CreateSubdirectory(Guid.NewGuid().ToString("N")).FullName, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task A_header_only_staff_list_needs_replace_to_supersede_the_years_staff()
    {
        Assert.Equal(0, (await CliRun.RunAsync("init", "--db", Db)).ExitCode);
        var list = Write("staff-2023.csv", ["staff_id,nationality,grade,sex", .. Enumerable.Range(0, 12).Select(i => $"s{i},KEN,G-{i % 7 + 1},F")]);
        Assert.Equal(0, (await CliRun.RunAsync("import", "staff", list, "--year", "2023", "--db", Db)).ExitCode);
        var sources = (await CliRun.RunAsync("sources", "--db", Db)).Output;

        var empty = Write("staff-2023.csv", ["staff_id,nationality,grade,sex"]);
        var (exit, output) = await CliRun.RunAsync("import", "staff", empty, "--year", "2023", "--db", Db);
        Assert.Equal(AlmanacCli.Failed, exit);
        Assert.Contains("staff-2023.csv would replace 12 staff of 2023 (source 1, staff-2023.csv) with 0. Nothing was written; to replace it all the same, run the command again with --replace.",
            output.ReplaceLineEndings(""), StringComparison.Ordinal);
        Assert.Equal(sources, (await CliRun.RunAsync("sources", "--db", Db)).Output);

        var replaced = await CliRun.RunAsync("import", "staff", empty, "--year", "2023", "--replace", "--db", Db);
        Assert.True(replaced.ExitCode == 0, replaced.Output);
        Assert.Contains("0 staff members; supersedes source 1.", replaced.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_cut_short_needs_replace_to_supersede_the_whole_report()
    {
        var text = File.ReadAllLines(SharedFiles.Require("reports/annual-report-2018.txt"));
        Assert.Equal(0, (await CliRun.RunAsync("init", "--db", Db)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("import", "report", Write("annual-report-2018.txt", text), "--db", Db)).ExitCode);
        var sources = (await CliRun.RunAsync("sources", "--db", Db)).Output;

        var part = Write("annual-report-2018.txt", text[..(text.Length * 9 / 10)]);
        var (exit, output) = await CliRun.RunAsync("import", "report", part, "--db", Db);
        Assert.Equal(AlmanacCli.Failed, exit);
        Assert.Contains("annual-report-2018.txt would supersede the report of 2018 imported as source 1", output, StringComparison.Ordinal);
        Assert.Contains("--replace", output, StringComparison.Ordinal);
        Assert.Equal(sources, (await CliRun.RunAsync("sources", "--db", Db)).Output);

        var replaced = await CliRun.RunAsync("import", "report", part, "--replace", "--db", Db);
        Assert.True(replaced.ExitCode == 0, replaced.Output);
        Assert.Contains("supersedes source 1", replaced.Output, StringComparison.Ordinal);
    }
}
