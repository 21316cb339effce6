using Almanac.Tests;

namespace Almanac.Cli.Tests;

/// <summary>Which store a command writes: an import creates a new one as 'init' would, and the demo builds into the store --db names.</summary>
public sealed class StoreTargetTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-target-");

    public void Dispose() => _directory.Delete(true);

    [Fact]
    public async Task Import_report_creates_an_absent_store_with_its_reference_data()
    {
        var report = SharedFiles.Require("reports/annual-report-2018.txt");
        var db = Path.Combine(_directory.FullName, "new.db");
        var (exit, output) = await CliRun.RunAsync("import", "report", report, "--db", db);
        Assert.True(exit == 0, output);
        Assert.Contains("new store, reference data loaded", output, StringComparison.Ordinal);
        Assert.Contains("Imported report annual-report-2018.txt as source 1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("almanac init", output, StringComparison.Ordinal);

        // The rebuilt tables fit 80 columns: the Professional annex keeps its figures in column groups.
        var (tablesExit, tables) = await CliRun.RunAtWidthAsync(80, "tables", "--db", db);
        Assert.True(tablesExit == 0, tables);
        Assert.All(tables.Split('\n'), line => Assert.True(line.Length <= 80, line));
        Assert.Contains("(continued: columns", tables, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_staff_and_observations_create_an_absent_store_too()
    {
        var list = Path.Combine(_directory.FullName, "staff.csv");
        await File.WriteAllTextAsync(list, "staff_id,nationality,grade,sex\nS-1,FRA,P-3,F\nS-2,KEN,G-4,M\n", TestContext.Current.CancellationToken);
        var (exit, output) = await CliRun.RunAsync("import", "staff", list, "--year", "2023", "--db", Path.Combine(_directory.FullName, "staff.db"));
        Assert.True(exit == 0, output);
        Assert.Contains("Imported staff list for 2023 as source 1: 2 staff members.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_builds_into_the_store_db_names_and_refuses_one_in_use()
    {
        var output = Path.Combine(_directory.FullName, "demo");
        var db = Path.Combine(_directory.FullName, "chosen.db");
        var (exit, terminal) = await CliRun.RunAsync("demo", "--out", output, "--db", db);
        Assert.True(exit == 0, terminal);
        Assert.True(File.Exists(db));
        Assert.False(File.Exists(Path.Combine(output, "demo.db")));
        var (sourcesExit, sources) = await CliRun.RunAsync("sources", "--db", db);
        Assert.True(sourcesExit == 0, sources);
        Assert.Contains("synthetic-staff-2023.csv", sources, StringComparison.Ordinal);

        var (again, message) = await CliRun.RunAsync("demo", "--out", output, "--db", db);
        Assert.Equal(AlmanacCli.Failed, again);
        Assert.Contains($"--db '{db}': the demo builds a new store, and this one holds", message, StringComparison.Ordinal);
    }
}
