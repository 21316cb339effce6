using System.Net;
using Almanac.Analytics.Query;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Platform;
using Almanac.Domain.Projects;
using Almanac.Ingest.Projects;
using Almanac.Ingest.Reference;
using Almanac.Store;
using Almanac.Tests;

namespace Almanac.Web.Tests;

/// <summary>
/// Corrections of the project portfolio in the store, on both engines: a correction is a new version of the portfolio
/// (the one read stays as it was), audited field by field, followed by the funding figures; a bad value is refused naming
/// its field and value and writes nothing; a correction on a version someone moved on from is refused; an earlier
/// version is restored as a new one. Over HTTP: the page is read-only for an editor and closed to a focal point.
/// </summary>
public sealed partial class ProjectCorrectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Change Admin = new("admin", new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero));

    /// <summary>Imports the reference countries and the demo's synthetic portfolio (the 2018 appeal's) into the server's store.</summary>
    internal static async Task<Portfolio> ImportSyntheticPortfolioAsync(PlatformServer server)
    {
        var reference = ReferenceDataReader.ReadEmbedded();
        await server.Facts.ReplaceReferenceDataAsync(reference, Ct);
        var portfolio = SyntheticPortfolio.Generate(ProjectFileWriter.ReadEmbeddedAppeal(2018), reference);
        await server.Facts.ImportProjectsAsync(new SourceInfo(SourceKinds.Projects, "synthetic-projects.csv", new string('a', 64), Admin.At), portfolio, Ct);
        return portfolio;
    }

    /// <summary>A project shared between two countries (every third synthetic project is).</summary>
    internal static Project SharedProject(Portfolio portfolio) => portfolio.Projects.First(p => p.Countries.Count == 2);

    private static async Task<decimal> RequiredAsync(PlatformServer server, string country)
    {
        var result = await new QueryEngine(server.Facts).RunAsync(PivotQuery.Of(ProjectMeasures.Required) with
        {
            Rows = [ProjectMeasures.Country],
            Years = [2018],
        }, Ct);
        return result.Cells.Where(c => c[0] == country).Sum(c => c.Values[0] ?? 0);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_correction_is_a_new_version_audited_field_by_field_and_the_funding_figures_follow_it(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        var imported = await ImportSyntheticPortfolioAsync(server);
        var project = SharedProject(imported);
        var (first, second) = (project.Countries[0].Iso3, project.Countries[1].Iso3);
        var budget = project.BudgetOf(2018);
        var read = (await server.Store.PortfolioAsync(null, Ct))!;
        var firstBefore = await RequiredAsync(server, first);

        var fields = ProjectFields.Of(project) with { TitleFr = "Titre corrigé", Status = "suspended", Countries = $"{first}:40;{second}:60", GenderMarker = "2" };
        var now = await server.Store.CorrectProjectAsync(read.Version.SourceId, project.Id, fields, Admin, Ct);

        Assert.True(now > read.Version.SourceId);
        var current = (await server.Store.PortfolioAsync(null, Ct))!;
        Assert.Equal(now, current.Version.SourceId);
        Assert.Equal("correction of project " + project.Id + " by admin", current.Version.Name);
        var corrected = current.Portfolio.Projects.Single(p => p.Id == project.Id);
        Assert.Equal(("Titre corrigé", ProjectStatus.Suspended, 2), (corrected.Titles.Fr, corrected.Status, corrected.GenderMarker));
        Assert.Equal([new CountryShare(first, 40), new CountryShare(second, 60)], corrected.Countries.OrderBy(c => c.Iso3 == first ? 0 : 1));
        // Everything else as it was: the other projects, the transactions, the project's own budget and offices.
        Assert.Equal(imported.Projects.Count, current.Portfolio.Projects.Count);
        Assert.Equal(imported.Transactions.Count, current.Portfolio.Transactions.Count);
        Assert.Equal(project.Budgets, corrected.Budgets);
        Assert.Equal(project.Offices, corrected.Offices);
        // The version read is history, unchanged.
        var old = (await server.Store.PortfolioAsync(read.Version.SourceId, Ct))!;
        Assert.False(old.IsCurrent);
        Assert.Equal(project.Countries, old.Portfolio.Projects.Single(p => p.Id == project.Id).Countries);

        // The funding figures follow: the first country's share of the budget went from 70% to 40%.
        Assert.Equal(70m, project.Countries[0].Percent);
        Assert.Equal(firstBefore - budget * 0.3m, await RequiredAsync(server, first));

        var audit = (await server.Store.AuditAsync(new AuditQuery("project " + project.Id), Ct)).OrderBy(a => a.Id).Select(a => (a.Actor, a.Action, a.Field, a.OldValue, a.NewValue)).ToList();
        Assert.Equal(
        [
            ("admin", "correct", "title_fr", project.Titles.Fr, "Titre corrigé"),
            ("admin", "correct", "status", project.Status.Name(), "suspended"),
            ("admin", "correct", "gender_marker", project.GenderMarker.ToString(System.Globalization.CultureInfo.InvariantCulture), "2"),
            ("admin", "correct", "countries", $"{first}:70;{second}:30", $"{first}:40;{second}:60"),
        ], audit);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_bad_value_or_a_stale_version_is_refused_naming_it_and_nothing_is_written(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        var project = SharedProject(await ImportSyntheticPortfolioAsync(server));
        var read = (await server.Store.PortfolioAsync(null, Ct))!.Version.SourceId;
        var fields = ProjectFields.Of(project);

        async Task RefusedAsync(ProjectFields bad, string field, string message)
        {
            var error = await Assert.ThrowsAsync<ProjectException>(() => server.Store.CorrectProjectAsync(read, project.Id, bad, Admin, Ct));
            Assert.Equal((field, message), (error.Field, error.Message));
        }
        await RefusedAsync(fields with { Countries = "KEN:60;UGA:30" }, "countries", "countries 'KEN:60;UGA:30': the shares add to 90%, not 100%");
        await RefusedAsync(fields with { Countries = "KEN:60;Atlantis:40" }, "countries",
            "countries 'KEN:60;Atlantis:40': unknown country 'Atlantis': give an ISO 3166 code or a country name from the reference list");
        await RefusedAsync(fields with { GenderMarker = "3" }, "gender_marker", "gender_marker '3': the gender marker is 0 (not targeted), 1 (significant objective) or 2 (principal objective)");
        await RefusedAsync(fields with { Start = "2018-02-30" }, "start", "start '2018-02-30': not a date: write it as YYYY-MM-DD (1945–2100)");
        await RefusedAsync(fields with { End = "2017-01-01" }, "end", $"end '2017-01-01': the end is before the start ({fields.Start})");
        await RefusedAsync(fields with { TitleEn = " " }, "title_en", "title_en: a value is required");
        var tooLong = new string('x', InputLimits.MaxProjectTitleLength + 1);
        await RefusedAsync(fields with { TitleEn = tooLong }, "title_en", $"title_en '{tooLong[..100]}…' (501 characters): longer than the 500 characters this column may have");
        await RefusedAsync(fields with { AppealLine = "2018/global/objective-1" }, "appeal_line",
            $"appeal_line '2018/global/objective-1': the appeal line's region and MiGOF node are not the project's ({project.AppealRegion}/{project.Migof})");
        await RefusedAsync(fields with { Status = "finished" }, "status", "status 'finished': unknown status: expected one of pipeline, implementation, finalisation, closed, cancelled, suspended (or IATI's code 1–6)");
        Assert.Single(await server.Store.PortfolioVersionsAsync(Ct));
        Assert.Empty(await server.Store.AuditAsync(new AuditQuery("project"), Ct));

        // Someone corrects first; a correction made on the version read before is refused, and writes nothing.
        var now = await server.Store.CorrectProjectAsync(read, project.Id, fields with { TitleEn = "First correction" }, Admin, Ct);
        var stale = await Assert.ThrowsAsync<ConcurrencyException>(() => server.Store.CorrectProjectAsync(read, project.Id, fields with { TitleEn = "Second correction" }, Admin, Ct));
        Assert.Equal("project.changed-since-read", stale.Refusal!.Code);
        Assert.StartsWith($"the portfolio changed since this page read it (version {read}): version {now}, correction of project {project.Id} by admin, at ", stale.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await server.Store.PortfolioVersionsAsync(Ct)).Count);
        Assert.Equal("First correction", (await server.Store.PortfolioAsync(null, Ct))!.Portfolio.Projects.Single(p => p.Id == project.Id).Titles.En);
        await Assert.ThrowsAsync<ConcurrencyException>(() => server.Store.RestorePortfolioAsync(read, read, Admin, Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task An_earlier_version_is_restored_as_a_new_one_and_audited(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        var project = SharedProject(await ImportSyntheticPortfolioAsync(server));
        var original = (await server.Store.PortfolioAsync(null, Ct))!.Version.SourceId;
        var corrected = await server.Store.CorrectProjectAsync(original, project.Id, ProjectFields.Of(project) with { Status = "closed", AppealLine = "" }, Admin, Ct);
        Assert.Null((await server.Store.PortfolioAsync(null, Ct))!.Portfolio.Projects.Single(p => p.Id == project.Id).AppealLine);

        var restored = await server.Store.RestorePortfolioAsync(corrected, original, Admin with { At = Admin.At.AddMinutes(5) }, Ct);

        var current = (await server.Store.PortfolioAsync(null, Ct))!;
        Assert.Equal((restored, $"version {original} restored by admin"), (current.Version.SourceId, current.Version.Name));
        var back = current.Portfolio.Projects.Single(p => p.Id == project.Id);
        Assert.Equal(ProjectFields.Of(project), ProjectFields.Of(back));
        Assert.Equal(project.Countries, back.Countries);
        Assert.Equal([restored, corrected, original], (await server.Store.PortfolioVersionsAsync(Ct)).Select(v => v.SourceId));
        var audit = (await server.Store.AuditAsync(new AuditQuery("project " + project.Id), Ct)).OrderBy(a => a.Id).Select(a => (a.Action, a.Field, a.OldValue, a.NewValue)).ToList();
        Assert.Equal(
        [
            ("correct", "status", project.Status.Name(), "closed"),
            ("correct", "appeal_line", project.AppealLine, null),
            ("restore", "status", "closed", project.Status.Name()),
            ("restore", "appeal_line", null, project.AppealLine),
        ], audit);
        var portfolio = Assert.Single(await server.Store.AuditAsync(new AuditQuery("portfolio", Actor: null), Ct), a => a.Action == "restore");
        Assert.Equal(($"version {corrected}", $"version {restored} (a copy of version {original}, synthetic-projects.csv)"), (portfolio.OldValue, portfolio.NewValue));
    }

    [Fact]
    public async Task The_projects_page_is_read_only_for_an_editor_and_closed_to_a_focal_point()
    {
        await using var server = await PlatformServer.StartAsync();
        var project = SharedProject(await ImportSyntheticPortfolioAsync(server));
        using var editor = await server.ClientAsync("editor");
        using var page = await editor.SendAsync(HttpMethod.Get, $"/projects?id={project.Id}");
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"data-project=\"{project.Id}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("correct-project", html, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"restore\"", html, StringComparison.Ordinal);

        using var focal = await server.ClientAsync("focal-mali");
        using var refused = await focal.SendAsync(HttpMethod.Get, "/projects");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_results_page_shows_required_against_committed_by_appeal_region_for_the_year()
    {
        await using var server = await PlatformServer.StartAsync();
        var portfolio = await ImportSyntheticPortfolioAsync(server);
        using var editor = await server.ClientAsync("editor");
        using var page = await editor.SendAsync(HttpMethod.Get, "/results?year=2018");
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        // Each region's row against the portfolio itself: its 2018 budgets and its commitments dated 2018.
        var regionOf = portfolio.Projects.ToDictionary(p => p.Id, p => p.AppealRegion);
        var rows = FundingRow().Matches(html).ToDictionary(m => m.Groups["region"].Value, m => (Digits(m.Groups["required"].Value), Digits(m.Groups["funded"].Value)));
        foreach (var region in ProjectCodes.AppealRegions)
        {
            var required = portfolio.Projects.Where(p => p.AppealRegion == region).Sum(p => p.BudgetOf(2018));
            var funded = portfolio.Transactions.Where(t => t.Kind == FundingKind.Commitment && t.Date.Year == 2018 && regionOf[t.ProjectId] == region).Sum(t => t.AmountUsd);
            Assert.Equal((decimal.Round(required, MidpointRounding.AwayFromZero), decimal.Round(funded, MidpointRounding.AwayFromZero)), rows[region]);
        }
        // The appeal prints 416 200 709 for Asia and the Pacific, whose categories add up to 416 200 710 (line 184).
        Assert.Equal(416_200_710m, rows["asia-and-the-pacific"].Item1);
        Assert.Equal(portfolio.Projects.Sum(p => p.BudgetOf(2018)), rows["total"].Item1);

        // A year without portfolio figures has no funding section.
        using var other = await editor.SendAsync(HttpMethod.Get, "/results?year=2023");
        Assert.DoesNotContain("id=\"funding-table\"", await other.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static decimal Digits(string text) => decimal.Parse(new string([.. text.Where(char.IsAsciiDigit)]), System.Globalization.CultureInfo.InvariantCulture);

    [System.Text.RegularExpressions.GeneratedRegex("<tr[^>]*data-region=\"(?<region>[^\"]+)\">.*?class=\"number required\">(?<required>[^<]+)</td><td class=\"number funded\">(?<funded>[^<]+)</td>")]
    private static partial System.Text.RegularExpressions.Regex FundingRow();
}
