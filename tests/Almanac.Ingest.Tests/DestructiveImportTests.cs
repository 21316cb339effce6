using System.Text;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;
using Almanac.Ingest.Staff;
using Almanac.Store;
using Almanac.Tests;

namespace Almanac.Ingest.Tests;

/// <summary>
/// An import that would replace a year or a report with far less stops, says what would be lost and writes nothing,
/// unless it is asked to replace (--replace).
/// </summary>
public sealed class DestructiveImportTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-replace-");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Delete(true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory.CreateSubdirectory(Guid.NewGuid().ToString("N")).FullName, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private static async Task<TestStore> StoreAsync(string engine)
    {
        var test = await TestStores.CreateAsync(engine);
        await test.Store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), Ct);
        return test;
    }

    private static async Task<string> HistoryAsync(IAlmanacStore store) =>
        string.Join("\n", (await store.SourcesAsync(Ct)).Select(s => $"{s.Id} {s.Name} {s.RowCount} {string.Join(",", s.Years.Select(y => $"{y.Scope}/{y.Year}/{y.IsCurrent}"))}"));

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_staff_list_with_far_fewer_staff_than_the_years_list_needs_replace(string engine)
    {
        await using var test = await StoreAsync(engine);
        var rows = string.Join("\n", Enumerable.Range(0, 10).Select(i => $"s{i},FRA,P-3,{(i % 2 == 0 ? "F" : "M")}"));
        await new StaffImporter(test.Store, TimeProvider.System).ImportAsync(Write("staff.csv", "staff_id,nationality,grade,sex\n" + rows + "\n"), 2023, Ct);
        var before = await HistoryAsync(test.Store);

        var empty = Write("staff.csv", "staff_id,nationality,grade,sex\n");
        var refused = await Assert.ThrowsAsync<DestructiveImportException>(() => new StaffImporter(test.Store, TimeProvider.System).ImportAsync(empty, 2023, Ct));
        Assert.StartsWith("staff.csv would replace 10 staff of 2023 (source 1, staff.csv) with 0.", refused.Message, StringComparison.Ordinal);
        var four = Write("four.csv", "staff_id,nationality,grade,sex\n" + string.Join("\n", rows.Split('\n')[..4]) + "\n");
        await Assert.ThrowsAsync<DestructiveImportException>(() => new StaffImporter(test.Store, TimeProvider.System).ImportAsync(four, 2023, Ct));
        await test.ReopenAsync();
        Assert.Equal(before, await HistoryAsync(test.Store));

        // Half the staff is a list, not a mistake; and asked to, an empty list replaces the year.
        var five = Write("five.csv", "staff_id,nationality,grade,sex\n" + string.Join("\n", rows.Split('\n')[..5]) + "\n");
        Assert.Equal(5, (await new StaffImporter(test.Store, TimeProvider.System).ImportAsync(five, 2023, Ct)).RowCount);
        var replaced = await new StaffImporter(test.Store, TimeProvider.System) { Replace = true }.ImportAsync(empty, 2023, Ct);
        Assert.Equal((ImportOutcome.Imported, 0L), (replaced.Outcome, replaced.RowCount));
        Assert.NotEmpty(replaced.Superseded);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task The_first_90_percent_of_a_report_needs_replace_to_supersede_the_whole_report(string engine)
    {
        await using var test = await StoreAsync(engine);
        var text = await File.ReadAllLinesAsync(SharedFiles.Require("reports/annual-report-2017.txt"), Ct);
        var whole = Write("annual-report-2017.txt", string.Join('\n', text));
        var part = Write("annual-report-2017.txt", string.Join('\n', text[..(text.Length * 9 / 10)]));
        var (first, extraction) = await new ReportImporter(test.Store, TimeProvider.System, ReportReaders.All).ImportAsync(whole, Ct);
        var before = await HistoryAsync(test.Store);

        var refused = await Assert.ThrowsAsync<DestructiveImportException>(() => new ReportImporter(test.Store, TimeProvider.System, ReportReaders.All).ImportAsync(part, Ct));
        Assert.Contains($"would supersede the report of 2017 imported as source {first.SourceId} (annual-report-2017.txt): {extraction.Tables.Count} tables and {Domain.InputLimits.Number(extraction.Observations.Count)} printed figures replaced by",
            refused.Message, StringComparison.Ordinal);
        await test.ReopenAsync();
        Assert.Equal(before, await HistoryAsync(test.Store));

        var (replaced, smaller) = await new ReportImporter(test.Store, TimeProvider.System, ReportReaders.All) { Replace = true }.ImportAsync(part, Ct);
        Assert.Equal(ImportOutcome.Imported, replaced.Outcome);
        Assert.True(smaller.Observations.Count < extraction.Observations.Count);
        Assert.Contains(first.SourceId, replaced.Superseded);
    }
}
