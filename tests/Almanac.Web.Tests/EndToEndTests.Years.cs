using System.Text.RegularExpressions;
using Almanac.Domain.Platform;
using Almanac.Store;
using Almanac.Tests;
using Almanac.Web.Demo;
using Microsoft.Playwright;

namespace Almanac.Web.Tests;

/// <summary>
/// The submissions overview and the year's lock in Chromium: the reviewer's overview shows an office that has not
/// started and exports the offices to chase; the editor locks the year after a confirmation that lists what is not
/// approved, a second confirmation of the same lock is refused with a styled message, the focal point sees the lock
/// instead of "Start", and an administrator unlocks the year, audited.
/// </summary>
public sealed partial class EndToEndTests
{
    [Fact]
    public async Task The_reviewers_overview_shows_an_office_that_has_not_started_and_exports_the_offices_to_chase_in_chromium()
    {
        var chromium = TestChromium.Require();
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "e2e-overview"));
        var log = new RequestLog();
        await using var server = await PlatformServer.StartAsync(overrides: log.AddTo);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        var offices = await server.Store.OfficesAsync(Ct);
        var dakar = offices.Where(o => o.Region == PlatformDemo.ReviewerRegion).ToList();
        var mali = offices.Single(o => o.Code == PlatformDemo.FocalOffice);

        var reviewer = await SignInToAsync(browser, server, log, "reviewer-dakar");
        await FollowAsync(reviewer, "#overview-link", OverviewPage(), log);
        await ShotAsync(reviewer, artifacts, "01-reviewer-overview");
        // Every office of the region, the ones not started included, by name.
        var rows = reviewer.Locator("#overview tbody tr");
        Assert.Equal(dakar.Count, await rows.CountAsync());
        Assert.Equal(dakar.Select(o => o.Name).Order(StringComparer.CurrentCultureIgnoreCase), await rows.Locator("td:first-child").AllInnerTextsAsync());
        Assert.Equal("not started", await reviewer.InnerTextAsync($"tr[data-office='{mali.Code}'] .state"));
        Assert.Contains(mali.Name, await reviewer.InnerTextAsync($"tr[data-office='{mali.Code}'] td:first-child"), StringComparison.Ordinal);
        Assert.Contains("Demo focal point, Mali (focal-mali)", await reviewer.InnerTextAsync($"tr[data-office='{mali.Code}']"), StringComparison.Ordinal);
        var notStarted = int.Parse(await reviewer.InnerTextAsync("#counts li[data-state='not-started'] strong"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(notStarted >= 1);

        // Filtered by state, then searched: the state's count of rows, then Mali alone.
        await reviewer.SelectOptionAsync("#overview-filters select[name=state]", "not-started");
        await FollowAsync(reviewer, "#overview-filters button[type=submit]", new Regex("state=not-started"), log);
        Assert.Equal(notStarted, await rows.CountAsync());
        await reviewer.FillAsync("#overview-filters input[name=q]", "mali");
        await FollowAsync(reviewer, "#overview-filters button[type=submit]", new Regex("q=mali"), log);
        Assert.Equal([mali.Code], await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.office)"));
        await ShotAsync(reviewer, artifacts, "02-reviewer-searched");
        // Sorted by state, descending: a header link.
        await reviewer.GotoAsync("/overview");
        await FollowAsync(reviewer, "#overview thead th:nth-child(3) a", new Regex("sort=state"), log);
        await FollowAsync(reviewer, "#overview thead th:nth-child(3) a", new Regex("desc=true"), log);
        var states = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.state)");
        Assert.Equal(states.OrderByDescending(s => SubmissionOverview.States.ToList().IndexOf(s)), states);

        // The list to chase: offices not approved with their focal points.
        var download = await reviewer.RunAndWaitForDownloadAsync(() => reviewer.ClickAsync("#chase-export"));
        var path = Path.Combine(artifacts.FullName, "offices-to-chase.csv");
        await download.SaveAsAsync(path);
        var csv = await File.ReadAllLinesAsync(path, Ct);
        Assert.Equal("office,office_name,region,state,last_change,focal_point_user_names,focal_point_names", csv[0]);
        Assert.Contains(csv, l => l == $"{mali.Code},{mali.Name},{PlatformDemo.ReviewerRegion},not started,,focal-mali,\"Demo focal point, Mali\"");
        var approved = (await server.Store.SubmissionOverviewAsync(2023, Ct)).Count(o => o.Office.Region == PlatformDemo.ReviewerRegion && o.IsApproved);
        Assert.Equal(dakar.Count - approved, csv.Length - 1);
    }

    [Fact]
    public async Task A_year_is_locked_after_a_confirmation_listing_what_is_not_approved_and_an_administrator_unlocks_it_in_chromium()
    {
        var chromium = TestChromium.Require();
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "e2e-lock"));
        var log = new RequestLog();
        await using var server = await PlatformServer.StartAsync(overrides: log.AddTo);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        var overview = await server.Store.SubmissionOverviewAsync(2023, Ct);
        var notApproved = overview.Where(o => !o.IsApproved).ToList();

        // The confirmation lists every office not approved, grouped by state, Mali among those not started.
        var editor = await SignInToAsync(browser, server, log, "editor");
        Assert.Equal("2023: open", await editor.InnerTextAsync("#year-badge"));
        await FollowAsync(editor, "#lock-year", new Regex("/year/2023\\?confirm=true$"), log);
        Assert.Equal(notApproved.Count, await editor.Locator("#lock-confirmation ul.not-approved li").CountAsync());
        Assert.Equal(1, await editor.Locator($"#lock-confirmation ul[data-state='not-started'] li[data-office='{PlatformDemo.FocalOffice}']").CountAsync());
        foreach (var state in notApproved.Select(o => o.State).Distinct())
        {
            Assert.Equal(notApproved.Count(o => o.State == state), await editor.Locator($"#lock-confirmation ul[data-state='{state}'] li").CountAsync());
        }
        Assert.Contains($"{notApproved.Count} offices are not approved", await editor.InnerTextAsync("#not-approved-summary"), StringComparison.Ordinal);
        await ShotAsync(editor, artifacts, "01-lock-confirmation");

        // A second editor's tab has the same confirmation open; the first confirms, the year is locked.
        var second = await SignInToAsync(browser, server, log, "editor");
        await second.GotoAsync("/year/2023?confirm=true");
        await FollowAsync(editor, "#lock-confirm", new Regex("/year/2023\\?done=locked$"), log);
        Assert.Equal("locked", await editor.InnerTextAsync("#year-state"));
        Assert.Equal("2023: locked", await editor.InnerTextAsync("#year-badge"));
        Assert.NotNull(await server.Store.YearLockAsync(2023, Ct));
        await ShotAsync(editor, artifacts, "02-locked");

        // Confirming the lock again is refused: the page says why, styled, with status 409.
        var refused = await PostAndWaitAsync(second, "#lock-confirm", "/year/2023");
        Assert.Equal(409, refused.Status);
        await second.Locator("#message").Filter(new LocatorFilterOptions { HasText = "2023 is already locked" }).WaitForAsync();
        Assert.Equal("locked", await second.InnerTextAsync("#year-state"));
        await ShotAsync(second, artifacts, "03-second-lock-refused");

        // The focal point who had not started sees the lock, not a button to start.
        var focal = await SignInToAsync(browser, server, log, "focal-mali");
        Assert.Equal(0, await focal.Locator("#open-submission").CountAsync());
        Assert.Contains("2023 is locked", await focal.InnerTextAsync("#year-locked-notice"), StringComparison.Ordinal);
        Assert.Equal("2023: locked", await focal.InnerTextAsync("#year-badge"));
        await ShotAsync(focal, artifacts, "04-focal-point-sees-the-lock");

        // The editor may not unlock; the administrator does, and the audit log says who and when.
        Assert.Equal(0, await editor.Locator("#unlock").CountAsync());
        var admin = await SignInToAsync(browser, server, log, "admin");
        await admin.GotoAsync("/year/2023");
        await FollowAsync(admin, "#unlock", new Regex("/year/2023\\?done=unlocked$"), log);
        Assert.Equal("open", await admin.InnerTextAsync("#year-state"));
        Assert.Null(await server.Store.YearLockAsync(2023, Ct));
        await ShotAsync(admin, artifacts, "05-unlocked");
        var unlock = (await server.Store.AuditAsync(new AuditQuery("year 2023"), Ct))[0];
        Assert.Equal(("admin", "unlock"), (unlock.Actor, unlock.Action));
        Assert.True(DateTimeOffset.UtcNow - unlock.At < TimeSpan.FromMinutes(5));
        await admin.GotoAsync("/audit?entity=year%202023");
        Assert.Contains("unlock", await admin.InnerTextAsync("#audit tbody tr:first-child"), StringComparison.Ordinal);

        // Unlocking again is refused with a styled message; the focal point may start again.
        await admin.GotoAsync("/year/2023");
        Assert.Equal(0, await admin.Locator("#unlock").CountAsync());
        await focal.ReloadAsync();
        Assert.Equal(1, await focal.Locator("button#open-submission").CountAsync());
        Assert.Equal("2023: open", await focal.InnerTextAsync("#year-badge"));
    }

    private static async Task ShotAsync(IPage page, DirectoryInfo artifacts, string name)
    {
        var path = Path.Combine(artifacts.FullName, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.AddAttachment(Path.GetFileName(path), await File.ReadAllBytesAsync(path, Ct), "image/png");
    }

    [GeneratedRegex("/overview\\?year=\\d+$")]
    private static partial Regex OverviewPage();
}
