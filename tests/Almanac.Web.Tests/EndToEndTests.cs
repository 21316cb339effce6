using System.Text.RegularExpressions;
using Almanac.Tests;
using Microsoft.Playwright;

namespace Almanac.Web.Tests;

/// <summary>
/// The review cycle in a real headless Chromium (Debian's, driven by Playwright, which never downloads a browser): a
/// focal point signs in, fills in and submits; the regional reviewer returns it with a comment; the focal point
/// corrects and resubmits; the reviewer approves; the editor's results page counts one office more. A screenshot of
/// each step is kept in the test's artifacts folder.
/// </summary>
/// <remarks>
/// The browser tests run alone (<see cref="BrowserTests"/>): a page's wait must measure this server, not the other
/// test classes of the assembly competing for the process's threads. A page that does not arrive fails with what the
/// browser shows and every request the server saw (<see cref="RequestLog"/>).
/// </remarks>
[Collection(nameof(BrowserTests))]
public sealed partial class EndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_submission_goes_through_review_in_chromium_and_the_results_count_it()
    {
        var chromium = TestChromium.Require();
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "e2e"));
        var log = new RequestLog();
        await using var server = await PlatformServer.StartAsync(overrides: log.AddTo);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        var step = 0;
        async Task ShotAsync(IPage page, string name)
        {
            var path = Path.Combine(artifacts.FullName, $"{++step:00}-{name}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            TestContext.Current.AddAttachment(Path.GetFileName(path), await File.ReadAllBytesAsync(path, Ct), "image/png");
        }
        Task<IPage> SignInAsync(string user) => SignInToAsync(browser, server, log, user);
        async Task<int> CountAsync(IPage editorPage)
        {
            await editorPage.GotoAsync("/results?year=2023");
            var text = await editorPage.Locator("tr[data-question='psea-focal-point'][data-answer='yes'] td.overall").InnerTextAsync();
            return int.Parse(LeadingNumber().Match(text).Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        var editor = await SignInAsync("editor");
        var before = await CountAsync(editor);

        // The focal point fills in the questionnaire: the table appears once the emergency question is answered yes.
        var focal = await SignInAsync("focal-mali");
        await ShotAsync(focal, "focal-point-signed-in");
        await FollowAsync(focal, "#open-submission", SubmissionPage(), log);
        var submissionUrl = focal.Url;
        Assert.False(await focal.IsVisibleAsync("#q-people-assisted"));
        await focal.CheckAsync("input[name='answer:emergency-response'][value='yes']");
        Assert.True(await focal.IsVisibleAsync("#q-people-assisted"));
        foreach (var (row, women, men) in new[] { ("Displaced persons", "1200", "1100"), ("Migrants", "300", "420"), ("Host community members", "80", "95") })
        {
            await focal.FillAsync($"input[name='answer:people-assisted/{row}/Women']", women);
            await focal.FillAsync($"input[name='answer:people-assisted/{row}/Men']", men);
        }
        await focal.CheckAsync("input[name='answer:durable-solutions'][value='Partly']");
        await focal.CheckAsync("input[name='answer:pathway-areas'][value='Labour mobility']");
        await focal.FillAsync("input[name='answer:data-products']", "5");
        await focal.CheckAsync("input[name='answer:psea-focal-point'][value='yes']");
        await focal.Locator("#autosave-status").Filter(new LocatorFilterOptions { HasText = "All changes saved" }).WaitForAsync();
        await ShotAsync(focal, "focal-point-filled-in-autosaved");
        await focal.ClickAsync("#submit");
        await FollowAsync(focal, "#confirm-submit", SubmittedPage(), log);
        Assert.Contains("submitted", await focal.InnerTextAsync(".state"), StringComparison.Ordinal);
        await ShotAsync(focal, "focal-point-submitted");

        // The reviewer of the region returns it with a comment.
        var reviewer = await SignInAsync("reviewer-dakar");
        await reviewer.GotoAsync(submissionUrl);
        // Read-only, as text: the table "yes" shows stays shown, without fields.
        Assert.True(await reviewer.IsVisibleAsync("#q-people-assisted [data-answer-of='people-assisted']"));
        Assert.Equal(0, await reviewer.Locator("#answers [name^='answer:']").CountAsync());
        await reviewer.FillAsync("#comment", "Please check the number of data products: the regional hub counted six.");
        await ShotAsync(reviewer, "reviewer-writes-comment");
        await FollowAsync(reviewer, "#return", HomePage(), log);
        await ShotAsync(reviewer, "reviewer-returned");

        // The focal point sees the comment, corrects and resubmits.
        await focal.GotoAsync("/");
        Assert.Contains("the regional hub counted six", await focal.InnerTextAsync(".comment"), StringComparison.Ordinal);
        await ShotAsync(focal, "focal-point-sees-returned");
        await focal.GotoAsync(submissionUrl);
        await focal.FillAsync("input[name='answer:data-products']", "6");
        await focal.ClickAsync("#submit");
        await FollowAsync(focal, "#confirm-submit", SubmittedPage(), log);
        await ShotAsync(focal, "focal-point-resubmitted");

        // The reviewer approves; the editor's results count one office more.
        await reviewer.GotoAsync(submissionUrl);
        await FollowAsync(reviewer, "#approve", HomePage(), log);
        await ShotAsync(reviewer, "reviewer-approved");
        Assert.Equal(before + 1, await CountAsync(editor));
        await ShotAsync(editor, "editor-results");

        var id = long.Parse(submissionUrl[(submissionUrl.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var answers = await server.Store.AnswersAsync(id, Ct);
        Assert.Equal("6", answers["data-products"]);
        Assert.Equal("1200", answers["people-assisted/Displaced persons/Women"]);
        TestContext.Current.SendDiagnosticMessage($"Screenshots of each step kept in {artifacts.FullName}.");
    }

    /// <summary>
    /// A change made while an autosave is on its way waits for it and is saved with the version it produced: the page
    /// never sends two saves from one version (the server would refuse the second as stale and autosaving would stop).
    /// The first save is held at the browser's network layer until the second change has had time to be scheduled.
    /// </summary>
    [Fact]
    public async Task A_change_made_while_a_save_is_on_its_way_is_saved_after_it_without_a_conflict()
    {
        var chromium = TestChromium.Require();
        var log = new RequestLog();
        await using var server = await PlatformServer.StartAsync(overrides: log.AddTo);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        var focal = await SignInToAsync(browser, server, log, "focal-mali");
        await FollowAsync(focal, "#open-submission", SubmissionPage(), log);
        var id = long.Parse(focal.Url[(focal.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var version = (await server.Store.SubmissionAsync(id, Ct))!.Version;

        var saves = 0;
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await focal.RouteAsync("**/api/submissions/*/answers", async route =>
        {
            if (Interlocked.Increment(ref saves) == 1)
            {
                firstArrived.SetResult();
                await releaseFirst.Task;
            }
            await route.ContinueAsync();
        });

        await focal.CheckAsync("input[name='answer:psea-focal-point'][value='yes']");
        await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await focal.FillAsync("input[name='answer:data-products']", "5");
        // Four times the page's 600 ms debounce: the second save is due, and must wait for the first.
        await Task.Delay(2400, Ct);
        Assert.Equal(1, Volatile.Read(ref saves));
        releaseFirst.SetResult();

        await focal.Locator("#autosave-status").Filter(new LocatorFilterOptions { HasText = $"All changes saved (version {version + 2})" })
            .WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.Equal(2, Volatile.Read(ref saves));
        var answers = await server.Store.AnswersAsync(id, Ct);
        Assert.Equal(("yes", "5"), (answers["psea-focal-point"], answers["data-products"]));
    }

    /// <summary>
    /// Account administration in Chromium: the administrator creates a focal point's account on the Accounts page (its
    /// generated password shown once) and a regional reviewer's, the new account signs in with it, the administrator disables it, and its session
    /// ends: its next page is the sign-in page. Every click that loads a page waits for the navigation it causes.
    /// </summary>
    [Fact]
    public async Task An_administrator_creates_an_account_that_signs_in_and_disabling_it_ends_its_session_in_chromium()
    {
        var chromium = TestChromium.Require();
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "e2e-accounts"));
        var log = new RequestLog();
        await using var server = await PlatformServer.StartAsync(overrides: log.AddTo);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        async Task ShotAsync(IPage page, string name)
        {
            var path = Path.Combine(artifacts.FullName, $"{name}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            TestContext.Current.AddAttachment(Path.GetFileName(path), await File.ReadAllBytesAsync(path, Ct), "image/png");
        }

        var admin = await SignInToAsync(browser, server, log, "admin");
        await admin.GotoAsync("/accounts");
        await admin.FillAsync("#create-account input[name=UserName]", "focal-niger");
        await admin.FillAsync("#create-account input[name=DisplayName]", "Focal point, Niger");
        await admin.SelectOptionAsync("#create-account select[name=Role]", "focal-point");
        await admin.FillAsync("#create-account input[name=Office]", "CO-NER");
        // Each form post waits for its own response (the waiter is set before the click), then for the page it rendered.
        await PostAndWaitAsync(admin, "#create", "/accounts");
        await admin.Locator("#message").Filter(new LocatorFilterOptions { HasText = "Account focal-niger created (focal-point, CO-NER)." }).WaitForAsync();
        var password = await admin.InnerTextAsync("#generated-password");
        Assert.Equal(20, password.Length);
        await ShotAsync(admin, "01-account-created");

        // A regional reviewer, scoped to a region rather than an office.
        await admin.FillAsync("#create-account input[name=UserName]", "reviewer-west");
        await admin.FillAsync("#create-account input[name=DisplayName]", "Reviewer, West and Central Africa");
        await admin.SelectOptionAsync("#create-account select[name=Role]", "regional-reviewer");
        await admin.FillAsync("#create-account input[name=Office]", "");
        await admin.FillAsync("#create-account input[name=Region]", Demo.PlatformDemo.ReviewerRegion);
        await PostAndWaitAsync(admin, "#create", "/accounts");
        await admin.Locator("#message").Filter(new LocatorFilterOptions { HasText = "Account reviewer-west created (regional-reviewer, " + Demo.PlatformDemo.ReviewerRegion + ")." }).WaitForAsync();
        var reviewer = (await server.Store.AccountAsync("reviewer-west", Ct))!.Account;
        Assert.Equal((Domain.Platform.Role.RegionalReviewer, null, Demo.PlatformDemo.ReviewerRegion), (reviewer.Role, reviewer.Office, (string?)reviewer.Region));
        await ShotAsync(admin, "01b-reviewer-created");

        // The new account signs in with the password shown once, and sees its office.
        var focal = await SignInToAsync(browser, server, log, "focal-niger", password);
        Assert.Contains("Niger", await focal.InnerTextAsync("main"), StringComparison.Ordinal);
        await ShotAsync(focal, "02-new-account-signed-in");

        // Disabled by the administrator: the row says so, and the account's next request is sent to sign in.
        await PostAndWaitAsync(admin, "tr[data-user='focal-niger'] button.disable", "/accounts");
        await admin.Locator("#message").Filter(new LocatorFilterOptions { HasText = "Account focal-niger is disabled" }).WaitForAsync();
        Assert.Equal("disabled", await admin.InnerTextAsync("tr[data-user='focal-niger'] td.status"));
        await ShotAsync(admin, "03-account-disabled");
        // Reloading waits for its own navigation (the redirect to sign in included).
        await focal.ReloadAsync();
        Assert.Contains("/login", focal.Url, StringComparison.Ordinal);
        await ShotAsync(focal, "04-disabled-account-sent-to-sign-in");
        Assert.True((await server.Store.AccountAsync("focal-niger", Ct))!.Disabled);
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright, Almanac.Publish.Publications.Pdf.HeadlessChromium chromium) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium.Executable,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

    /// <param name="locale">The browser's language (its Accept-Language), its default when null.</param>
    private static async Task<IPage> SignInToAsync(IBrowser browser, PlatformServer server, RequestLog log, string user, string? password = null, string? locale = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString(), ViewportSize = new ViewportSize { Width = 1200, Height = 900 }, Locale = locale });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("input[name=UserName]", user);
        await page.FillAsync("input[name=Password]", password ?? server.Credential(user).Password);
        // Sign-in verifies a deliberately slow password hash.
        await FollowAsync(page, "main button[type=submit]", HomePage(), log);
        return page;
    }

    /// <summary>
    /// Clicks what sends the page to another (a form's button, a link) and waits until the next page's document has loaded
    /// and its scripts have run. The destination must differ from the page clicked on. A minute is far beyond any request
    /// here; past it, the failure says what the browser shows and what the server saw.
    /// </summary>
    private static async Task FollowAsync(IPage page, string selector, Regex destination, RequestLog log)
    {
        var from = page.Url;
        await page.ClickAsync(selector);
        if (!await PageArrival.WaitAsync(page, destination.IsMatch, TimeSpan.FromSeconds(60)))
        {
            var shown = await page.InnerTextAsync("body", new PageInnerTextOptions { Timeout = 5_000 });
            throw new TimeoutException(
                $"clicking {selector} on {from} did not lead to {destination} within 60 s: the page is {page.Url} and reads \"{(shown.Length > 600 ? shown[..600] : shown)}\"; the server saw:\n{log}");
        }
    }

    [GeneratedRegex("/$")]
    private static partial Regex HomePage();

    [GeneratedRegex("/submission/\\d+$")]
    private static partial Regex SubmissionPage();

    /// <summary>
    /// Clicks a form's button and waits for the response to the form's POST to <paramref name="path"/> (as the page routes it:
    /// without case, the forms post to /Accounts), the waiter set up before the click.
    /// </summary>
    private static Task<IResponse> PostAndWaitAsync(IPage page, string button, string path) =>
        page.RunAndWaitForResponseAsync(() => page.ClickAsync(button), r => r.Request.Method == "POST" && string.Equals(new Uri(r.Url).AbsolutePath, path, StringComparison.OrdinalIgnoreCase),
            new PageRunAndWaitForResponseOptions { Timeout = 60_000 });

    [GeneratedRegex("^\\d+")]
    private static partial Regex LeadingNumber();
}

/// <summary>The tests that drive Chromium: run one at a time, after and apart from the assembly's other tests.</summary>
[CollectionDefinition(nameof(BrowserTests), DisableParallelization = true)]
public sealed class BrowserTests;
