using System.Globalization;
using System.Text.RegularExpressions;
using Almanac.Tests;
using Microsoft.Playwright;

namespace Almanac.Web.Tests;

/// <summary>
/// The offline questionnaire in Chromium: the focal point downloads the workbook from the submission's page, a person
/// fills it in (the OpenXML SDK here), uploads a copy with a mistake and sees the sheet and cell named, then the
/// corrected copy, whose answers are stored; the page's offline part fits 390 px.
/// </summary>
public sealed partial class EndToEndTests
{
    [Fact]
    public async Task The_workbook_downloads_from_the_submission_page_and_its_filled_copy_uploads_in_chromium()
    {
        var chromium = TestChromium.Require();
        var log = new RequestLog();
        await using var server = await PlatformServer.StartAsync(overrides: log.AddTo);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        var questionnaire = (await server.Store.QuestionnaireAsync(2023, Ct))!;
        var directory = Directory.CreateTempSubdirectory("almanac-e2e-workbook-");
        try
        {
            var focal = await SignInToAsync(browser, server, log, "focal-mali");
            await FollowAsync(focal, "#open-submission", SubmissionPage(), log);
            var id = long.Parse(focal.Url[(focal.Url.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);

            var download = await focal.RunAndWaitForDownloadAsync(() => focal.ClickAsync("#workbook-download"));
            Assert.Matches(@"^questionnaire-2023-CO-MLI-v\d+\.xlsx$", download.SuggestedFilename);
            var downloaded = await File.ReadAllBytesAsync(await download.PathAsync(), Ct);

            // A copy with a mistake: the page names the sheet and the cell, and nothing is stored.
            var wrong = Path.Combine(directory.FullName, "wrong.xlsx");
            (string Sheet, string Cell) mistake;
            using (var workbook = new FilledWorkbook(downloaded))
            {
                workbook.Type(questionnaire.Question("emergency-response")!.Text, "No");
                mistake = workbook.Type(questionnaire.Question("data-products")!.Text, 2.5m);
                await File.WriteAllBytesAsync(wrong, workbook.Save(), Ct);
            }
            await focal.SetInputFilesAsync("#workbook-file", wrong);
            await FollowAsync(focal, "#workbook-upload button[type=submit]", WorkbookPosted(), log);
            Assert.Equal($"sheet '{mistake.Sheet}', cell {mistake.Cell}: a count is a whole number (the cell holds '2.5')", await focal.InnerTextAsync("#workbook-errors li"));
            Assert.Empty(await server.Store.AnswersAsync(id, Ct));

            var right = Path.Combine(directory.FullName, "right.xlsx");
            using (var workbook = new FilledWorkbook(downloaded))
            {
                workbook.Type(questionnaire.Question("emergency-response")!.Text, "No");
                workbook.Type(questionnaire.Question("durable-solutions")!.Text, "Fully");
                workbook.Type(questionnaire.Question("data-products")!.Text, 6);
                workbook.Type(questionnaire.Question("psea-focal-point")!.Text, "Yes");
                await File.WriteAllBytesAsync(right, workbook.Save(), Ct);
            }
            await focal.SetInputFilesAsync("#workbook-file", right);
            await FollowAsync(focal, "#workbook-upload button[type=submit]", WorkbookUploaded(), log);
            Assert.Contains("The workbook's answers were saved", await focal.InnerTextAsync("#workbook-uploaded"), StringComparison.Ordinal);
            var stored = await server.Store.AnswersAsync(id, Ct);
            Assert.Equal(new Dictionary<string, string> { ["emergency-response"] = "no", ["durable-solutions"] = "Fully", ["data-products"] = "6", ["psea-focal-point"] = "yes" },
                stored.ToDictionary(a => a.Key, a => a.Value));
            Assert.Equal("4 of 4 required questions answered", await focal.InnerTextAsync("#progress-overall"));

            // At 390 px the offline part is read without scrolling sideways.
            await focal.SetViewportSizeAsync(390, 800);
            Assert.True(await focal.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the submission page scrolls sideways at 390 px");
            var box = (await focal.Locator("#workbook").BoundingBoxAsync())!;
            Assert.True(box.X + box.Width <= 390, $"the offline part reaches {box.X + box.Width} px");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [GeneratedRegex("/submission/\\d+\\?handler=Workbook$", RegexOptions.IgnoreCase)]
    private static partial Regex WorkbookPosted();

    [GeneratedRegex("/submission/\\d+\\?uploaded=\\d+$")]
    private static partial Regex WorkbookUploaded();
}
