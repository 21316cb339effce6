using System.Text.RegularExpressions;
using Almanac.Store;
using Almanac.Tests;
using Microsoft.Playwright;

namespace Almanac.Web.Tests;

/// <summary>
/// The questionnaire designer in Chromium: an administrator adds a question to the demo's 2023 questionnaire (which
/// offices have started answering), moves it up, writes its French words, sees them in the live preview, and saves; the
/// focal point's form then asks it, in its place; gives the questionnaire a French title and adds a section named in three
/// languages, moved up, and is refused the removal of a section that holds questions. The designer and the form fit a
/// 390 px phone without sideways scrolling.
/// </summary>
public sealed partial class EndToEndTests
{
    [Fact]
    public async Task An_administrator_adds_moves_and_translates_a_question_in_the_designer_and_the_focal_points_form_asks_it_in_chromium()
    {
        var chromium = TestChromium.Require();
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "e2e-designer"));
        var log = new RequestLog();
        await using var server = await PlatformServer.StartAsync(overrides: log.AddTo);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        var before = (await server.Store.QuestionnaireAsync(2023, Ct))!;
        var firstSection = before.Sections[0].Questions.Select(q => q.Id).ToList();

        var admin = await SignInToAsync(browser, server, log, "admin");
        await admin.GotoAsync("/admin");
        await FollowAsync(admin, "a.design-link[href='/design/2023']", DesignPage(), log);
        Assert.Contains("submissions are started this year", await admin.InnerTextAsync("#started"), StringComparison.Ordinal);

        // Added at the end of the first section, open in the editor.
        await PostAndWaitAsync(admin, "#add-0", "/design/2023");
        await admin.Locator("#editor").WaitForAsync();
        Assert.Equal($"0.{firstSection.Count}", await admin.GetAttributeAsync("#outline li.selected", "data-place"));
        await admin.FillAsync("#field-id", "designer-log");
        await admin.FillAsync("#field-text-en", "Does the office keep a log of its designs?");
        await admin.CheckAsync("#field-required");
        await admin.FillAsync("#field-text-fr", "Le bureau tient-il un journal de ses conceptions ?");
        await KeepAsync(admin, artifacts, "01-question-added");

        // Moved up one place: the fields typed go with it.
        await PostAndWaitAsync(admin, "#outline li.selected button.up", "/design/2023");
        await admin.Locator("#editor").WaitForAsync();
        var outline = await admin.Locator("#outline ol.design-questions").First.Locator("> li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.question)");
        Assert.Equal([.. firstSection.Take(firstSection.Count - 1), "designer-log", firstSection[^1]], outline);
        Assert.Equal("Le bureau tient-il un journal de ses conceptions ?", await admin.InputValueAsync("#field-text-fr"));

        // The preview in French, drawn by the server as the fields change.
        await admin.SelectOptionAsync("#preview-language", "fr");
        await admin.Locator("#preview [data-preview-of='designer-log'] .text")
            .Filter(new LocatorFilterOptions { HasText = "Le bureau tient-il un journal de ses conceptions ? *" }).WaitForAsync();
        await admin.FillAsync("#field-text-fr", "Le bureau tient-il un registre de ses conceptions ?");
        await admin.Locator("#preview [data-preview-of='designer-log'] .text")
            .Filter(new LocatorFilterOptions { HasText = "registre" }).WaitForAsync();
        var previewed = await admin.Locator("#preview [data-preview-of]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.previewOf)");
        Assert.Equal(previewed.IndexOf(firstSection[^1]) - 1, previewed.IndexOf("designer-log"));
        await KeepAsync(admin, artifacts, "02-moved-and-previewed-in-french");

        // The questionnaire's French title, and a new section: named in three languages, moved up one place.
        var sections = before.Sections.Count;
        await admin.FillAsync("#title-fr", "Questionnaire institutionnel 2023 (révisé)");
        await PostAndWaitAsync(admin, "#add-section", "/design/2023");
        Assert.Equal(sections + 1, await admin.Locator("#outline h3").CountAsync());
        Assert.Equal($"{sections + 1}. New section", await admin.InnerTextAsync($"#section-{sections}"));
        await admin.ClickAsync($"#section-editor-{sections} summary");
        await admin.FillAsync($"#section-{sections}-title-en", "Data stewardship");
        await admin.FillAsync($"#section-{sections}-title-fr", "Gestion des données");
        await admin.FillAsync($"#section-{sections}-title-es", "Gestión de datos");
        await PostAndWaitAsync(admin, $"#section-editor-{sections} button.section-up", "/design/2023");
        Assert.Equal($"{sections}. Data stewardship", await admin.InnerTextAsync($"#section-{sections - 1}"));
        Assert.Equal("Le bureau tient-il un registre de ses conceptions ?", await admin.InputValueAsync("#field-text-fr"));
        Assert.Equal("Questionnaire institutionnel 2023 (révisé)", await admin.InputValueAsync("#title-fr"));
        // A section with questions is not removed (its questions go first, by the rules that keep answers); the empty one is.
        await admin.ClickAsync("#section-editor-0 summary");
        await PostAndWaitAsync(admin, "#section-editor-0 button.remove-section", "/design/2023");
        await admin.Locator("#message").Filter(new LocatorFilterOptions { HasText = $"section '{before.Sections[0].Title}' holds {firstSection.Count + 1} questions: move or remove them first" }).WaitForAsync();
        Assert.Equal(sections + 1, await admin.Locator("#outline h3").CountAsync());
        await PostAndWaitAsync(admin, "#add-section", "/design/2023");
        await admin.ClickAsync($"#section-editor-{sections + 1} summary");
        await PostAndWaitAsync(admin, $"#section-editor-{sections + 1} button.remove-section", "/design/2023");
        Assert.Equal(sections + 1, await admin.Locator("#outline h3").CountAsync());
        await KeepAsync(admin, artifacts, "02b-sections-and-title");

        await PostAndWaitAsync(admin, "#save", "/design/2023");
        await admin.Locator("#message").Filter(new LocatorFilterOptions { HasText = "Questionnaire 2023 saved" }).WaitForAsync();
        var saved = (await server.Store.QuestionnaireAsync(2023, Ct))!;
        var question = saved.Question("designer-log")!;
        Assert.Equal(("Does the office keep a log of its designs?", "Le bureau tient-il un registre de ses conceptions ?", true),
            (question.Text, question.TextIn("fr"), question.Required));
        Assert.Equal([.. firstSection.Take(firstSection.Count - 1), "designer-log", firstSection[^1]], saved.Sections[0].Questions.Select(q => q.Id));
        Assert.Equal(("Questionnaire institutionnel 2023 (révisé)", before.Title), (saved.TitleIn("fr"), saved.Title));
        Assert.Equal(sections + 1, saved.Sections.Count);
        var stewardship = saved.Sections[sections - 1];
        Assert.Equal(("Data stewardship", "Gestion des données", "Gestión de datos", 0), (stewardship.Title, stewardship.TitleIn("fr"), stewardship.TitleIn("es"), stewardship.Questions.Count));
        Assert.Equal(before.Sections.Select(x => x.Id).Take(sections - 1).Append(stewardship.Id).Append(before.Sections[^1].Id), saved.Sections.Select(x => x.Id));
        var audit = await server.Store.AuditAsync(new AuditQuery("questionnaire 2023"), Ct);
        Assert.Equal(("admin", "update"), (audit[0].Actor, audit[0].Action));
        await KeepAsync(admin, artifacts, "03-saved");

        // The focal point's form asks it, in its place; in French, in French.
        var focal = await SignInToAsync(browser, server, log, "focal-mali");
        await FollowAsync(focal, "#open-submission", SubmissionPage(), log);
        Assert.Equal("Does the office keep a log of its designs? *", await focal.InnerTextAsync("#text-designer-log"));
        var asked = await focal.Locator("#section-saving-lives [data-question]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.question)");
        Assert.Equal(asked.IndexOf(firstSection[^1]) - 1, asked.IndexOf("designer-log"));
        Assert.Equal(2, await focal.Locator("input[name='answer:designer-log']").CountAsync());
        await focal.GotoAsync($"/language?culture=fr&returnUrl={Uri.EscapeDataString(new Uri(focal.Url).AbsolutePath)}");
        Assert.Equal("Le bureau tient-il un registre de ses conceptions ? *", await focal.InnerTextAsync("#text-designer-log"));

        // A phone: neither page scrolls sideways.
        foreach (var (page, path, name) in new[] { (admin, "/design/2023?selected=0.0", "04-designer-390"), (focal, new Uri(focal.Url).AbsolutePath, "05-form-390") })
        {
            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync(path);
            var (scrollWidth, innerWidth) = await WidthsAsync(page);
            Assert.True(scrollWidth <= innerWidth, $"{path} is {scrollWidth} px wide in a {innerWidth} px window");
            await KeepAsync(page, artifacts, name);
        }
        Assert.True(await admin.IsVisibleAsync("#editor"));
    }

    [GeneratedRegex("/design/2023$")]
    private static partial Regex DesignPage();
}
