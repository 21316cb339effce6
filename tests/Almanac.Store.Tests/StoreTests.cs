using Almanac.Domain;
using Almanac.Domain.Observations;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;
using Almanac.Domain.Workforce;
using Almanac.Ingest.Reference;
using Almanac.Store.Schema;
using Almanac.Tests;

namespace Almanac.Store.Tests;

/// <summary>The store contract, run against the embedded store and PostgreSQL alike.</summary>
public sealed class StoreTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SourceInfo Source(string kind, string sha) => new(kind, $"{sha}.csv", sha, Noon);

    private static IEnumerable<(long, StaffMember)> Staff(params (string Id, string Nationality, string Grade, Sex Sex)[] rows) =>
        rows.Select((r, i) => ((long)i + 2, new StaffMember(r.Id, r.Nationality, Grades.Parse(r.Grade)!, Grades.Parse(r.Grade)!.Category ?? StaffCategory.Professional, r.Sex, null)));

    private static Observation Printed(int year, string key, decimal value, int line) =>
        new(Measures.StaffHeadcount, year, DimensionKey.Parse(key), value, new Provenance(0, "report", "Table 1", line));

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Opening_applies_every_migration_once(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        Assert.Equal(Migrations.Latest, await test.Store.SchemaVersionAsync(Ct));
        await test.ReopenAsync();
        Assert.Equal(Migrations.Latest, await test.Store.SchemaVersionAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Reference_data_round_trips(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        var reference = ReferenceDataReader.ReadEmbedded();
        await test.Store.ReplaceReferenceDataAsync(reference, Ct);
        await test.Store.ReplaceReferenceDataAsync(reference, Ct);
        await test.ReopenAsync();
        var loaded = await test.Store.LoadReferenceDataAsync(Ct);
        Assert.Equal(reference.Countries.Count, loaded.Countries.Count);
        Assert.Equal(reference.Membership.Count, loaded.Membership.Count);
        Assert.Equal("SYR", loaded.Resolve("Syrian Arabic Republic")?.Iso3);
        Assert.Equal(reference.MemberStateCount(2023), loaded.MemberStateCount(2023));
        // Every name in every language, accents and apostrophes included, comes back as it was written.
        Assert.Equal(
            reference.Countries.Select(c => $"{c.Iso3}|{c.Name}|{c.NameFr}|{c.NameEs}"),
            loaded.Countries.Select(c => $"{c.Iso3}|{c.Name}|{c.NameFr}|{c.NameEs}"));
        Assert.Equal("Côte d'Ivoire", loaded["CIV"].NameIn("fr"));
        Assert.Equal("Estados Unidos de América", loaded["USA"].NameIn("es"));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_staff_list_becomes_headcounts_and_the_same_file_again_changes_nothing(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        var rows = Staff(("a", "FRA", "P-3", Sex.Female), ("b", "FRA", "P-3", Sex.Female), ("c", "KEN", "G-4", Sex.Male));
        var first = await test.Store.ImportStaffListAsync(Source(SourceKinds.StaffList, "s1"), 2023, rows, Ct);
        var again = await test.Store.ImportStaffListAsync(Source(SourceKinds.StaffList, "s1"), 2023, rows, Ct);

        Assert.Equal(ImportOutcome.Imported, first.Outcome);
        Assert.Equal(3, first.RowCount);
        Assert.Equal(ImportOutcome.Unchanged, again.Outcome);
        Assert.Equal(first.SourceId, again.SourceId);
        Assert.Single(await test.Store.SourcesAsync(Ct));
        var observations = await CountedFacts.CurrentAsync(test.Store, Measures.StaffHeadcount);
        Assert.Equal(
            ["category=GS;grade=G-4;nationality=KEN;sex=M:1", "category=PH;grade=P-3;nationality=FRA;sex=F:2"],
            observations.Select(o => $"{o.Key.Canonical}:{o.Value:0}").Order(StringComparer.Ordinal));
        // Counted data has one home: the list's headcounts are facts, never printed observations.
        Assert.Empty(await test.Store.CurrentPrintedObservationsAsync([Measures.StaffHeadcount], Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_new_list_for_a_year_replaces_it_and_the_old_one_stays_in_the_history(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        var old = await test.Store.ImportStaffListAsync(Source(SourceKinds.StaffList, "old"), 2023, Staff(("a", "FRA", "P-3", Sex.Female)), Ct);
        var other = await test.Store.ImportStaffListAsync(Source(SourceKinds.StaffList, "y22"), 2022, Staff(("a", "FRA", "P-2", Sex.Female)), Ct);
        var replacement = await test.Store.ImportStaffListAsync(Source(SourceKinds.StaffList, "new"), 2023, Staff(("x", "KEN", "P-4", Sex.Male), ("y", "KEN", "P-4", Sex.Male)), Ct);

        Assert.Equal([old.SourceId], replacement.Superseded);
        var current = await CountedFacts.CurrentAsync(test.Store, Measures.StaffHeadcount);
        Assert.Equal(2, current.Where(o => o.Year == 2023).Sum(o => o.Value));
        Assert.All(current.Where(o => o.Year == 2023), o => Assert.Equal(replacement.SourceId, o.SourceId));
        Assert.Equal(1, current.Where(o => o.Year == 2022).Sum(o => o.Value));

        var history = await test.Store.SourcesAsync(Ct);
        Assert.Equal([replacement.SourceId, other.SourceId, old.SourceId], history.Select(s => s.Id));
        Assert.False(history.Single(s => s.Id == old.SourceId).Years.Single().IsCurrent);
        Assert.True(history.Single(s => s.Id == replacement.SourceId).Years.Single().IsCurrent);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task An_import_that_fails_half_way_writes_nothing(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await test.Store.ImportStaffListAsync(Source(SourceKinds.StaffList, "before"), 2023, Staff(("a", "FRA", "P-3", Sex.Female)), Ct);

        static IEnumerable<(long, StaffMember)> BreaksAtRow1001()
        {
            for (var i = 0; i < 1000; i++) yield return (i + 2, new StaffMember($"id{i}", "FRA", Grades.Parse("P-2")!, StaffCategory.Professional, Sex.Male, null));
            throw new InputException("list.csv", 1002, "grade", "Z-9", "unknown grade");
        }
        await Assert.ThrowsAsync<InputException>(() => test.Store.ImportStaffListAsync(Source(SourceKinds.StaffList, "broken"), 2023, BreaksAtRow1001(), Ct));

        await test.ReopenAsync();
        var sources = await test.Store.SourcesAsync(Ct);
        Assert.Equal(["before"], sources.Select(s => s.Sha256));
        var current = await CountedFacts.CurrentAsync(test.Store, Measures.StaffHeadcount);
        Assert.Equal(1, current.Sum(o => o.Value));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Printed_figures_never_outrank_a_staff_list_and_a_later_report_supersedes_an_earlier_one(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await test.Store.ImportStaffListAsync(Source(SourceKinds.StaffList, "list"), 2023, Staff(("a", "FRA", "P-3", Sex.Female)), Ct);
        var early = await test.Store.ImportPublishedFiguresAsync(Source(SourceKinds.PublishedFigures, "r2018"),
            [Printed(2005, "category=PH", 667, 2584), Printed(2018, "category=PH", 1769, 2584)], Ct);
        var late = await test.Store.ImportPublishedFiguresAsync(Source(SourceKinds.PublishedFigures, "r2023"),
            [Printed(2005, "category=PH", 669, 658), Printed(2023, "category=PH", 2994, 658)], Ct);

        Assert.Equal([early.SourceId], late.Superseded);
        var current = await test.Store.CurrentPrintedObservationsAsync([Measures.StaffHeadcount], Ct);
        var printed2005 = Assert.Single(current, o => o.Year == 2005);
        Assert.Equal(669, printed2005.Value);
        Assert.Equal(658, printed2005.Provenance.Line);
        Assert.Equal(1769, Assert.Single(current, o => o.Year == 2018).Value);
        // 2023's printed figure is not current: the staff list is, and its headcount is in the fact table.
        Assert.DoesNotContain(current, o => o.Year == 2023);
        Assert.Equal(1, Assert.Single(await CountedFacts.CurrentAsync(test.Store, Measures.StaffHeadcount), o => o.Year == 2023).Value);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_staff_list_supersedes_printed_figures_for_its_year_only(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        var print = await test.Store.ImportPublishedFiguresAsync(Source(SourceKinds.PublishedFigures, "r2023"),
            [Printed(2022, "category=PH", 2574, 632), Printed(2023, "category=PH", 2994, 632)], Ct);
        var list = await test.Store.ImportStaffListAsync(Source(SourceKinds.StaffList, "list"), 2023, Staff(("a", "FRA", "P-3", Sex.Female)), Ct);

        Assert.Equal([print.SourceId], list.Superseded);
        var years = (await test.Store.SourcesAsync(Ct)).ToDictionary(s => s.Id, s => string.Join(",", s.Years.Select(y => $"{y.Scope}:{y.Year}:{y.IsCurrent}")));
        Assert.Equal("staff:2022:True,staff:2023:False", years[print.SourceId]);
        Assert.Equal("staff:2023:True", years[list.SourceId]);
    }

    private static ReportTable FundingTable() => new(
        "funding-summary", "Funding requirements", 2018, new LineRange(140, 180), ["Principle 1", "Total"],
        [
            new ReportRow("Asia and the Pacific", null, RowRole.Data, CellKind.Count, 150, [new ReportCell(12.5m), new ReportCell(416_200_709m, Inferred: true)], "Regions"),
            new ReportRow("Total", null, RowRole.Total, CellKind.Count, 160, [null, new ReportCell(2_863_504_889m)]),
        ],
        [new ColumnsSum("Total", ["Principle 1"]), new RowsSum(1, [0])],
        [new UnresolvedRow(155, "1 234 5", "two readings fit")]);

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_report_s_tables_and_figures_round_trip_with_their_provenance(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        var table = FundingTable();
        var figure = new Observation("funding.requirement", 2018, DimensionKey.Parse("region=asia-and-the-pacific"), 416_200_709m,
            new Provenance(0, "mi-2018.txt", "funding-summary", 150, Inferred: true));
        var imported = await test.Store.ImportReportAsync(Source(SourceKinds.PublishedReport, "mi"), [table], [figure], [], Ct);
        var again = await test.Store.ImportReportAsync(Source(SourceKinds.PublishedReport, "mi"), [table], [figure], [], Ct);
        Assert.Equal((ImportOutcome.Imported, ImportOutcome.Unchanged, imported.SourceId), (imported.Outcome, again.Outcome, again.SourceId));

        await test.ReopenAsync();
        var stored = Assert.Single(await test.Store.ReportTablesAsync(imported.SourceId, Ct));
        Assert.Equal("mi.csv", stored.SourceName);
        Assert.Equal(ReportTableJson.Serialize(table), ReportTableJson.Serialize(stored.Table));
        Assert.Equal(new ReportCell(416_200_709m, Inferred: true), stored.Table.Rows[0].Cells[1]);
        Assert.Null(stored.Table.Rows[1].Cells[0]);
        Assert.Equal(("Regions", 150), (stored.Table.Rows[0].Section, stored.Table.Rows[0].Line));
        Assert.Equal(["ColumnsSum", "RowsSum"], stored.Table.Arithmetic.Select(a => a.GetType().Name));
        Assert.Equal(table.Unresolved, stored.Table.Unresolved);
        Assert.Empty(await test.Store.ReportTablesAsync(imported.SourceId + 1, Ct));

        var printed = Assert.Single(await test.Store.PrintedObservationsAsync(null, Ct));
        Assert.Equal((416_200_709m, "funding-summary", 150, true, "mi.csv"), (printed.Value, printed.Provenance.Location, printed.Provenance.Line, printed.Provenance.Inferred, printed.Provenance.SourceName));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_source_is_current_per_scope_so_a_funding_appeal_does_not_supersede_a_year_s_staff_figures(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        var staff = await test.Store.ImportPublishedFiguresAsync(Source(SourceKinds.PublishedFigures, "ar2018"), [Printed(2018, "category=PH", 1769, 2584)], Ct);
        var funding = await test.Store.ImportReportAsync(Source(SourceKinds.PublishedReport, "mi2018"), [],
            [new Observation("funding.requirement", 2018, DimensionKey.Empty, 2_863_504_889m, new Provenance(0, "mi", "funding-summary", 200))], [], Ct);

        Assert.Empty(funding.Superseded);
        Assert.Equal(1769, Assert.Single(await test.Store.CurrentPrintedObservationsAsync([Measures.StaffHeadcount], Ct)).Value);
        Assert.Equal(2_863_504_889m, Assert.Single(await test.Store.CurrentPrintedObservationsAsync(["funding.requirement"], Ct)).Value);
        var years = (await test.Store.SourcesAsync(Ct)).ToDictionary(s => s.Id, s => string.Join(",", s.Years.Select(y => $"{y.Scope}:{y.Year}:{y.IsCurrent}")));
        Assert.Equal("staff:2018:True", years[staff.SourceId]);
        Assert.Equal("funding:2018:True", years[funding.SourceId]);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_report_import_that_fails_half_way_writes_nothing(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        // The same table twice violates report_table's key after the observations were written: the whole import must roll back.
        var figure = new Observation("funding.requirement", 2018, DimensionKey.Empty, 1m, new Provenance(0, "mi", "funding-summary", 200));
        await Assert.ThrowsAnyAsync<Exception>(() => test.Store.ImportReportAsync(Source(SourceKinds.PublishedReport, "dup"), [FundingTable(), FundingTable()], [figure], [], Ct));
        await test.ReopenAsync();
        Assert.Empty(await test.Store.SourcesAsync(Ct));
        Assert.Empty(await test.Store.PrintedObservationsAsync(null, Ct));
        Assert.Empty(await test.Store.ReportTablesAsync(null, Ct));
    }

    [Fact]
    public void Every_kind_of_table_arithmetic_can_be_stored()
    {
        var registered = typeof(TableIdentity).GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonDerivedTypeAttribute), false)
            .Cast<System.Text.Json.Serialization.JsonDerivedTypeAttribute>().Select(a => a.DerivedType).ToHashSet();
        var kinds = typeof(TableIdentity).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(TableIdentity)) && !t.IsAbstract).ToList();
        Assert.True(kinds.Count >= 8, $"only {kinds.Count} identities found");
        Assert.All(kinds, k => Assert.True(registered.Contains(k), $"{k.Name} has no [JsonDerivedType] on TableIdentity: its tables could not be stored"));
    }
}
