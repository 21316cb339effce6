using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Almanac.Domain;
using Almanac.Ingest.Dhis2;
using Almanac.Store;
using Almanac.Store.Facts;
using Almanac.Tests;

namespace Almanac.Web.Tests;

/// <summary>
/// DHIS2 data value sets (JSON, CSV) and ADX both ways, on both engines: a store's figures exported and imported into a new
/// store give the same facts; the documents use DHIS2's field names and ADX validates against the shared schema; an import
/// counts imported, updated and ignored values as DHIS2 does, a dry run writes nothing, and a bad file or an unmapped code
/// is named (line, field, value) with nothing written; over HTTP, editors exchange and a focal point is refused.
/// </summary>
public sealed class Dhis2Tests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A mapping of the synthetic 2023 staff list (staff.headcount at its finest grain) and of the 2023 report's Table 2
    /// (t2.headcount by grade, with sex as the attribute option combo, and the printed totals as the options of totals).
    /// </summary>
    private const string TestMapping = """
        org-units:
          organization: IOM
        categories:
          category: {category: STAFF_CATEGORY, options: {GS: GS, PH: PH}}
          grade: {category: GRADE, other-options: same-code, total: ALLGRADES}
          nationality: {category: NATIONALITY, other-options: same-code}
          sex: {category: SEX, options: {F: FEMALE, M: MALE}, total: BOTHSEXES}
        data-elements:
          - {measure: staff.headcount, data-element: STAFF_HEADCOUNT, categories: [category, grade, nationality, sex]}
          - {measure: t2.headcount, data-element: T2_HEADCOUNT, categories: [grade], attributes: [sex]}
        """;

    private static Dhis2Mapping Mapping() => Dhis2Mapping.Read("test-mapping.yaml", TestMapping);

    private static readonly Change Tester = new("test", DateTimeOffset.UnixEpoch);

    /// <summary>A store with the synthetic 2023 staff list and Table 2; returns the staff list's size.</summary>
    private static async Task<int> FillAsync(IAlmanacStore store)
    {
        var staff = await FactTestData.ImportSyntheticStaff2023Async(store, Ct);
        await FactTestData.ImportAsync(store, FactTestData.Table2(), "table2.csv");
        return staff.Count;
    }

    /// <summary>A new store with the reference data, as an import would find it.</summary>
    private static async Task<TestStore> EmptyAsync(string engine)
    {
        var store = await TestStores.CreateAsync(engine);
        await store.Store.ReplaceReferenceDataAsync(Ingest.Reference.ReferenceDataReader.ReadEmbedded(), Ct);
        return store;
    }

    /// <summary>Every current fact of a year, decoded by the store's own aggregation (not by the DHIS2 code): "measure|office|dimension=member…|value".</summary>
    private static async Task<List<string>> FactsAsync(IAlmanacStore store, int year)
    {
        var catalog = await store.FactCatalogAsync(Ct);
        var facts = new List<string>();
        foreach (var measure in catalog.Measures)
        {
            var columns = new List<FactColumn> { FactColumn.Office };
            columns.AddRange(measure.Dimensions.Select((_, i) => FactColumns.Slot(i + 1)));
            foreach (var row in await store.AggregateFactsAsync(new FactAggregation([measure.Id], [year], columns, [], [new FactSum([])]), Ct))
            {
                string Name(string dimension, int code) => code == 0 ? "total" : catalog.MembersOf(dimension).Single(m => m.Code == code).Name;
                facts.Add($"{measure.Name}|{Name("office", row.Keys[0])}|{string.Join('|', measure.Dimensions.Select((d, i) => d + "=" + Name(d, row.Keys[i + 1])))}|{row.Sums[0]}");
            }
        }
        facts.Sort(StringComparer.Ordinal);
        return facts;
    }

    private static Task<Dhis2ImportSummary> ImportAsync(IAlmanacStore store, string name, byte[] content, bool dryRun = false, Dhis2Mapping? mapping = null) =>
        ImportWithViewAsync(store, name, content, dryRun, mapping ?? Mapping());

    private static async Task<Dhis2ImportSummary> ImportWithViewAsync(IAlmanacStore store, string name, byte[] content, bool dryRun, Dhis2Mapping mapping) =>
        await Dhis2Exchange.ImportAsync(name, content, Dhis2DataValues.Detect(name, content), mapping, await Dhis2StoreView.ReadAsync(store, Ct), dryRun, Tester.At,
            (source, values, dry) => store.ImportFactValuesAsync(source, values, dry, Tester, Ct));

    private static async Task<byte[]> ExportAsync(IAlmanacStore store, Dhis2Format format, Dhis2Mapping? mapping = null)
    {
        var export = await Dhis2Exchange.ExportAsync(store, mapping ?? Mapping(), 2023, null, Ct);
        Assert.Empty(export.LeftOut);
        return Dhis2DataValues.Write(export.Values, format, DateTimeOffset.UnixEpoch);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Json_csv_and_adx_exported_and_imported_into_a_new_store_give_the_same_facts(string engine)
    {
        await using var from = await TestStores.CreateAsync(engine);
        var staff = await FillAsync(from.Store);
        var expected = await FactsAsync(from.Store, 2023);
        // Every staff member of the list is one headcount; Table 2 prints 63 women at P-5 in 2023.
        Assert.Equal(staff, expected.Where(f => f.StartsWith("staff.headcount|", StringComparison.Ordinal)).Sum(f => decimal.Parse(f.Split('|')[^1], CultureInfo.InvariantCulture)));
        Assert.Contains("t2.headcount|total|grade=P-5|sex=F|63", expected);

        foreach (var (format, name) in new[] { (Dhis2Format.Json, "values.json"), (Dhis2Format.Csv, "values.csv"), (Dhis2Format.Adx, "values.xml") })
        {
            var file = await ExportAsync(from.Store, format);
            await using var to = await EmptyAsync(engine);
            var summary = await ImportAsync(to.Store, name, file);
            Assert.Empty(summary.Conflicts);
            Assert.Equal(expected.Count, summary.Imported);
            Assert.Equal((0, 0), (summary.Updated, summary.Ignored));
            Assert.Equal(expected, await FactsAsync(to.Store, 2023));

            // The same file again: every value is there already, nothing is written (no new source).
            var sources = (await to.Store.SourcesAsync(Ct)).Count;
            var again = await ImportAsync(to.Store, name, file);
            Assert.Equal((0, 0, expected.Count), (again.Imported, again.Updated, again.Ignored));
            Assert.Null(again.SourceId);
            Assert.Equal(sources, (await to.Store.SourcesAsync(Ct)).Count);
        }
    }

    [Fact]
    public async Task Json_and_csv_data_value_sets_use_the_field_names_and_column_order_dhis2_documents()
    {
        await using var store = await TestStores.CreateAsync("duckdb");
        await FillAsync(store.Store);

        // DHIS2 Developer Manual, Web API, Data values: a data value set's dataValues, each with these fields.
        var json = JsonDocument.Parse(await ExportAsync(store.Store, Dhis2Format.Json)).RootElement;
        Assert.Equal(["dataValues"], json.EnumerateObject().Select(p => p.Name));
        var values = json.GetProperty("dataValues").EnumerateArray().ToList();
        Assert.All(values, v => Assert.Equal(["dataElement", "period", "orgUnit", "categoryOptionCombo", "attributeOptionCombo", "value"], v.EnumerateObject().Select(p => p.Name)));
        var women = values.Single(v => v.GetProperty("dataElement").GetString() == "T2_HEADCOUNT" && v.GetProperty("categoryOptionCombo").GetString() == "P-5"
            && v.GetProperty("attributeOptionCombo").GetString() == "FEMALE");
        Assert.Equal(("2023", "IOM", "63"), (women.GetProperty("period").GetString(), women.GetProperty("orgUnit").GetString(), women.GetProperty("value").GetString()));
        // A figure without attributes has DHIS2's default attribute option combo.
        Assert.Contains(values, v => v.GetProperty("dataElement").GetString() == "STAFF_HEADCOUNT" && v.GetProperty("attributeOptionCombo").GetString() == "default");

        // The CSV's columns in DHIS2's order: data element, period, organisation unit, category option combo, attribute option combo, value.
        var lines = Encoding.UTF8.GetString(await ExportAsync(store.Store, Dhis2Format.Csv)).TrimEnd('\n').Split('\n');
        Assert.Equal("dataelement,period,orgunit,catoptcombo,attroptcombo,value", lines[0]);
        Assert.Contains("T2_HEADCOUNT,2023,IOM,P-5,FEMALE,63", lines);
        Assert.Equal(values.Count, lines.Length - 1);
    }

    [Fact]
    public async Task An_adx_export_is_valid_against_the_shared_adx_schema()
    {
        var schemas = SharedSchemas.Load("reference/adx/schema/adx_loose.xsd", Dhis2DataValues.AdxNamespace);
        List<string> Problems(byte[] document) => SharedSchemas.Problems(document, schemas);

        await using var store = await TestStores.CreateAsync("duckdb");
        await FillAsync(store.Store);
        var adx = await ExportAsync(store.Store, Dhis2Format.Adx);
        Assert.Empty(Problems(adx));
        var root = XDocument.Load(new MemoryStream(adx)).Root!;
        XNamespace ns = Dhis2DataValues.AdxNamespace;
        Assert.Equal(ns + "adx", root.Name);
        // Table 2's women: a group per attribute option (SEX), its period the year as an SDMX time range.
        var women = root.Elements(ns + "group").Single(g => (string?)g.Attribute("SEX") == "FEMALE");
        Assert.Equal(("IOM", "2023-01-01/P1Y"), ((string?)women.Attribute("orgUnit"), (string?)women.Attribute("period")));
        Assert.Contains(women.Elements(ns + "dataValue"), v => (string?)v.Attribute("GRADE") == "P-5" && (string?)v.Attribute("value") == "63");
        // The printed totals over sex: the mapping's option of the total.
        Assert.Contains(root.Elements(ns + "group"), g => (string?)g.Attribute("SEX") == "BOTHSEXES" && g.Elements(ns + "dataValue").Any(v => (string?)v.Attribute("GRADE") == "P-5" && (string?)v.Attribute("value") == "152"));

        // The validation can fail: a group without its period is refused by the same schema.
        var broken = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(adx).Replace(" period=\"2023-01-01/P1Y\"", "", StringComparison.Ordinal));
        Assert.NotEmpty(Problems(broken));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task An_import_counts_imported_updated_and_ignored_values_and_a_dry_run_writes_nothing(string engine)
    {
        await using var store = await TestStores.CreateAsync(engine);
        await FillAsync(store.Store);
        var before = await FactsAsync(store.Store, 2023);
        var lines = Encoding.UTF8.GetString(await ExportAsync(store.Store, Dhis2Format.Csv)).TrimEnd('\n').Split('\n').ToList();
        var women = lines.FindIndex(l => l == "T2_HEADCOUNT,2023,IOM,P-5,FEMALE,63");
        lines[women] = "T2_HEADCOUNT,2023,IOM,P-5,FEMALE,64";
        // A combination the store does not hold: a new value.
        Assert.DoesNotContain(lines, l => l.StartsWith("STAFF_HEADCOUNT,2023,IOM,PH_E-2_ISL_FEMALE,", StringComparison.Ordinal));
        lines.Add("STAFF_HEADCOUNT,2023,IOM,PH_E-2_ISL_FEMALE,default,1");
        var file = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        var sources = (await store.Store.SourcesAsync(Ct)).Count;

        var dry = await ImportAsync(store.Store, "changed.csv", file, dryRun: true);
        Assert.Equal((1, 1, lines.Count - 3), (dry.Imported, dry.Updated, dry.Ignored));
        Assert.Null(dry.SourceId);
        Assert.Equal(before, await FactsAsync(store.Store, 2023));
        Assert.Equal(sources, (await store.Store.SourcesAsync(Ct)).Count);

        var done = await ImportAsync(store.Store, "changed.csv", file);
        Assert.Equal((1, 1, lines.Count - 3), (done.Imported, done.Updated, done.Ignored));
        // Exactly the two changes; every other figure of both scopes is carried forward.
        var expected = before.Select(f => f == "t2.headcount|total|grade=P-5|sex=F|63" ? "t2.headcount|total|grade=P-5|sex=F|64" : f)
            .Append("staff.headcount|total|category=PH|grade=E-2|nationality=ISL|sex=F|1").Order(StringComparer.Ordinal);
        Assert.Equal(expected, await FactsAsync(store.Store, 2023));
        var newSource = (await store.Store.SourcesAsync(Ct)).Single(s => s.Id == done.SourceId);
        Assert.Equal(SourceKinds.Dhis2, newSource.Kind);
        Assert.Equal(2, done.Superseded.Count);
        var audit = await store.Platform.AuditAsync(new AuditQuery(null, "test", 10), Ct);
        Assert.Contains(audit, a => a.Entity == $"source {done.SourceId}" && a.NewValue!.Contains("1 imported, 1 updated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unmapped_codes_and_bad_values_are_conflicts_naming_the_line_the_field_and_the_value_and_nothing_is_written()
    {
        await using var store = await TestStores.CreateAsync("duckdb");
        await FillAsync(store.Store);
        var before = await FactsAsync(store.Store, 2023);
        var csv = """
            dataelement,period,orgunit,catoptcombo,attroptcombo,value
            T2_HEADCOUNT,2023,IOM,P-5,FEMALE,10
            NO_SUCH_ELEMENT,2023,IOM,P-5,FEMALE,10
            T2_HEADCOUNT,2023,CO-NOWHERE,P-5,FEMALE,10
            T2_HEADCOUNT,2023,IOM,P-9,FEMALE,10
            T2_HEADCOUNT,2023,IOM,P-5,UNKNOWNSEX,10
            T2_HEADCOUNT,202301,IOM,P-5,MALE,10
            T2_HEADCOUNT,2023,IOM,P-4,MALE,"1,5"
            STAFF_HEADCOUNT,2023,IOM,PH_P-5_ZZZ_FEMALE,default,1
            T2_HEADCOUNT,2023,IOM,P-5,FEMALE,11
            """;
        var summary = await ImportAsync(store.Store, "bad.csv", Encoding.UTF8.GetBytes(csv));
        Assert.Equal("ERROR", summary.Status);
        Assert.Equal((0, 0, 9), (summary.Imported, summary.Updated, summary.Ignored));
        var conflicts = summary.Conflicts.Select(c => $"{c.Where}|{c.Subject}|{c.Value}").ToList();
        Assert.Equal(
            ["line 3|dataElement|NO_SUCH_ELEMENT", "line 4|orgUnit|CO-NOWHERE", "line 5|GRADE|P-9", "line 6|SEX|UNKNOWNSEX", "line 7|period|202301", "line 8|value|1,5",
             "line 9|NATIONALITY|ZZZ", "line 10|dataValue|11"], conflicts);
        Assert.All(summary.Conflicts, c => Assert.False(string.IsNullOrWhiteSpace(c.Reason)));
        Assert.Contains("not a grade code", summary.Conflicts.Single(c => c.Subject == "GRADE").Reason, StringComparison.Ordinal);
        Assert.Contains("first at line 2", summary.Conflicts.Single(c => c.Subject == "dataValue").Reason, StringComparison.Ordinal);
        var json = JsonDocument.Parse(summary.ToJson()).RootElement;
        Assert.Equal(["imported", "updated", "ignored", "deleted"], json.GetProperty("importCount").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["object", "value", "reason", "where"], json.GetProperty("conflicts")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(before, await FactsAsync(store.Store, 2023));
    }

    [Theory]
    [InlineData("broken.json", "{\"dataValues\": [\n  {\"dataElement\": \"T2_HEADCOUNT\", \"period\": \"2023\",\n  \"orgUnit\": \"IOM\" \"value\": \"1\"}\n]}", "broken.json, line 3", "not valid JSON")]
    [InlineData("missing.json", "{\"dataValues\": [\n  {\"dataElement\": \"T2_HEADCOUNT\", \"period\": \"2023\", \"value\": \"1\"}\n]}", "missing.json, line 2, column 'orgUnit'", "needs its orgUnit")]
    [InlineData("nested.json", "{\"dataValues\": [\n  {\"dataElement\": \"T2_HEADCOUNT\", \"value\": {\"n\": 1}}\n]}", "nested.json, line 2, column 'value'", "is a text or a number")]
    [InlineData("noheader.csv", "T2_HEADCOUNT,2023,IOM,P-5,FEMALE,10\n", "noheader.csv, line 1, column 'column 1', value 'T2_HEADCOUNT'", "DHIS2's header")]
    [InlineData("wide.csv", "dataelement,period,orgunit,catoptcombo,attroptcombo,value\nT2_HEADCOUNT,2023,IOM,P-5,FEMALE,10,a,b,c,d,e,f\n", "wide.csv, line 2", "12 cells")]
    [InlineData("deleted.csv", "dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,comment,followup,deleted\nT2_HEADCOUNT,2023,IOM,P-5,FEMALE,10,,,,,true\n", "deleted.csv, line 2, column 'deleted', value 'true'", "does not delete")]
    [InlineData("dtd.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE adx [<!ENTITY x \"x\">]>\n<adx xmlns=\"urn:ihe:qrph:adx:2015\" exported=\"2023-01-01T00:00:00Z\"/>", "dtd.xml: not a readable ADX document", "DTD is prohibited")]
    [InlineData("nogroup.xml", "<adx xmlns=\"urn:ihe:qrph:adx:2015\" exported=\"2023-01-01T00:00:00Z\">\n  <group period=\"2023-01-01/P1Y\">\n    <dataValue dataElement=\"T2_HEADCOUNT\" value=\"1\"/>\n  </group>\n</adx>", "nogroup.xml, line 2, column 'orgUnit'", "needs its orgUnit")]
    public async Task A_file_that_cannot_be_read_is_refused_naming_its_line_field_and_value_and_nothing_is_written(string name, string content, string where, string problem)
    {
        await using var store = await TestStores.CreateAsync("duckdb");
        await FillAsync(store.Store);
        var sources = (await store.Store.SourcesAsync(Ct)).Count;
        var error = await Assert.ThrowsAsync<InputException>(() => ImportAsync(store.Store, name, Encoding.UTF8.GetBytes(content)));
        Assert.StartsWith(where, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Equal(sources, (await store.Store.SourcesAsync(Ct)).Count);
    }

    [Fact]
    public async Task A_data_value_set_past_the_bounds_is_refused_before_it_is_read()
    {
        await using var store = await TestStores.CreateAsync("duckdb");
        var tooLarge = new byte[InputLimits.MaxDataValueSetBytes + 1];
        var large = await Assert.ThrowsAsync<InputException>(() => ImportAsync(store.Store, "large.csv", tooLarge));
        Assert.Contains("larger than the", large.Message, StringComparison.Ordinal);

        var many = new StringBuilder("dataelement,period,orgunit,catoptcombo,attroptcombo,value\n");
        for (var i = 0; i <= InputLimits.MaxDataValues; i++) many.Append("T2_HEADCOUNT,2023,IOM,P-5,FEMALE,1\n");
        var counted = await Assert.ThrowsAsync<InputException>(() => ImportAsync(store.Store, "many.csv", Encoding.UTF8.GetBytes(many.ToString())));
        Assert.Contains($"line {InputLimits.MaxDataValues + 2}", counted.Message, StringComparison.Ordinal);
        Assert.Contains("data values one import may carry", counted.Message, StringComparison.Ordinal);
        Assert.Empty(await store.Store.SourcesAsync(Ct));
    }

    [Theory]
    [InlineData("org-units: {organization: IOM}\ncategories:\n  sex: {category: SEX, options: {F: FEMALE}}\ndata-elements:\n  - measure: m\n    data-element: M\n    categories: [grade]\n",
        "bad-mapping.yaml, line 7, column 'm.categories', value 'grade'", "not a dimension of the mapping's categories")]
    [InlineData("org-units: {organization: IOM}\ncategories:\n  sex: {category: SEX, options: {F: FE_MALE}}\ndata-elements:\n  - {measure: m, data-element: M, categories: [sex]}\n",
        "bad-mapping.yaml, line 3, column 'categories.sex.options.F', value 'FE_MALE'", "has no '_'")]
    [InlineData("org-units: {organization: IOM}\ncategories:\n  sex: {category: value, options: {F: F}}\ndata-elements:\n  - {measure: m, data-element: M, categories: [sex]}\n",
        "bad-mapping.yaml, line 3, column 'categories.sex.category', value 'value'", "ADX attribute name")]
    [InlineData("org-units: {organization: IOM, colour: red}\n", "bad-mapping.yaml, line 1", "colour")]
    public void A_bad_mapping_file_is_refused_with_its_line_field_and_value(string yaml, string where, string problem)
    {
        var error = Assert.Throws<InputException>(() => Dhis2Mapping.Read("bad-mapping.yaml", yaml));
        Assert.StartsWith(where, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_mapping_reads_and_maps_the_staff_headcount()
    {
        var mapping = Dhis2Mapping.Default();
        var element = mapping.ForMeasure("staff.headcount");
        Assert.NotNull(element);
        Assert.Equal(["category", "grade", "nationality", "sex"], element.Categories);
        Assert.Equal("FEMALE", mapping.Categories["sex"].OptionOf("F"));
        Assert.Equal((true, "P-5"), mapping.Categories["grade"].MemberOf("P-5"));
        Assert.Equal("CO-MLI", mapping.OrgUnitOf("CO-MLI"));
        Assert.Equal((true, (string?)null), mapping.OfficeOf(mapping.Organization));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Editors_exchange_data_value_sets_over_http_and_a_focal_point_is_refused(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        var staff = await FactTestData.ImportSyntheticStaff2023Async(server.Facts, Ct);
        using var editor = await server.ClientAsync("editor");

        using var csv = await editor.SendWithHeaderAsync(HttpMethod.Get, "/api/dataValueSets?period=2023", null, "Accept", "application/csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("application/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync(Ct);
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal("dataelement,period,orgunit,catoptcombo,attroptcombo,value", lines[0]);
        Assert.Equal(staff.Count, lines.Skip(1).Sum(l => int.Parse(l.Split(',')[^1], CultureInfo.InvariantCulture)));

        using var adx = await editor.SendAsync(HttpMethod.Get, "/api/dataValueSets?period=2023&format=adx&orgUnit=IOM");
        Assert.Equal(Dhis2DataValues.AdxType, adx.Content.Headers.ContentType?.MediaType);
        Assert.Equal(lines.Length - 1, XDocument.Parse(await adx.Content.ReadAsStringAsync(Ct)).Descendants(XName.Get("dataValue", Dhis2DataValues.AdxNamespace)).Count());

        using var json = await editor.SendAsync(HttpMethod.Get, "/api/dataValueSets?period=2023");
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal(lines.Length - 1, JsonDocument.Parse(await json.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("dataValues").GetArrayLength());

        using var period = await editor.SendAsync(HttpMethod.Get, "/api/dataValueSets?period=2023Q1");
        Assert.Equal(HttpStatusCode.BadRequest, period.StatusCode);
        Assert.Contains("'2023Q1' is not a yearly period", await period.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // Posted back as a dry run: DHIS2's import summary, every value stored already.
        using var dry = await editor.SendAsync(HttpMethod.Post, "/api/dataValueSets?dryRun=true", new TextBody(text, "application/csv"));
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var summary = JsonDocument.Parse(await dry.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(("SUCCESS", lines.Length - 1), (summary.GetProperty("status").GetString(), summary.GetProperty("importCount").GetProperty("ignored").GetInt32()));

        // A changed value, through ADX: updated, and audited under the editor's name.
        var changed = Encoding.UTF8.GetString(Dhis2DataValues.Write(
            [new Dhis2ExportValue("ALMANAC_STAFF_HEADCOUNT", "2023", "IOM", "", [new("STAFF_CATEGORY", "PH"), new("GRADE", "E-2"), new("NATIONALITY", "ISL"), new("SEX", "FEMALE")], "default", [], 3)],
            Dhis2Format.Adx, DateTimeOffset.UnixEpoch));
        using var posted = await editor.SendAsync(HttpMethod.Post, "/api/dataValueSets", new TextBody(changed, Dhis2DataValues.AdxType));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var result = JsonDocument.Parse(await posted.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(1, result.GetProperty("importCount").GetProperty("imported").GetInt32() + result.GetProperty("importCount").GetProperty("updated").GetInt32());
        Assert.Contains(await server.Store.AuditAsync(new AuditQuery(null, "editor", 10), Ct), a => a.Field == SourceKinds.Dhis2);

        // A conflict: 409 with the summary, nothing written.
        var sources = (await server.Facts.SourcesAsync(Ct)).Count;
        using var conflict = await editor.SendAsync(HttpMethod.Post, "/api/dataValueSets",
            new TextBody("{\"dataValues\":[{\"dataElement\":\"NOT_MAPPED\",\"period\":\"2023\",\"orgUnit\":\"IOM\",\"value\":\"1\"}]}", "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var refused = JsonDocument.Parse(await conflict.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(("dataElement", "NOT_MAPPED"), (refused.GetProperty("conflicts")[0].GetProperty("object").GetString(), refused.GetProperty("conflicts")[0].GetProperty("value").GetString()));
        Assert.Equal(sources, (await server.Facts.SourcesAsync(Ct)).Count);

        // A body that is no data value set at all (cut short; bytes that are not UTF-8): 400, a problem naming where it breaks, nothing written.
        using var cut = await editor.SendAsync(HttpMethod.Post, "/api/dataValueSets", new TextBody("{\"dataValues\":[{\"dataElement\":", "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, cut.StatusCode);
        Assert.Equal("application/problem+json", cut.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("request body, line 1", JsonDocument.Parse(await cut.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var notText = new ByteArrayContent([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']);
        notText.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var bytes = await editor.SendAsync(HttpMethod.Post, "/api/dataValueSets", notText);
        Assert.Equal(HttpStatusCode.BadRequest, bytes.StatusCode);
        Assert.StartsWith("request body, line 1", JsonDocument.Parse(await bytes.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(sources, (await server.Facts.SourcesAsync(Ct)).Count);

        using var focal = await server.ClientAsync("focal-mali");
        using var read = await focal.SendAsync(HttpMethod.Get, "/api/dataValueSets?period=2023");
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        using var write = await focal.SendAsync(HttpMethod.Post, "/api/dataValueSets", new TextBody(text, "application/csv"));
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(sources, (await server.Facts.SourcesAsync(Ct)).Count);
    }
}
