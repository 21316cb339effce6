using System.Text.RegularExpressions;
using Almanac.Domain.Platform;
using Almanac.Tests;
using Microsoft.Playwright;

namespace Almanac.Web.Tests;

/// <summary>The Offices page in Chromium. Screenshots are kept in bin/…/artifacts/e2e-offices and attached to the test's result.</summary>
public sealed partial class EndToEndTests
{
    /// <summary>
    /// The administrator reaches the Offices page from Administration, is refused an office whose region names no
    /// regional office (the message beside the region field), adds it with a right region, changes its name and finds
    /// it by searching a word of the new name; the page, with its change form and a refusal open, fits a 390 px phone
    /// in English and in French, and shows its own words in French (its refusals too).
    /// </summary>
    [Fact]
    public async Task An_administrator_adds_an_office_changes_its_name_and_finds_it_by_search_on_a_phone_and_in_french_in_chromium()
    {
        var chromium = TestChromium.Require();
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "e2e-offices"));
        var log = new RequestLog();
        await using var server = await PlatformServer.StartAsync(overrides: log.AddTo);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);

        var admin = await SignInToAsync(browser, server, log, "admin");
        await admin.GotoAsync("/admin");
        await FollowAsync(admin, "#offices-link a", OfficesPage(), log);
        Assert.Equal("Offices", await admin.InnerTextAsync("h1"));

        // Refused: the message beside the region field names the value; what was typed stays.
        await admin.FillAsync("#add-office input[name=Code]", "CO-XTE");
        await admin.FillAsync("#add-office input[name=Name]", "Test office Echo");
        await admin.SelectOptionAsync("#add-office select[name=Kind]", "country");
        await admin.FillAsync("#add-office input[name=OfficeRegion]", "RO-NONE");
        await admin.FillAsync("#add-office input[name=Country]", "mli");
        await PostAndWaitAsync(admin, "#add", "/offices");
        await admin.Locator("#add-error-region").Filter(new LocatorFilterOptions { HasText = "region 'RO-NONE': names no regional office" }).WaitForAsync();
        Assert.Equal("Test office Echo", await admin.InputValueAsync("#add-office input[name=Name]"));
        Assert.DoesNotContain(await server.Store.OfficesAsync(Ct), o => o.Code == "CO-XTE");
        await KeepAsync(admin, artifacts, "01-refused-beside-the-region");

        await admin.FillAsync("#add-office input[name=OfficeRegion]", "RO-DAK");
        await PostAndWaitAsync(admin, "#add", "/offices");
        await admin.Locator("#message").Filter(new LocatorFilterOptions { HasText = "Office CO-XTE added." }).WaitForAsync();
        Assert.Equal("Country office", await admin.InnerTextAsync("tr[data-office='CO-XTE'] td.kind"));
        await KeepAsync(admin, artifacts, "02-added");

        // Its name changed through the row's change form; the code stays.
        await FollowAsync(admin, "tr[data-office='CO-XTE'] a.change", new Regex("edit=CO-XTE"), log);
        Assert.Equal("Test office Echo", await admin.InputValueAsync("#edit-office input[name=Name]"));
        await admin.FillAsync("#edit-office input[name=Name]", "Test office Echo (Timbuktu)");
        await PostAndWaitAsync(admin, "#save-office", "/offices");
        await admin.Locator("#message").Filter(new LocatorFilterOptions { HasText = "Office CO-XTE changed." }).WaitForAsync();
        Assert.Equal(new Office("CO-XTE", "Test office Echo (Timbuktu)", OfficeKind.CountryOffice, "RO-DAK", "MLI"), (await server.Store.OfficesAsync(Ct)).Single(o => o.Code == "CO-XTE"));

        // Found by a word of its new name: the one office listed; in its region too, and not in another's.
        await admin.GotoAsync("/offices");
        await admin.FillAsync("#office-filters input[name=q]", "timbuktu");
        await FollowAsync(admin, "#search-offices", new Regex("q=timbuktu"), log);
        Assert.Equal(["CO-XTE"], await admin.Locator("#offices tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.office)"));
        Assert.Equal("Test office Echo (Timbuktu)", await admin.InnerTextAsync("tr[data-office='CO-XTE'] td.name"));
        await admin.SelectOptionAsync("#office-filters select[name=region]", "RO-DAK");
        await FollowAsync(admin, "#search-offices", new Regex("region=RO-DAK"), log);
        Assert.Equal(1, await admin.Locator("#offices tbody tr").CountAsync());
        await admin.SelectOptionAsync("#office-filters select[name=region]", "RO-CAI");
        await FollowAsync(admin, "#search-offices", new Regex("region=RO-CAI"), log);
        Assert.Equal(0, await admin.Locator("#offices tbody tr").CountAsync());
        Assert.Equal("No office matches.", await admin.InnerTextAsync("#offices-empty"));
        await KeepAsync(admin, artifacts, "03-found-by-search");

        // On a phone, in English and French: the list, the change form, and a refusal beside its field fit the width.
        var failures = new List<string>();
        foreach (var language in new[] { "en", "fr" })
        {
            await admin.SetViewportSizeAsync(390, 844);
            await admin.GotoAsync($"/language?culture={language}&returnUrl=%2Foffices");
            foreach (var (name, path) in new[] { ("list", "/offices"), ("change", "/offices?edit=RO-DAK#edit") })
            {
                await admin.GotoAsync(path);
                Assert.Equal(language, await admin.GetAttributeAsync("html", "lang"));
                var (scrollWidth, innerWidth) = await WidthsAsync(admin);
                if (scrollWidth > innerWidth) failures.Add($"{language} {path}: the document is {scrollWidth} px wide at {innerWidth}");
                await KeepAsync(admin, artifacts, $"04-390-{language}-{name}");
                await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts.FullName, $"04-390-{language}-{name}-screen.png") });
            }
            await admin.FillAsync("#add-office input[name=Code]", "CO XTF");
            await admin.FillAsync("#add-office input[name=Name]", "Test office Foxtrot");
            await PostAndWaitAsync(admin, "#add", "/offices");
            await admin.Locator("#add-error-code").WaitForAsync();
            // The refusal is the domain's rule said in the page's language, beside its field.
            Assert.Equal(language == "fr" ? "code 'CO XTF' : un code n'a que des lettres A–Z, des chiffres et - _ ." : "code 'CO XTF': a code has only letters A–Z, digits and - _ .",
                await admin.InnerTextAsync("#add-error-code"));
            var (refusedWidth, refusedInner) = await WidthsAsync(admin);
            if (refusedWidth > refusedInner) failures.Add($"{language} a refusal: the document is {refusedWidth} px wide at {refusedInner}");
            await KeepAsync(admin, artifacts, $"05-390-{language}-refused");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // The page's words in French (the page is French since the loop's last switch).
        await admin.GotoAsync("/offices?edit=CO-XTE");
        Assert.Equal("Bureaux", await admin.InnerTextAsync("h1"));
        Assert.Equal("Modifier le bureau CO-XTE", await admin.InnerTextAsync("#edit h2"));
        Assert.Equal("Ajouter un bureau", await admin.InnerTextAsync("#add-office >> xpath=preceding-sibling::h2"));
        Assert.Equal(["Nom", "Code", "Type", "Région", "Pays", "Utilisation", ""], await admin.Locator("#offices thead th").AllInnerTextsAsync());
        Assert.Equal("Bureau de pays", await admin.InnerTextAsync("tr[data-office='CO-XTE'] td.kind"));
        Assert.Equal("non utilisé", await admin.InnerTextAsync("tr[data-office='CO-XTE'] td.use"));
        Assert.Equal("conservé tant qu'il est utilisé", await admin.InnerTextAsync("tr[data-office='CO-MLI'] span.kept"));
        Assert.Equal("Ajouter le bureau", await admin.InnerTextAsync("#add"));
        Assert.Equal("Enregistrer les modifications", await admin.InnerTextAsync("#save-office"));
        Assert.StartsWith("Un bureau n'est supprimé que tant qu'aucune soumission", await admin.InnerTextAsync("#delete-rule"), StringComparison.Ordinal);
        Assert.Equal("Bureaux · Almanac", await admin.TitleAsync());
        await KeepAsync(admin, artifacts, "06-fr-change");
    }

    [GeneratedRegex("/offices$")]
    private static partial Regex OfficesPage();
}
