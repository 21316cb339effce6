using System.Text;
using Almanac.Domain;
using Almanac.Ingest.Observations;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Staff;
using Almanac.Tests;

namespace Almanac.Ingest.Tests;

/// <summary>CSV inputs are held to their bounds as they are read: a cell of a staff list, a line of an observation file.</summary>
public sealed class CsvBoundsTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-csv-");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Delete(true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private static async Task<TestStore> StoreAsync(string engine)
    {
        var test = await TestStores.CreateAsync(engine);
        await test.Store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), Ct);
        return test;
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_staff_list_cell_longer_than_the_bound_is_refused_with_its_line_and_the_bound(string engine)
    {
        await using var test = await StoreAsync(engine);
        var path = Write("long.csv", $"staff_id,nationality,grade,sex\na,FRA,P-3,F\nb,FRA,P-3,F,{new string('x', InputLimits.MaxCellLength + 1)}\n");

        var error = await Assert.ThrowsAsync<InputException>(() => new StaffImporter(test.Store, TimeProvider.System).ImportAsync(path, 2023, Ct));

        Assert.Equal(("long.csv", 3L), (error.File, error.Line));
        Assert.Contains("longer than the 32 767 characters a cell may have", error.Message, StringComparison.Ordinal);
        Assert.Empty(await test.Store.SourcesAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_stray_quote_early_in_a_long_staff_list_is_reported_on_its_line_in_a_short_message(string engine)
    {
        await using var test = await StoreAsync(engine);
        var rows = Enumerable.Range(0, 5000).Select(i => $"s{i},FRA,P-3,F").ToList();
        rows[10] = "s10,\"FRA,P-3,F";
        var path = Write("quote.csv", "staff_id,nationality,grade,sex\n" + string.Join('\n', rows) + "\n");

        var error = await Assert.ThrowsAsync<InputException>(() => new StaffImporter(test.Store, TimeProvider.System).ImportAsync(path, 2023, Ct));

        Assert.Equal(("quote.csv", 12L), (error.File, error.Line));
        Assert.Contains("(a stray quote?)", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Message.Length, 1, 300);
        Assert.Empty(await test.Store.SourcesAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task An_observation_line_longer_than_the_bound_is_refused_with_its_line_and_the_bound(string engine)
    {
        await using var test = await StoreAsync(engine);
        var member = new string('m', 1 << 20);
        var path = Write("long.csv", $"measure,year,office,area,value\nreturns,2023,,north,5\nreturns,2023,,{member},7\n");

        var error = await Assert.ThrowsAsync<InputException>(() => new ObservationImporter(test.Store, TimeProvider.System).ImportAsync(path, Ct));

        Assert.Equal(("long.csv", 3L), (error.File, error.Line));
        Assert.Contains($"longer than the {InputLimits.Number(InputLimits.MaxObservationLineBytes)} bytes a line of an observation file may have", error.Message, StringComparison.Ordinal);
        Assert.Empty(await test.Store.SourcesAsync(Ct));
    }
}
