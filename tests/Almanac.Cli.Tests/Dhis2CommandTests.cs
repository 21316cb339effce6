using System.Globalization;
using Almanac.Domain.Publishing;
using Almanac.Store;
using Almanac.Tests;

namespace Almanac.Cli.Tests;

/// <summary>
/// almanac export dhis2 and almanac import dhis2 over a store holding the synthetic 2023 staff list, with the shipped
/// mapping: the CSV holds every staff member; imported back it changes nothing; a dry run of a changed value counts it and
/// writes nothing; a conflict is named on standard error with its line, and the command fails without writing.
/// </summary>
public sealed class Dhis2CommandTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-dhis2-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Export_and_import_dhis2_round_trip_through_the_shipped_mapping_and_name_conflicts_on_standard_error()
    {
        var db = Path.Combine(_directory.FullName, "store.db");
        int staff;
        await using (var store = await AlmanacStores.OpenAsync(db, Ct))
        {
            staff = (await FactTestData.ImportSyntheticStaff2023Async(store, Ct)).Count;
        }
        var csv = Path.Combine(_directory.FullName, "values.csv");
        var (exported, exportOutput, exportErrors) = await CliRun.RunSplitAsync("export", "dhis2", "--year", "2023", "--format", "csv", "--out", csv, "--db", db);
        Assert.True(exported == 0, exportErrors);
        Assert.Equal("", exportErrors);
        var lines = (await File.ReadAllLinesAsync(csv, Ct)).ToList();
        Assert.Equal("dataelement,period,orgunit,catoptcombo,attroptcombo,value", lines[0]);
        Assert.Equal(staff, lines.Skip(1).Sum(l => int.Parse(l.Split(',')[^1], CultureInfo.InvariantCulture)));
        Assert.Contains($"{NumberFormat.Count(lines.Count - 1)} data values", exportOutput, StringComparison.Ordinal);

        var (same, sameOutput, sameErrors) = await CliRun.RunSplitAsync("import", "dhis2", csv, "--db", db);
        Assert.True(same == 0, sameErrors);
        Assert.Contains($"0 imported, 0 updated, {NumberFormat.Count(lines.Count - 1)} ignored", sameOutput, StringComparison.Ordinal);

        var changed = Path.Combine(_directory.FullName, "changed.csv");
        var first = lines[1].Split(',');
        await File.WriteAllLinesAsync(changed, [lines[0], string.Join(',', first[..^1].Append((int.Parse(first[^1], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture)))], Ct);
        var sources = await SourceCountAsync(db);
        var (dry, dryOutput, dryErrors) = await CliRun.RunSplitAsync("import", "dhis2", changed, "--dry-run", "--db", db);
        Assert.True(dry == 0, dryErrors);
        Assert.Contains("0 imported, 1 updated, 0 ignored", dryOutput, StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing was written.", dryOutput, StringComparison.Ordinal);
        Assert.Equal(sources, await SourceCountAsync(db));

        var bad = Path.Combine(_directory.FullName, "bad.csv");
        await File.WriteAllLinesAsync(bad, [lines[0], string.Join(',', first.Select((c, i) => i == 2 ? "NOWHERE" : c))], Ct);
        var (refused, refusedOutput, refusedErrors) = await CliRun.RunSplitAsync("import", "dhis2", bad, "--db", db);
        Assert.NotEqual(0, refused);
        Assert.Equal("", refusedOutput);
        Assert.Contains("conflict bad.csv, line 2: orgUnit 'NOWHERE': office NOWHERE is not one of the store's offices", refusedErrors, StringComparison.Ordinal);
        Assert.Contains("error: bad.csv: 1 conflict (above); nothing was written", refusedErrors, StringComparison.Ordinal);
        Assert.Equal(sources, await SourceCountAsync(db));

        var (empty, _, emptyErrors) = await CliRun.RunSplitAsync("export", "dhis2", "--year", "2030", "--format", "json", "--out", Path.Combine(_directory.FullName, "none.json"), "--db", db);
        Assert.Equal(1, empty);
        Assert.Contains("holds no figure of 2030", emptyErrors, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory.FullName, "none.json")));
    }

    private static async Task<int> SourceCountAsync(string db)
    {
        await using var store = await AlmanacStores.OpenAsync(db, Ct);
        return (await store.SourcesAsync(Ct)).Count;
    }
}
