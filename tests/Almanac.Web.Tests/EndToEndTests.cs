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
public sealed partial class EndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_submission_goes_through_review_in_chromium_and_the_results_count_it()
    {
        var chromium = HeadlessChromium.Require();
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "e2e"));
        await using var server = await PlatformServer.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium.Executable,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var step = 0;
        async Task ShotAsync(IPage page, string name)
        {
            var path = Path.Combine(artifacts.FullName, $"{++step:00}-{name}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            TestContext.Current.AddAttachment(Path.GetFileName(path), await File.ReadAllBytesAsync(path, Ct), "image/png");
        }
        async Task<IPage> SignInAsync(string user)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString(), ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/login");
            await page.FillAsync("input[name=UserName]", user);
            await page.FillAsync("input[name=Password]", server.Credential(user).Password);
            // Sign-in verifies a deliberately slow password hash; the home page counts once its document is parsed.
            await page.ClickAsync("button[type=submit]");
            await page.WaitForURLAsync(new Regex("/$"), new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 60_000 });
            return page;
        }
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
        await focal.ClickAsync("#open-submission");
        await focal.WaitForURLAsync(new Regex("/submission/\\d+$"));
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
        await focal.WaitForURLAsync(new Regex("/$"));
        Assert.Contains("submitted", await focal.InnerTextAsync(".state"), StringComparison.Ordinal);
        await ShotAsync(focal, "focal-point-submitted");

        // The reviewer of the region returns it with a comment.
        var reviewer = await SignInAsync("reviewer-dakar");
        await reviewer.GotoAsync(submissionUrl);
        await reviewer.FillAsync("#comment", "Please check the number of data products: the regional hub counted six.");
        await ShotAsync(reviewer, "reviewer-writes-comment");
        await reviewer.ClickAsync("#return");
        await reviewer.WaitForURLAsync(new Regex("/$"));
        await ShotAsync(reviewer, "reviewer-returned");

        // The focal point sees the comment, corrects and resubmits.
        await focal.GotoAsync("/");
        Assert.Contains("the regional hub counted six", await focal.InnerTextAsync(".comment"), StringComparison.Ordinal);
        await ShotAsync(focal, "focal-point-sees-returned");
        await focal.GotoAsync(submissionUrl);
        await focal.FillAsync("input[name='answer:data-products']", "6");
        await focal.ClickAsync("#submit");
        await focal.WaitForURLAsync(new Regex("/$"));
        await ShotAsync(focal, "focal-point-resubmitted");

        // The reviewer approves; the editor's results count one office more.
        await reviewer.GotoAsync(submissionUrl);
        await reviewer.ClickAsync("#approve");
        await reviewer.WaitForURLAsync(new Regex("/$"));
        await ShotAsync(reviewer, "reviewer-approved");
        Assert.Equal(before + 1, await CountAsync(editor));
        await ShotAsync(editor, "editor-results");

        var id = long.Parse(submissionUrl[(submissionUrl.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var answers = await server.Store.AnswersAsync(id, Ct);
        Assert.Equal("6", answers["data-products"]);
        Assert.Equal("1200", answers["people-assisted/Displaced persons/Women"]);
        TestContext.Current.SendDiagnosticMessage($"Screenshots of each step kept in {artifacts.FullName}.");
    }

    [GeneratedRegex("^\\d+")]
    private static partial Regex LeadingNumber();
}
