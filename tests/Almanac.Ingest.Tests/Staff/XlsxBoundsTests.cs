using System.Diagnostics;
using Almanac.Domain;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Staff;
using Almanac.Tests;

namespace Almanac.Ingest.Tests.Staff;

/// <summary>
/// A staff list in XLSX is held to the spreadsheet bounds: refused with the file, sheet, cell and bound, quickly and
/// without the memory the file asks for, and nothing is written.
/// </summary>
public sealed class XlsxBoundsTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-xlsx-");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Delete(true);

    /// <summary>Imports a workbook written by <paramref name="write"/> into a new store with reference data; returns the refusal.</summary>
    private async Task<InputException> RefusedAsync(string engine, Action<string> write)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await test.Store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), Ct);
        var path = Path.Combine(_directory.FullName, "staff.xlsx");
        write(path);
        var error = await Assert.ThrowsAsync<InputException>(() => new StaffImporter(test.Store, TimeProvider.System).ImportAsync(path, 2023, Ct));
        Assert.Empty(await test.Store.SourcesAsync(Ct));
        Assert.Equal("staff.xlsx", error.File);
        return error;
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_good_workbook_written_part_by_part_imports(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await test.Store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), Ct);
        var path = Path.Combine(_directory.FullName, "staff.xlsx");
        HostileXlsx.Write(path, HostileXlsx.Sheet(HostileXlsx.GoodRows));
        Assert.Equal(1, (await new StaffImporter(test.Store, TimeProvider.System).ImportAsync(path, 2023, Ct)).RowCount);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_small_file_that_unzips_to_a_gigabyte_is_refused_quickly_without_unzipping_it(string engine)
    {
        var clock = new Stopwatch();
        long allocated = 0;
        var error = await RefusedAsync(engine, path =>
        {
            HostileXlsx.Write(path, HostileXlsx.Sheet(HostileXlsx.GoodRows), 1L << 30);
            Assert.InRange(new FileInfo(path).Length, 1, 2 << 20);
            clock.Start();
            allocated = GC.GetTotalAllocatedBytes(precise: true);
        });
        clock.Stop();
        Assert.Contains($"the part xl/media/padding0.bin unzips to 1 073 741 824 bytes, more than the {InputLimits.Number(InputLimits.MaxXlsxPartBytes)} (256 MiB)", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.InRange(GC.GetTotalAllocatedBytes(precise: true) - allocated, 0, 200L << 20);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_workbook_whose_parts_together_unzip_past_the_bound_is_refused(string engine)
    {
        var part = InputLimits.MaxXlsxPartBytes - 1;
        var error = await RefusedAsync(engine, path => HostileXlsx.Write(path, HostileXlsx.Sheet(HostileXlsx.GoodRows), part, part, part));
        Assert.Contains($"the workbook unzips to more than the {InputLimits.Number(InputLimits.MaxXlsxUncompressedBytes)} bytes (512 MiB)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_sheet_with_a_DTD_is_refused_with_a_clear_error(string engine)
    {
        var error = await RefusedAsync(engine, path =>
            HostileXlsx.Write(path, HostileXlsx.Sheet(HostileXlsx.GoodRows, """<!DOCTYPE worksheet [<!ENTITY lol "lol">]>""")));
        Assert.Contains("sheet 'Staff': the XML cannot be read (its XML declares a DTD (<!DOCTYPE …>), which a workbook never has)", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, long, string> Cells()
    {
        (string Bound, string Rows, long Line, string Says)[] cases =
        [
            ("AAAAAA1", HostileXlsx.Row(1, ("AAAAAA1", "staff_id")), 1, "sheet 'Staff', cell 'AAAAAA1': the column is beyond AMJ, the 1 024th"),
            ("AMK", HostileXlsx.GoodRows + HostileXlsx.Row(3, ("A3", "s2"), ("AMK3", "x")), 3, "sheet 'Staff', cell 'AMK3': the column is beyond AMJ"),
            ("row", HostileXlsx.GoodRows + HostileXlsx.Row(InputLimits.MaxSheetRows + 1L, ("A1048577", "s2")), 3, "sheet 'Staff': row number '1048577' is not one from 1 to 1 048 576"),
            ("text", HostileXlsx.GoodRows + HostileXlsx.Row(3, ("A3", "s2"), ("B3", new string('N', InputLimits.MaxCellLength + 1))), 3, "sheet 'Staff', cell 'B3': the cell's text is longer than the 32 767 characters"),
        ];
        var data = new TheoryData<string, string, string, long, string>();
        foreach (var engine in TestStores.Engines) foreach (var c in cases) data.Add(engine.Data, c.Bound, c.Rows, c.Line, c.Says);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task A_cell_or_row_past_the_sheet_bounds_is_refused_quickly_naming_sheet_cell_and_bound(string engine, string bound, string rows, long line, string says)
    {
        var clock = Stopwatch.StartNew();
        var error = await RefusedAsync(engine, path => HostileXlsx.Write(path, HostileXlsx.Sheet(rows)));
        Assert.Equal(line, error.Line);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{bound} took {clock.Elapsed}");
    }
}
