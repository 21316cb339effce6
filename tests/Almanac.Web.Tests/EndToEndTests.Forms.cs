using System.Text.RegularExpressions;
using Almanac.Tests;
using Microsoft.Playwright;

namespace Almanac.Web.Tests;

/// <summary>
/// The questionnaire form in Chromium: a count of 2.5 is refused beside its field in the question's words and never
/// saved; the reviewer comments on the question, the focal point replies, the reviewer resolves the thread, which then
/// shows collapsed as resolved; the submit asks for confirmation, says what happens, and the page after it confirms
/// the state and shows the answers as text, without fields.
/// </summary>
public sealed partial class EndToEndTests
{
    [Fact]
    public async Task A_count_of_2_5_is_refused_beside_its_field_a_question_thread_is_resolved_and_the_submit_is_confirmed_in_chromium()
    {
        var chromium = TestChromium.Require();
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "e2e-forms"));
        var log = new RequestLog();
        await using var server = await PlatformServer.StartAsync(overrides: log.AddTo);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);

        var focal = await SignInToAsync(browser, server, log, "focal-mali");
        await FollowAsync(focal, "#open-submission", SubmissionPage(), log);
        var submissionUrl = focal.Url;
        var id = long.Parse(submissionUrl[(submissionUrl.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

        // 2.5 products: the message stands beside the field, in the question's words, and the answer is not saved.
        await focal.CheckAsync("input[name='answer:psea-focal-point'][value='yes']");
        await focal.FillAsync("input[name='answer:data-products']", "2.5");
        var beside = focal.Locator("#q-data-products .field-error");
        await beside.Filter(new LocatorFilterOptions { HasText = "a count is a whole number (you entered '2.5')" }).WaitForAsync();
        Assert.StartsWith("“How many data products (reports, dashboards, datasets) did the office publish?”", await beside.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await focal.GetAttributeAsync("input[name='answer:data-products']", "aria-invalid"));
        await focal.Locator("#autosave-status").Filter(new LocatorFilterOptions { HasText = "answers not saved until corrected: 1" }).WaitForAsync();
        await ShotAsync(focal, artifacts, "01-count-refused-beside-its-field");
        var answers = await server.Store.AnswersAsync(id, Ct);
        Assert.Equal("yes", answers["psea-focal-point"]);
        Assert.False(answers.ContainsKey("data-products"));

        // Corrected: the message goes, the answer is saved, and the progress says what is left.
        await focal.FillAsync("input[name='answer:data-products']", "6");
        await focal.CheckAsync("input[name='answer:emergency-response'][value='no']");
        await focal.CheckAsync("input[name='answer:durable-solutions'][value='Partly']");
        await focal.Locator("#progress-overall").Filter(new LocatorFilterOptions { HasText = "4 of 4 required questions answered" }).WaitForAsync();
        Assert.True(await beside.IsHiddenAsync());
        Assert.Equal("6", (await server.Store.AnswersAsync(id, Ct))["data-products"]);

        // The reviewer comments on the question; the submission's version stays, so the focal point's page is not stale.
        var reviewer = await SignInToAsync(browser, server, log, "reviewer-dakar");
        await reviewer.GotoAsync(submissionUrl);
        await reviewer.ClickAsync("#thread-data-products .add-comment summary");
        await reviewer.FillAsync("#thread-data-products textarea", "The regional hub counted six: please confirm.");
        await FollowAsync(reviewer, "#thread-data-products .comment-button", ThreadOnPage(), log);
        Assert.Equal("reviewer-dakar", await reviewer.InnerTextAsync("#thread-data-products .thread-comment .author"));
        await ShotAsync(reviewer, artifacts, "02-reviewer-comments");

        // The focal point replies in the thread (a pending autosave is saved first).
        await focal.GotoAsync(submissionUrl);
        Assert.Contains("The regional hub counted six", await focal.InnerTextAsync("#thread-data-products .thread-comments"), StringComparison.Ordinal);
        await focal.ClickAsync("#thread-data-products .add-comment summary");
        await focal.FillAsync("#thread-data-products textarea", "Confirmed: six, as the hub counted.");
        await FollowAsync(focal, "#thread-data-products .comment-button", ThreadOnPage(), log);
        Assert.Equal(["reviewer-dakar", "focal-mali"], await focal.Locator("#thread-data-products .thread-comment .author").AllInnerTextsAsync());

        // The reviewer resolves it: collapsed, marked resolved.
        await reviewer.GotoAsync(submissionUrl);
        await FollowAsync(reviewer, "#thread-data-products .resolve-button", ThreadOnPage(), log);
        Assert.Contains("resolved", await reviewer.GetAttributeAsync("#thread-data-products", "class") ?? "", StringComparison.Ordinal);
        Assert.Contains("resolved by reviewer-dakar", await reviewer.InnerTextAsync("#thread-data-products summary"), StringComparison.Ordinal);
        Assert.Null(await reviewer.GetAttributeAsync("#thread-data-products details.thread-comments", "open"));
        Assert.False(await reviewer.IsVisibleAsync("#thread-data-products .thread-comment"));
        await ShotAsync(reviewer, artifacts, "03-thread-resolved");

        // Submitting asks first and says what happens; the page after it confirms, read-only, without fields.
        await focal.GotoAsync(submissionUrl);
        await focal.ClickAsync("#submit");
        var dialog = focal.Locator("#submit-dialog");
        await dialog.WaitForAsync();
        Assert.Contains("read-only", await dialog.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("reviewer of your region", await dialog.InnerTextAsync(), StringComparison.Ordinal);
        await ShotAsync(focal, artifacts, "04-submit-asks-for-confirmation");
        await FollowAsync(focal, "#confirm-submit", SubmittedPage(), log);
        Assert.Contains("Submitted for review.", await focal.InnerTextAsync("#submitted-confirmation"), StringComparison.Ordinal);
        Assert.Equal("submitted", await focal.InnerTextAsync("#state"));
        Assert.Contains("read-only", await focal.InnerTextAsync("#read-only"), StringComparison.Ordinal);
        Assert.Equal(0, await focal.Locator("#answers [name^='answer:'], #answers input:not([type=hidden]), #answers select").CountAsync());
        Assert.Equal("6", await focal.InnerTextAsync("[data-answer-of='data-products']"));
        await ShotAsync(focal, artifacts, "05-submitted-read-only");
        Assert.Equal(Domain.Platform.SubmissionState.Submitted, (await server.Store.SubmissionAsync(id, Ct))!.State);
    }

    /// <summary>The submission page a thread's post leads back to, at the thread (each post here is made from the page without the fragment).</summary>
    [GeneratedRegex("/submission/\\d+#thread-data-products$")]
    private static partial Regex ThreadOnPage();

    [GeneratedRegex("/submission/\\d+\\?submitted=true$")]
    private static partial Regex SubmittedPage();
}
