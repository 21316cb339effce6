using System.Net;
using System.Text.Json;
using Almanac.Domain.Platform;
using Almanac.Store;
using Almanac.Tests;
using Almanac.Web.Demo;

namespace Almanac.Web.Tests;

/// <summary>
/// Offices managed one at a time through the API and the Offices page, on both stores: an administrator adds an office,
/// changes its name, kind, region and country (the code stays), deletes one nothing refers to — each change audited
/// and seen at once by another store of the database (the catalog stamp moved); mistakes are refused naming the field
/// and the value, by the rules of the CSV import, and nothing is written; an office with submissions, accounts or
/// offices reporting to it is kept; nobody but an administrator changes offices.
/// </summary>
public sealed class OfficeAdministrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
            return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    private static (string? Code, string? Name, string? Kind, string? Region, string? Country) Fields(JsonElement office) =>
        (office.GetProperty("code").GetString(), office.GetProperty("name").GetString(), office.GetProperty("kind").GetString(),
         office.GetProperty("region").GetString(), office.GetProperty("country").GetString());

    private static string? KindOf(List<JsonElement> offices, string code) => offices.Single(o => o.GetProperty("code").GetString() == code).GetProperty("kind").GetString();

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task An_administrator_adds_changes_and_deletes_an_office_each_change_audited_and_seen_at_once_by_another_store(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        using var admin = await server.ClientAsync("admin");
        // Another server of the database (DuckDB: another store of this process), its offices cached before the changes.
        await using var other = await AlmanacStores.OpenAsync(server.StoreTarget, Ct);
        var before = await other.OfficesAsync(Ct);
        Assert.DoesNotContain(before, o => o.Code == "CO-XTA");
        Assert.Equal(before.Count, (await JsonAsync(await admin.SendAsync(HttpMethod.Get, "/api/offices/"), HttpStatusCode.OK)).GetArrayLength());

        // Added as typed: trimmed, the country upper-cased, the kind as the CSV writes it.
        var added = await JsonAsync(await admin.SendAsync(HttpMethod.Post, "/api/offices/",
            new { code = "CO-XTA", name = "  Test office Atlantis ", kind = "country", region = "RO-DAK", country = "gmb" }), HttpStatusCode.OK);
        Assert.Equal(("CO-XTA", "Test office Atlantis", "country", "RO-DAK", "GMB"), Fields(added));
        Assert.Equal(new Office("CO-XTA", "Test office Atlantis", OfficeKind.CountryOffice, "RO-DAK", "GMB"), (await other.OfficesAsync(Ct)).Single(o => o.Code == "CO-XTA"));
        var listed = (await JsonAsync(await admin.SendAsync(HttpMethod.Get, "/api/offices/"), HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(before.Count + 1, listed.Count);
        Assert.Equal(("headquarters", "regional", "country"), (KindOf(listed, "HQ"), KindOf(listed, "RO-DAK"), KindOf(listed, "CO-MLI")));

        // Changed: a new name, region and country; a code in the body is not a new code.
        var changed = await JsonAsync(await admin.SendAsync(HttpMethod.Put, "/api/offices/CO-XTA",
            new { code = "CO-OTHER", name = "Test office Atlantis (Nouakchott)", kind = "country", region = "RO-CAI", country = "MRT" }), HttpStatusCode.OK);
        Assert.Equal(("CO-XTA", "Test office Atlantis (Nouakchott)", "country", "RO-CAI", "MRT"), Fields(changed));
        Assert.Equal(new Office("CO-XTA", "Test office Atlantis (Nouakchott)", OfficeKind.CountryOffice, "RO-CAI", "MRT"), (await other.OfficesAsync(Ct)).Single(o => o.Code == "CO-XTA"));
        Assert.DoesNotContain(await other.OfficesAsync(Ct), o => o.Code == "CO-OTHER");

        // Nothing refers to it: deleted, and gone for every reader.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, "/api/offices/CO-XTA")).StatusCode);
        Assert.Equal(before, await other.OfficesAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.SendAsync(HttpMethod.Delete, "/api/offices/CO-XTA")).StatusCode);

        // Audited as the import audits: who, what, before → after.
        var audit = (await server.Store.AuditAsync(new AuditQuery("office CO-XTA"), Ct)).OrderBy(a => a.Id).Select(a => (a.Actor, a.Action, a.OldValue, a.NewValue)).ToList();
        Assert.Equal(
        [
            ("admin", "create", null, "Test office Atlantis (country, region RO-DAK, country GMB)"),
            ("admin", "update", "Test office Atlantis (country, region RO-DAK, country GMB)", "Test office Atlantis (Nouakchott) (country, region RO-CAI, country MRT)"),
            ("admin", "delete", "Test office Atlantis (Nouakchott) (country, region RO-CAI, country MRT)", null),
        ], audit);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Office_mistakes_are_refused_naming_the_field_and_value_and_nothing_is_written(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        using var admin = await server.ClientAsync("admin");
        var offices = await server.Store.OfficesAsync(Ct);
        var audit = (await server.Store.AuditAsync(new AuditQuery(Limit: 1000), Ct)).Count;
        static object New(string? code = "CO-XTB", string? name = "Test office", string? kind = "country", string? region = "RO-DAK", string? country = "MLI") =>
            new { code, name, kind, region, country };
        var cases = new (HttpMethod Method, string Path, object Body, HttpStatusCode Status, string? Field, string Detail)[]
        {
            (HttpMethod.Post, "/api/offices/", New(code: null), HttpStatusCode.BadRequest, "code", "request field 'code': required: the new office's code"),
            (HttpMethod.Post, "/api/offices/", New(code: "CO MLI"), HttpStatusCode.BadRequest, "code", "code 'CO MLI': a code has only letters A–Z, digits and - _ ."),
            (HttpMethod.Post, "/api/offices/", New(code: new string('C', 33)), HttpStatusCode.BadRequest, "code", $"code '{new string('C', 33)}': a code has at most 32 characters (this one has 33)"),
            (HttpMethod.Post, "/api/offices/", New(code: "CO-MLI"), HttpStatusCode.Conflict, "code", "code 'CO-MLI' is taken by office 'Mali': choose another"),
            (HttpMethod.Post, "/api/offices/", New(name: " "), HttpStatusCode.BadRequest, "name", "name: an office needs a name"),
            (HttpMethod.Post, "/api/offices/", New(name: new string('n', 201)), HttpStatusCode.BadRequest, "name",
                $"name '{new string('n', 100)}…' (201 characters): a name has at most 200 characters (this one has 201)"),
            (HttpMethod.Post, "/api/offices/", New(name: "Two\nlines"), HttpStatusCode.BadRequest, "name", "name 'Two\nlines': a name has no control characters (line breaks, tabs)"),
            (HttpMethod.Post, "/api/offices/", New(kind: "embassy"), HttpStatusCode.BadRequest, "kind", "kind 'embassy': the kind must be headquarters, regional or country"),
            (HttpMethod.Post, "/api/offices/", New(region: "RO-NONE"), HttpStatusCode.BadRequest, "region", "region 'RO-NONE': names no regional office"),
            (HttpMethod.Post, "/api/offices/", New(region: "CO-SEN"), HttpStatusCode.BadRequest, "region", "region 'CO-SEN': names no regional office"),
            (HttpMethod.Post, "/api/offices/", New(country: "ML"), HttpStatusCode.BadRequest, "country", "country 'ML': not an ISO 3166 alpha-3 code"),
            (HttpMethod.Post, "/api/offices/", New(country: null), HttpStatusCode.BadRequest, "country", "country: a country office needs its country"),
            (HttpMethod.Post, "/api/offices/", New(code: "RO-XTB", kind: "regional"), HttpStatusCode.BadRequest, "region", "region 'RO-DAK': a regional office is its own region"),
            (HttpMethod.Put, "/api/offices/CO-NONE", New(), HttpStatusCode.NotFound, null, "no office 'CO-NONE'"),
            (HttpMethod.Put, "/api/offices/CO-MLI", New(name: null), HttpStatusCode.BadRequest, "name", "request field 'name': required: the office's name"),
            (HttpMethod.Put, "/api/offices/CO-MLI", New(country: "12"), HttpStatusCode.BadRequest, "country", "country '12': not an ISO 3166 alpha-3 code"),
            // A regional office made a country office while offices report to it would leave them without a region.
            (HttpMethod.Put, "/api/offices/RO-DAK", New(name: "Regional Office Dakar", region: "RO-CAI", country: "SEN"), HttpStatusCode.BadRequest, "kind",
                "kind 'country': office 'CO-BEN' reports to 'RO-DAK' as its region, which would then be no regional office: give that office another region first"),
        };
        var failures = new List<string>();
        foreach (var (method, path, body, status, field, detail) in cases)
        {
            using var response = await admin.SendAsync(method, path, body);
            var text = await response.Content.ReadAsStringAsync(Ct);
            var problem = JsonDocument.Parse(text).RootElement;
            var got = (response.StatusCode, problem.TryGetProperty("field", out var f) ? f.GetString() : null, problem.GetProperty("detail").GetString());
            if (got != (status, field, detail)) failures.Add($"{method} {path} {JsonSerializer.Serialize(body)}: {got}, expected {(status, field, detail)}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(offices, await server.Store.OfficesAsync(Ct));
        Assert.Equal(audit, (await server.Store.AuditAsync(new AuditQuery(Limit: 1000), Ct)).Count);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task An_office_with_submissions_accounts_or_offices_reporting_to_it_is_kept_and_the_refusal_says_what_refers_to_it(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        using var admin = await server.ClientAsync("admin");
        var offices = await server.Store.OfficesAsync(Ct);
        var submissions = await server.Store.SubmissionsAsync(null, Ct);
        var answered = submissions.GroupBy(s => s.Office).First(g => g.Key != PlatformDemo.FocalOffice && g.Key != "HQ" && offices.Single(o => o.Code == g.Key).Kind == OfficeKind.CountryOffice);
        var reporting = offices.Count(o => o.Region == PlatformDemo.ReviewerRegion && o.Code != PlatformDemo.ReviewerRegion);
        var regionSubmissions = submissions.Count(s => s.Office == PlatformDemo.ReviewerRegion);

        var cases = new (string Code, string Detail)[]
        {
            (answered.Key, $"office '{answered.Key}' cannot be deleted: it has {answered.Count()} submission{(answered.Count() == 1 ? "" : "s")}; "
                + "an office is deleted only while no submission, account or office refers to it (rename it, or change it, instead)"),
            // The demo focal point's office: its account, not yet a submission.
            (PlatformDemo.FocalOffice, "office 'CO-MLI' cannot be deleted: it has 1 focal point account; "
                + "an office is deleted only while no submission, account or office refers to it (rename it, or change it, instead)"),
            (PlatformDemo.ReviewerRegion, $"office 'RO-DAK' cannot be deleted: it has {(regionSubmissions > 0 ? $"{regionSubmissions} submission{(regionSubmissions == 1 ? "" : "s")}, " : "")}"
                + $"1 reviewer account, {reporting} offices reporting to it; an office is deleted only while no submission, account or office refers to it (rename it, or change it, instead)"),
        };
        foreach (var (code, detail) in cases)
        {
            var problem = await JsonAsync(await admin.SendAsync(HttpMethod.Delete, $"/api/offices/{code}"), HttpStatusCode.Conflict);
            Assert.Equal(detail, problem.GetProperty("detail").GetString());
        }
        Assert.Equal(offices, await server.Store.OfficesAsync(Ct));
        Assert.Empty(await server.Store.AuditAsync(new AuditQuery("office "), Ct) is var lines ? lines.Where(a => a.Action == "delete") : []);

        // The page says it row by row: kept while in use, with what refers to it; a delete button only where nothing does.
        var page = await admin.Http.GetStringAsync($"/offices?q={PlatformDemo.FocalOffice}", Ct);
        Assert.Contains("focal point accounts: 1", page, StringComparison.Ordinal);
        Assert.Contains("kept while in use", page, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"delete\"", page, StringComparison.Ordinal);
        Assert.Contains("An office is deleted only while no submission, account or office refers to it", page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_reviewer_a_focal_point_an_editor_and_a_reader_cannot_add_change_or_delete_an_office_through_the_api_or_the_page(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        var offices = await server.Store.OfficesAsync(Ct);
        var body = new { code = "CO-XTC", name = "Not allowed", kind = "country", region = "RO-DAK", country = "MLI" };
        foreach (var user in new[] { "reviewer-dakar", "focal-mali", "editor", "reader" })
        {
            using var client = await server.ClientAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(HttpMethod.Post, "/api/offices/", body)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(HttpMethod.Put, "/api/offices/CO-PER", body)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(HttpMethod.Delete, "/api/offices/CO-PER")).StatusCode);
            using (var page = await client.Http.GetAsync("/offices", Ct)) Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
            foreach (var handler in new[] { "Add", "Update", "Delete" })
            {
                using var posted = await client.PostFormAsync($"/offices?handler={handler}",
                    [KeyValuePair.Create("Code", "CO-PER"), KeyValuePair.Create("Edit", "CO-PER"), KeyValuePair.Create("Name", "Not allowed"), KeyValuePair.Create("Kind", "country"),
                     KeyValuePair.Create("OfficeRegion", "RO-DAK"), KeyValuePair.Create("Country", "PER")]);
                Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
            }
        }
        Assert.Equal(offices, await server.Store.OfficesAsync(Ct));
        Assert.Empty(await server.Store.AuditAsync(new AuditQuery("office "), Ct));
    }

    [Fact]
    public async Task The_page_shows_a_refusal_beside_the_field_it_names_keeps_what_was_typed_and_adds_changes_and_deletes_through_its_forms()
    {
        await using var server = await PlatformServer.StartAsync();
        using var admin = await server.ClientAsync("admin");
        var offices = await server.Store.OfficesAsync(Ct);

        // A region that names no regional office: the message beside the region field, the form as typed, nothing written.
        using (var refused = await admin.PostFormAsync("/offices?handler=Add",
            [KeyValuePair.Create("Code", "CO-XTD"), KeyValuePair.Create("Name", "Test office Delta"), KeyValuePair.Create("Kind", "country"),
             KeyValuePair.Create("OfficeRegion", "RO-NONE"), KeyValuePair.Create("Country", "MLI")], "/offices"))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var page = await refused.Content.ReadAsStringAsync(Ct);
            Assert.Contains("<span class=\"field-error\" role=\"alert\" id=\"add-error-region\">region &#x27;RO-NONE&#x27;: names no regional office</span>", page, StringComparison.Ordinal);
            Assert.Contains("value=\"Test office Delta\"", page, StringComparison.Ordinal);
        }
        Assert.Equal(offices, await server.Store.OfficesAsync(Ct));

        using (var added = await admin.PostFormAsync("/offices?handler=Add",
            [KeyValuePair.Create("Code", "CO-XTD"), KeyValuePair.Create("Name", "Test office Delta"), KeyValuePair.Create("Kind", "country"),
             KeyValuePair.Create("OfficeRegion", "RO-DAK"), KeyValuePair.Create("Country", "mli")], "/offices"))
        {
            var page = await added.Content.ReadAsStringAsync(Ct);
            Assert.Contains("Office CO-XTD added.", page, StringComparison.Ordinal);
            Assert.Contains("<tr data-office=\"CO-XTD\">", page, StringComparison.Ordinal);
        }
        Assert.Equal(new Office("CO-XTD", "Test office Delta", OfficeKind.CountryOffice, "RO-DAK", "MLI"), (await server.Store.OfficesAsync(Ct)).Single(o => o.Code == "CO-XTD"));

        // The change form opens with the office as stored; a change of kind that needs a region of its own is refused beside the region.
        var edit = await admin.Http.GetStringAsync("/offices?edit=CO-XTD", Ct);
        Assert.Contains("Change office CO-XTD", edit, StringComparison.Ordinal);
        Assert.Contains("There is no office CO-NONE to change", await admin.Http.GetStringAsync("/offices?edit=CO-NONE", Ct), StringComparison.Ordinal);
        using (var refused = await admin.PostFormAsync("/offices?handler=Update",
            [KeyValuePair.Create("Edit", "CO-XTD"), KeyValuePair.Create("Name", "Regional Office Delta"), KeyValuePair.Create("Kind", "regional"),
             KeyValuePair.Create("OfficeRegion", "RO-DAK"), KeyValuePair.Create("Country", "MLI")], "/offices"))
        {
            var page = await refused.Content.ReadAsStringAsync(Ct);
            Assert.Contains("id=\"edit-error-region\">region &#x27;RO-DAK&#x27;: a regional office is its own region</span>", page, StringComparison.Ordinal);
            Assert.Contains("value=\"Regional Office Delta\"", page, StringComparison.Ordinal);
        }
        using (var changed = await admin.PostFormAsync("/offices?handler=Update",
            [KeyValuePair.Create("Edit", "CO-XTD"), KeyValuePair.Create("Name", "Regional Office Delta"), KeyValuePair.Create("Kind", "regional"),
             KeyValuePair.Create("OfficeRegion", "CO-XTD"), KeyValuePair.Create("Country", "MLI")], "/offices"))
        {
            Assert.Contains("Office CO-XTD changed.", await changed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        Assert.Equal(new Office("CO-XTD", "Regional Office Delta", OfficeKind.RegionalOffice, "CO-XTD", "MLI"), (await server.Store.OfficesAsync(Ct)).Single(o => o.Code == "CO-XTD"));

        using (var deleted = await admin.PostFormAsync("/offices?handler=Delete", [KeyValuePair.Create("Code", "CO-XTD")], "/offices"))
        {
            Assert.Contains("Office CO-XTD deleted.", await deleted.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        Assert.Equal(offices, await server.Store.OfficesAsync(Ct));

        // Deleting an office in use through the page: refused with the rule, at the top of the page.
        using (var kept = await admin.PostFormAsync("/offices?handler=Delete", [KeyValuePair.Create("Code", PlatformDemo.FocalOffice)], "/offices"))
        {
            Assert.Contains("office &#x27;CO-MLI&#x27; cannot be deleted: it has 1 focal point account", await kept.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        Assert.Equal(offices, await server.Store.OfficesAsync(Ct));
    }

    [Fact]
    public void The_csv_import_refuses_an_office_by_the_same_field_rules_as_the_page_and_the_api()
    {
        foreach (var (row, column, value) in new[]
        {
            ($"CO-X,{new string('n', 201)},country,,MLI", "name", new string('n', 201)),
            ("CO X,Office,country,,MLI", "code", "CO X"),
            ("CO-X,Office,country,RO DAK,MLI", "region", "RO DAK"),
        })
        {
            var error = Assert.Throws<Domain.InputException>(() => Ingest.Platform.PlatformFiles.ReadOffices("offices.csv", new StringReader("code,name,kind,region,country\n" + row + "\n")));
            Assert.Equal((2L, column, value), (error.Line, error.Column, error.Value));
            var cells = row.Split(',');
            Assert.Equal(column, Assert.Throws<OfficeException>(() => OfficeRules.Checked(cells[0], cells[1], cells[2], cells[3], cells[4])).Field);
        }
    }
}
