using System.Globalization;
using System.Text;
using Almanac.Analytics.Query;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Observations;
using Almanac.Ingest;
using Almanac.Ingest.Observations;
using Almanac.Ingest.Platform;
using Almanac.Ingest.Reference;
using Almanac.Store;
using Almanac.Store.Facts;
using Almanac.Tests;
using static Almanac.Analytics.Tests.QueryCells;

namespace Almanac.Analytics.Tests;

/// <summary>
/// Pivot queries over the fact table with known answers: the 2023 annual report's Tables 1 and 2 (% women by year and
/// by grade, change in percentage points), and the synthetic 2023 staff list that reproduces the annexes. Every test
/// runs against DuckDB and PostgreSQL.
/// </summary>
public sealed class QueryEngineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task The_source_id_pseudo_dimension_names_the_current_import_of_each_year(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        var table1 = await FactTestData.ImportAsync(test.Store, FactTestData.Table1(), "table1.csv");
        var revised = await FactTestData.ImportAsync(test.Store, "measure,year,office,sex,value\nt1.headcount,2023,,F,1500\nt1.headcount,2023,,M,1510\n", "revised-2023.csv");

        var result = await new QueryEngine(test.Store).RunAsync(PivotQuery.Of("t1.headcount") with { Rows = ["year", QueryEngine.SourceDimension], Years = [2022, 2023] }, Ct);

        Assert.Equal([$"2022 {table1.SourceId} 2574", $"2023 {revised.SourceId} 3010"], result.Cells.Select(c => $"{c[0]} {c[1]} {c.Values[0]:0}"));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Table_1_percentages_of_women_and_their_changes_in_percentage_points_come_out_as_printed(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await FactTestData.ImportAsync(test.Store, FactTestData.Table1());
        var query = PivotQuery.Of("t1.headcount") with
        {
            Rows = ["year"],
            Columns = ["sex"],
            Years = [2019, 2020, 2021, 2022, 2023],
            Totals = true,
            Show = [new ShareOf("sex"), new PercentagePointChange("sex"), new PercentagePointChange("sex", 2021)],
        };
        var result = await new QueryEngine(test.Store).RunAsync(query, Ct);

        Assert.Equal(["year", "sex"], result.Dimensions);
        Assert.Equal(["value", "share:sex", "pp:sex", "pp:sex:2021"], result.Series);
        for (var year = 2019; year <= 2023; year++)
        {
            Assert.Equal(FactTestData.Table1Percent(year), Value(result, "share:sex", ("year", $"{year}"), ("sex", "F")));
        }
        // The totals are the parts added up (2022: 1 292 + 1 282 = 2 574), never the declared 2 575.
        Assert.Equal(2574m, Value(result, "value", ("year", "2022"), ("sex", null)));
        Assert.Equal(2994m, Value(result, "value", ("year", "2023"), ("sex", null)));
        Assert.Equal(100m, Value(result, "share:sex", ("year", "2023"), ("sex", null)));
        Assert.Equal(2m, Value(result, "pp:sex", ("year", "2020"), ("sex", "F")));
        Assert.Equal(0m, Value(result, "pp:sex", ("year", "2023"), ("sex", "F")));
        Assert.Equal(1m, Value(result, "pp:sex:2021", ("year", "2023"), ("sex", "F")));
        Assert.Null(Value(result, "pp:sex", ("year", "2019"), ("sex", "F")));
        // Only the years asked come back, though 2018 would be read for a change since the previous year.
        Assert.Equal(15, result.Cells.Count);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Table_2_percentages_of_women_by_grade_come_out_as_printed_but_where_print_contradicts_its_own_counts(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await FactTestData.ImportAsync(test.Store, FactTestData.Table2());
        var query = PivotQuery.Of("t2.headcount") with { Rows = ["grade"], Columns = ["sex"], Years = [2023], Show = [new ShareOf("sex")], Totals = true };
        var result = await new QueryEngine(test.Store).RunAsync(query, Ct);

        foreach (var (grade, printed) in FactTestData.Table2Percent())
        {
            // D-1: 21 women of 51 is 41%; the report prints 38% (D-1 and D-2 together, 27 of 72).
            Assert.Equal(grade == "D-1" ? 41m : printed, Value(result, "share:sex", ("grade", grade), ("sex", "F")));
        }
        Assert.Equal(2994m, Value(result, "value", ("grade", null), ("sex", null)));
        Assert.Equal(1492m, Value(result, "value", ("grade", null), ("sex", "F")));
        // Grades in the annexes' order (from the top down), the total last.
        var grades = result.Cells.Select(c => c.Members[0]).Distinct().ToList();
        Assert.Equal(["E-1", "E-2", "D-2", "D-1", "P-5", "P-4", "P-3", "P-2", "P-1", "UG", null], grades);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task The_synthetic_2023_staff_list_gives_the_annex_percentages_of_women_with_category_subtotals(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await FactTestData.ImportSyntheticStaff2023Async(test.Store, Ct);
        var engineForStore = new QueryEngine(test.Store);

        var byGrade = await engineForStore.RunAsync(PivotQuery.Of(Measures.StaffHeadcount) with
        {
            Rows = ["category", "grade"],
            Columns = ["sex"],
            Years = [2023],
            Where = new Dictionary<string, IReadOnlyList<string>> { ["category"] = ["PH"] },
            Totals = true,
            Show = [new ShareOf("sex")],
        }, Ct);
        // As the annex prints them (Table 2, 2023), and where the annex differs from print, as the annex engine produces them.
        var expected = new Dictionary<string, decimal>(FactTestData.Table2Percent()) { ["D-1"] = 40, ["D-2"] = 30, ["E-2"] = 100, ["E-1"] = 100 };
        foreach (var (grade, percent) in expected)
        {
            Assert.Equal(percent, Value(byGrade, "share:sex", ("category", "PH"), ("grade", grade), ("sex", "F")));
        }
        Assert.Equal(2994m, Value(byGrade, "value", ("category", "PH"), ("grade", null), ("sex", null)));
        Assert.Equal(1492m, Value(byGrade, "value", ("category", "PH"), ("grade", null), ("sex", "F")));
        Assert.Equal(50m, Value(byGrade, "share:sex", ("category", null), ("grade", null), ("sex", "F")));

        // Top 5 nationalities of Professional staff, the rest as Others: together the whole.
        var top = await engineForStore.RunAsync(PivotQuery.Of(Measures.StaffHeadcount) with
        {
            Rows = ["nationality"],
            Years = [2023],
            Where = new Dictionary<string, IReadOnlyList<string>> { ["category"] = ["PH"] },
            Top = new TopN("nationality", 5),
        }, Ct);
        Assert.Equal(6, top.Cells.Count);
        Assert.Equal(TopN.Others, top.Cells[^1].Members[0]);
        Assert.Equal(2994m, top.Cells.Sum(c => c.Values[0]));
        // Ranked: largest first, then Others.
        Assert.Equal(top.Cells.Take(5).Select(c => c.Values[0]).OrderDescending(), top.Cells.Take(5).Select(c => c.Values[0]));
        Assert.Equal("nationality", top.Ranking?.Dimension);

        // Every nationality rolls up to its UN M49 region (the pseudo-nationalities to Unassigned): the regions add up to the whole.
        var whole = await engineForStore.RunAsync(PivotQuery.Of(Measures.StaffHeadcount) with { Years = [2023] }, Ct);
        var byRegion = await engineForStore.RunAsync(PivotQuery.Of(Measures.StaffHeadcount) with
        {
            Rows = ["nationality.region"],
            Columns = ["sex"],
            Years = [2023],
            Totals = true,
        }, Ct);
        var regions = byRegion.Cells.Where(c => c.Members[0] is not null && c.Members[1] is null).ToList();
        Assert.Subset(new HashSet<string?>(["Africa", "Americas", "Asia", "Europe", "Oceania", Hierarchies.Unassigned]), regions.Select(c => c.Members[0]).ToHashSet());
        Assert.True(regions.Count >= 5, $"only {regions.Count} regions");
        Assert.Equal(whole.Cells.Single().Values[0], regions.Sum(c => c.Values[0]));
        Assert.Equal(whole.Cells.Single().Values[0], Value(byRegion, "value", ("nationality.region", null), ("sex", null)));
        // A region as a filter keeps its nationalities: Europe's Professional staff, by filter or by cell, agree.
        var europe = await engineForStore.RunAsync(PivotQuery.Of(Measures.StaffHeadcount) with
        {
            Years = [2023],
            Where = new Dictionary<string, IReadOnlyList<string>> { ["nationality.region"] = ["Europe"], ["category"] = ["PH"] },
        }, Ct);
        var phByRegion = await engineForStore.RunAsync(PivotQuery.Of(Measures.StaffHeadcount) with
        {
            Rows = ["category", "region"],
            Years = [2023],
        }, Ct);
        Assert.Equal(Value(phByRegion, "value", ("category", "PH"), ("region", "Europe")), europe.Cells.Single().Values[0]);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Countries_roll_up_to_their_M49_regions_and_sub_regions_with_sub_totals(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await test.Store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), Ct);
        await FactTestData.ImportAsync(test.Store, """
            measure,year,office,nationality,sex,value
            x.staff,2023,,FRA,F,3
            x.staff,2023,,FRA,M,2
            x.staff,2023,,DEU,F,4
            x.staff,2023,,KEN,M,7
            x.staff,2023,,XXX,F,1
            x.staff,2023,,,F,100
            """);
        var engineForStore = new QueryEngine(test.Store);
        var result = await engineForStore.RunAsync(PivotQuery.Of("x.staff") with
        {
            Rows = ["nationality.region", "nationality"],
            Columns = ["sex"],
            Years = [2023],
            Totals = true,
        }, Ct);

        Assert.Equal(["nationality.region", "nationality", "sex"], result.Dimensions);
        Assert.Equal(9m, Value(result, "value", ("nationality.region", "Europe"), ("nationality", null), ("sex", null)));
        Assert.Equal(7m, Value(result, "value", ("nationality.region", "Europe"), ("nationality", null), ("sex", "F")));
        Assert.Equal(5m, Value(result, "value", ("nationality.region", "Europe"), ("nationality", "FRA"), ("sex", null)));
        Assert.Equal(7m, Value(result, "value", ("nationality.region", "Africa"), ("nationality", null), ("sex", null)));
        // The unspecified nationality has no region: counted apart, never taken for the total.
        Assert.Equal(1m, Value(result, "value", ("nationality.region", Hierarchies.Unassigned), ("nationality", null), ("sex", null)));
        // The declared total (100) is not added to its parts.
        Assert.Equal(17m, Value(result, "value", ("nationality.region", null), ("nationality", null), ("sex", null)));

        // A bare level names the one country dimension the measure has; a filter on a region keeps its countries.
        var bySubRegion = await engineForStore.RunAsync(PivotQuery.Of("x.staff") with
        {
            Rows = ["subregion"],
            Years = [2023],
            Where = new Dictionary<string, IReadOnlyList<string>> { ["region"] = ["Europe", "Africa"] },
        }, Ct);
        Assert.Equal(["subregion", "value"], [bySubRegion.Dimensions[0], bySubRegion.Series[0]]);
        Assert.Equal(9m, Value(bySubRegion, "value", ("subregion", "Western Europe")));
        Assert.Equal(7m, Value(bySubRegion, "value", ("subregion", "Sub-Saharan Africa")));
        Assert.Equal(2, bySubRegion.Cells.Count);

        var error = await Assert.ThrowsAsync<AlmanacException>(() => engineForStore.RunAsync(PivotQuery.Of("x.staff") with { Rows = ["sex.region"] }, Ct));
        Assert.Contains("nationality.region", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Offices_roll_up_to_their_regional_offices_from_the_platforms_office_list(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await FactTestData.ImportAsync(test.Store, """
            measure,year,office,sex,value
            ops.cases,2023,CO-AFG,F,10
            ops.cases,2023,CO-AFG,M,5
            ops.cases,2023,CO-BGD,F,4
            ops.cases,2023,CO-UKR,M,7
            ops.cases,2023,RO-VIE,F,1
            ops.cases,2023,HQ,F,2
            ops.cases,2023,CO-ZZZ,F,3
            ops.cases,2023,,F,999
            """);
        var byRegion = PivotQuery.Of("ops.cases") with { Rows = ["office.region", "office"], Years = [2023], Totals = true };

        // Before the platform's offices are in the store, no office has a known region.
        var before = await new QueryEngine(test.Store).RunAsync(byRegion, Ct);
        Assert.Equal(32m, Value(before, "value", ("office.region", Hierarchies.Unassigned), ("office", null)));

        // The offices of data/platform/offices.csv: Afghanistan and Bangladesh report to Bangkok, Ukraine to Vienna.
        using (var offices = new StreamReader(EmbeddedData.Open("platform/offices.csv")))
        {
            await ((IPlatformStore)test.Store).ImportOfficesAsync(PlatformFiles.ReadOffices("offices.csv", offices), new Change("test", DateTimeOffset.UnixEpoch), Ct);
        }
        var engineForStore = new QueryEngine(test.Store);
        var result = await engineForStore.RunAsync(byRegion, Ct);
        Assert.Equal(19m, Value(result, "value", ("office.region", "RO-BKK"), ("office", null)));
        Assert.Equal(15m, Value(result, "value", ("office.region", "RO-BKK"), ("office", "CO-AFG")));
        // A regional office is its own region; headquarters is its own, as the platform's results group them.
        Assert.Equal(8m, Value(result, "value", ("office.region", "RO-VIE"), ("office", null)));
        Assert.Equal(2m, Value(result, "value", ("office.region", "HQ"), ("office", null)));
        // An office the platform does not know is counted apart; the declared total over all offices is not added.
        Assert.Equal(3m, Value(result, "value", ("office.region", Hierarchies.Unassigned), ("office", "CO-ZZZ")));
        Assert.Equal(32m, Value(result, "value", ("office.region", null), ("office", null)));

        var bangkok = await engineForStore.RunAsync(PivotQuery.Of("ops.cases") with
        {
            Columns = ["sex"],
            Years = [2023],
            Where = new Dictionary<string, IReadOnlyList<string>> { ["office.region"] = ["RO-BKK"] },
        }, Ct);
        Assert.Equal(14m, Value(bangkok, "value", ("sex", "F")));
        Assert.Equal(5m, Value(bangkok, "value", ("sex", "M")));

        // The same lookup a rule's selection uses: the children of a parent member, as codes of the office column.
        var catalog = await test.Store.FactCatalogAsync(Ct);
        var levels = await HierarchyLevels.LoadAsync(test.Store, catalog, Ct);
        var level = levels.Find(catalog.Measure("ops.cases")!, "office.region")!;
        Assert.Equal((Hierarchies.Office, FactColumn.Office), (level.Child, level.Column));
        Assert.Equal(["CO-AFG", "CO-BGD"], level.ChildrenOf(["RO-BKK"]).Select(code => catalog.MembersOf("office").Single(m => m.Code == code).Name).Order(StringComparer.Ordinal));
        // A bare "region" is never the office's: this measure has no country dimension.
        Assert.Null(levels.Find(catalog.Measure("ops.cases")!, "region"));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_grades_category_is_one_lookup_for_queries_and_rules(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await FactTestData.ImportAsync(test.Store, FactTestData.Table2());
        var catalog = await test.Store.FactCatalogAsync(Ct);
        var measure = catalog.Measure("t2.headcount")!;
        var levels = await HierarchyLevels.LoadAsync(test.Store, catalog, Ct);
        var bare = levels.Find(measure, "category")!;
        var named = levels.Find(measure, "grade.category")!;
        Assert.Equal(("grade", FactColumns.Slot(measure.SlotOf("grade")!.Value)), (bare.Child, bare.Column));
        Assert.Equal(bare.Parents, named.Parents);
        // Professional and higher: every grade of Table 2 but the ungraded.
        var professional = bare.ChildrenOf(["PH"]).Select(code => catalog.MembersOf("grade").Single(m => m.Code == code).Name).ToHashSet();
        Assert.Equal(new HashSet<string>(["E-1", "E-2", "D-2", "D-1", "P-5", "P-4", "P-3", "P-2", "P-1"]), professional);
        Assert.Equal(Hierarchies.Unassigned, bare.ParentOf(catalog.MembersOf("grade").Single(m => m.Name == "UG").Code));
        Assert.Null(levels.Find(measure, "sex"));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Year_over_year_changes_ratios_between_measures_and_offices(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await FactTestData.ImportAsync(test.Store, """
            measure,year,office,sex,value
            ops.cases,2022,KEN,F,10
            ops.cases,2023,KEN,F,15
            ops.cases,2023,KEN,M,5
            ops.cases,2023,UGA,F,4
            ops.cases,2023,,F,999
            ops.staff,2023,KEN,F,5
            ops.staff,2023,KEN,M,5
            ops.staff,2023,UGA,F,2
            """);
        var result = await new QueryEngine(test.Store).RunAsync(PivotQuery.Of("ops.cases", "ops.staff") with
        {
            Rows = ["office"],
            Years = [2023],
            Totals = true,
            Show = [new YearOverYear(false), new YearOverYear(true), new RatioTo("ops.staff")],
        }, Ct);
        Assert.Equal(["office", "measure", "year"], result.Dimensions);
        Assert.Equal(20m, Value(result, "value", ("office", "KEN"), ("measure", "ops.cases")));
        Assert.Equal(10m, Value(result, "yoy", ("office", "KEN"), ("measure", "ops.cases")));
        Assert.Equal(100m, Value(result, "yoy%", ("office", "KEN"), ("measure", "ops.cases")));
        Assert.Equal(2m, Value(result, "ratio:ops.staff", ("office", "KEN"), ("measure", "ops.cases")));
        Assert.Equal(2m, Value(result, "ratio:ops.staff", ("office", "UGA"), ("measure", "ops.cases")));
        // The declared total for all offices (999) is not added to the offices.
        Assert.Equal(24m, Value(result, "value", ("office", null), ("measure", "ops.cases")));
        Assert.Null(Value(result, "yoy", ("office", "UGA"), ("measure", "ops.cases")));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_bad_cell_names_file_line_column_and_value_and_nothing_is_written(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await test.Store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), Ct);
        var cases = new (string Csv, long Line, string Column, string Value)[]
        {
            ("measure,year,office,sex,value\nm,2023,,F,1\nm,2023,,M,1\nm,2023,,F,12;5\n", 4, "value", "12;5"),
            ("measure,year,office,grade,value\nm,2023,,P-5,1\nm,2023,,P-9,1\n", 3, "grade", "P-9"),
            ("measure,year,office,nationality,value\nm,2023,,FRA,1\nm,2023,,XYZ,1\n", 3, "nationality", "XYZ"),
            ("measure,year,office,sex,value\nm,2023,,F,1\nm,20x3,,M,1\n", 3, "year", "20x3"),
            ("measure,year,office,sex,value\nm,2023,,F,1\nm,2023,,X,1\n", 3, "sex", "X"),
            // Cells are trimmed of spaces; a tab at a cell's edge is refused rather than read one way by one engine and another by the other.
            ("measure,year,office,sex,value\nm,2023, KEN ,F,1\nm,2023,\tKEN,M,1\n", 3, "office", "\tKEN"),
            // The first value the fact table's DECIMAL(18,4) cannot hold (InputLimits.FactValueLimit).
            ("measure,year,office,sex,value\nm,2023,,F,99999999999999.9999\nm,2023,,M,100000000000000\n", 3, "value", "100000000000000"),
            // Only a cell longer than 14 characters can reach the limit: the longest below it (leading zeros, a sign) are read, the first above it refused.
            ("measure,year,office,sex,value\nm,2023,,F,-000000099999999999999.5\nm,2022,,F,-9999999999999\nm,2023,,M,-100000000000000.0\n", 4, "value", "-100000000000000.0"),
        };
        foreach (var (csv, line, column, value) in cases)
        {
            var error = await Assert.ThrowsAsync<InputException>(() => FactTestData.ImportAsync(test.Store, csv, "bad.csv"));
            Assert.Equal(("bad.csv", line, column, value), (error.File, error.Line, error.Column, error.Value));
        }
        // A value of tens of kilobytes (a line may hold no more) is named, but the message repeats only its start, with its length.
        var huge = new string('9', InputLimits.MaxObservationLineBytes - 100);
        var cut = await Assert.ThrowsAsync<InputException>(() => FactTestData.ImportAsync(test.Store, $"measure,year,office,sex,value\nm,2023,,F,{huge}\n", "bad.csv"));
        Assert.Equal(huge, cut.Value);
        Assert.Equal($"bad.csv, line 2, column 'value', value '{huge[..InputLimits.MaxEchoedValueLength]}…' ({huge.Length} characters): "
            + "a value is a number with '.' as the decimal separator (no thousands separator), below 10^14", cut.Message);
        var header = await Assert.ThrowsAsync<InputException>(() => FactTestData.ImportAsync(test.Store, "measure,year,sex,value\n", "bad.csv"));
        Assert.Equal(1, header.Line);
        Assert.Empty(await test.Store.SourcesAsync(Ct));
        Assert.Empty((await test.Store.FactCatalogAsync(Ct)).Measures);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Every_way_CSV_spells_a_line_loads_the_same_facts_on_every_engine(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        // A byte-order mark, CRLF line ends, an empty line, cells padded with spaces, quoted cells that hold a comma or
        // doubled quotes (padded too), a sign, a lone decimal point either side, an accented member, no end to the last line.
        const string csv = "\uFEFFmeasure,year,office,region,value\r\n"
            + "m,2023,KEN,\"East, Horn\",10\r\n"
            + "\r\n"
            + "  m , 2023 ,  KEN ,  West  , +5 \r\n"
            + "m,2023,UGA, \"Lake \"\"Victoria\"\"\" ,.5\r\n"
            + "m,2023,UGA,Côte,2.\r\n"
            + "m,2023,ETH,Nord,-0.25";
        var imported = await FactTestData.ImportAsync(test.Store, csv);
        Assert.Equal(5, imported.RowCount);
        var result = await new QueryEngine(test.Store).RunAsync(PivotQuery.Of("m") with { Rows = ["office", "region"], Years = [2023] }, Ct);
        Assert.Equal(10m, Value(result, "value", ("office", "KEN"), ("region", "East, Horn")));
        Assert.Equal(5m, Value(result, "value", ("office", "KEN"), ("region", "West")));
        Assert.Equal(0.5m, Value(result, "value", ("office", "UGA"), ("region", "Lake \"Victoria\"")));
        Assert.Equal(2m, Value(result, "value", ("office", "UGA"), ("region", "Côte")));
        Assert.Equal(-0.25m, Value(result, "value", ("office", "ETH"), ("region", "Nord")));
        var catalog = await test.Store.FactCatalogAsync(Ct);
        Assert.Equal(["Côte", "East, Horn", "Lake \"Victoria\"", "Nord", "West"], catalog.MembersOf("region").Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["ETH", "KEN", "UGA"], catalog.MembersOf("office").Select(m => m.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task The_same_file_again_changes_nothing_and_a_new_file_for_a_year_supersedes_the_old(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        var first = await FactTestData.ImportAsync(test.Store, "measure,year,office,sex,value\nx.m,2023,,F,1\nx.m,2024,,F,1\n");
        Assert.Equal((ImportOutcome.Imported, 2L), (first.Outcome, first.RowCount));
        var again = await FactTestData.ImportAsync(test.Store, "measure,year,office,sex,value\nx.m,2023,,F,1\nx.m,2024,,F,1\n");
        Assert.Equal((ImportOutcome.Unchanged, first.SourceId), (again.Outcome, again.SourceId));
        var second = await FactTestData.ImportAsync(test.Store, "measure,year,office,sex,value\nx.m,2024,,F,7\n");
        Assert.Equal([first.SourceId], second.Superseded);
        var result = await new QueryEngine(test.Store).RunAsync(PivotQuery.Of("x.m") with { Rows = ["year"] }, Ct);
        Assert.Equal([1m, 7m], result.Cells.Select(c => c.Values[0]));
    }

    /// <summary>
    /// A file of several megabytes, which PostgreSQL's load reads in parts on several threads (FilePart, 4 MB at least
    /// each): members and a measure first met in the later part, quoted cells, every line counted once with its own
    /// codes; a bad value or a byte that is not UTF-8 in the later part is still named by its line in the whole file,
    /// and nothing is written.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_file_read_in_parts_loads_every_line_once_and_names_a_bad_line_of_a_later_part(string engine)
    {
        await using var test = await TestStores.CreateAsync(engine);
        const int Lines = 400_000;
        var expected = new Dictionary<(string Measure, string Office), decimal>();
        var text = new StringBuilder("measure,year,office,sex,value\n");
        for (var k = 0; k < Lines; k++)
        {
            // The later half brings offices OF40–OF59 and the measure "late", so the parts number them differently.
            var measure = k < Lines / 2 || k % 2 == 0 ? "early" : "late";
            var office = k < Lines / 2 ? $"OF{k % 40:00}" : $"OF{k % 40 + 20:00}";
            var (year, value) = (2000 + (k % 10), k % 1000 / 4m);
            var cell = k % 997 == 0 ? $"\"{office}\"" : office;
            text.Append(CultureInfo.InvariantCulture, $"{measure},{year},{cell},{(k % 2 == 0 ? "F" : "M")},{value}\n");
            if (year == 2003) expected[(measure, office)] = expected.GetValueOrDefault((measure, office)) + value;
        }
        Assert.True(text.Length > 8 << 20, "the file is large enough to be read in two parts of 4 MB");
        var imported = await FactTestData.ImportAsync(test.Store, text.ToString(), "parts.csv");
        Assert.Equal(Lines, imported.RowCount);
        foreach (var measure in new[] { "early", "late" })
        {
            var result = await new QueryEngine(test.Store).RunAsync(PivotQuery.Of(measure) with { Rows = ["office"], Years = [2003] }, Ct);
            var sums = expected.Where(e => e.Key.Measure == measure).ToList();
            Assert.Equal(sums.Count, result.Cells.Count);
            foreach (var ((_, office), sum) in sums) Assert.Equal(sum, Value(result, "value", ("office", office)));
        }
        var catalog = await test.Store.FactCatalogAsync(Ct);
        Assert.Equal(60, catalog.MembersOf("office").Count);
        Assert.Equal(["early", "late"], catalog.Measures.Select(m => m.Name).Order(StringComparer.Ordinal));

        var directory = Directory.CreateTempSubdirectory("almanac-parts-");
        try
        {
            var lines = text.ToString().Split('\n');
            var badLine = Lines - 1000;
            var path = Path.Combine(directory.FullName, "bad.csv");
            var before = Encoding.UTF8.GetBytes(string.Join('\n', lines[..(badLine - 1)]) + "\n");
            var after = Encoding.UTF8.GetBytes("\n" + string.Join('\n', lines[badLine..]));
            foreach (var (bad, column, value, problem) in new (byte[], string?, string?, string)[]
            {
                (Encoding.UTF8.GetBytes("early,2003,OF41,F,12;5"), "value", "12;5", "a value is a number"),
                // A lone byte 0xFF is never UTF-8.
                ([.. Encoding.UTF8.GetBytes("early,2003,OF41,F,1"), 0xFF], null, null, "not UTF-8 text"),
            })
            {
                await File.WriteAllBytesAsync(path, [.. before, .. bad, .. after], Ct);
                var error = await Assert.ThrowsAsync<InputException>(() => new ObservationImporter(test.Store, TimeProvider.System).ImportAsync(path, Ct));
                Assert.Equal(("bad.csv", (long?)badLine, column, value), (error.File, error.Line, error.Column, error.Value));
                Assert.Contains(problem, error.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            directory.Delete(true);
        }
        Assert.Equal([imported.SourceId], (await test.Store.SourcesAsync(Ct)).Select(s => s.Id));
    }
}
