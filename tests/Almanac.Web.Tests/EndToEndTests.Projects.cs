using System.Text.RegularExpressions;
using Almanac.Domain.Projects;
using Almanac.Tests;
using Microsoft.Playwright;

namespace Almanac.Web.Tests;

/// <summary>The Projects page in Chromium. Screenshots are kept in bin/…/artifacts/e2e-projects and attached to the test's result.</summary>
public sealed partial class EndToEndTests
{
    /// <summary>
    /// The administrator finds a project by region and status, opens it, is refused country shares that do not add to 100
    /// (beside the field, nothing written), corrects its shares, status and French title, sees a second page opened
    /// before the correction refused as stale, and undoes the correction by restoring the version imported; the list, the
    /// detail with its form and a refusal fit a 390 px phone in English, French and Spanish.
    /// </summary>
    [Fact]
    public async Task An_administrator_finds_corrects_and_restores_a_project_in_chromium_on_a_phone_and_in_three_languages()
    {
        var chromium = TestChromium.Require();
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "e2e-projects"));
        var log = new RequestLog();
        await using var server = await PlatformServer.StartAsync(overrides: log.AddTo);
        var portfolio = await ProjectCorrectionTests.ImportSyntheticPortfolioAsync(server);
        var project = ProjectCorrectionTests.SharedProject(portfolio);
        var (first, second) = (project.Countries[0].Iso3, project.Countries[1].Iso3);
        var imported = (await server.Store.PortfolioAsync(null, Ct))!.Version.SourceId;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);

        var admin = await SignInToAsync(browser, server, log, "admin");
        await FollowAsync(admin, "header nav a[href='/projects']", ProjectsPage(), log);
        Assert.Equal("Projects", await admin.InnerTextAsync("h1"));
        Assert.Equal(Math.Min(50, portfolio.Projects.Count), await admin.Locator("#projects tbody tr").CountAsync());

        // Filtered by the project's region and status: exactly the portfolio's projects of both.
        await admin.SelectOptionAsync("#project-filters select[name=region]", project.AppealRegion);
        await admin.SelectOptionAsync("#project-filters select[name=status]", project.Status.Name());
        await FollowAsync(admin, "#filter-projects", new Regex("region=" + project.AppealRegion), log);
        var expected = portfolio.Projects.Where(p => p.AppealRegion == project.AppealRegion && p.Status == project.Status).Select(p => p.Id).ToArray();
        Assert.Equal(expected, await admin.Locator("#projects tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.project)"));
        await KeepAsync(admin, artifacts, "01-filtered");

        // Its detail; a second page opened now will be stale once the first corrects.
        await FollowAsync(admin, $"tr[data-project='{project.Id}'] a", new Regex("id=" + project.Id), log);
        Assert.Equal($"{first} 70%, {second} 30%", await admin.InnerTextAsync("#detail-countries"));
        Assert.Equal(portfolio.TransactionsOf(project.Id).Count(), await admin.Locator("#transactions tbody tr").CountAsync());
        var stale = await SignInToAsync(browser, server, log, "admin");
        await stale.GotoAsync($"/projects?id={project.Id}");

        // Shares that do not add to 100: refused beside the field, what was typed kept, nothing written.
        await admin.FillAsync("#correct-project input[name=Countries]", $"{first}:60;{second}:30");
        await PostAndWaitAsync(admin, "#save-project", "/projects");
        await admin.Locator("#error-countries").WaitForAsync();
        Assert.Equal($"countries '{first}:60;{second}:30': the shares add to 90%, not 100%", await admin.InnerTextAsync("#error-countries"));
        Assert.Equal($"{first}:60;{second}:30", await admin.InputValueAsync("#correct-project input[name=Countries]"));
        Assert.Single(await server.Store.PortfolioVersionsAsync(Ct));
        await KeepAsync(admin, artifacts, "02-refused-beside-the-countries");

        await admin.FillAsync("#correct-project input[name=Countries]", $"{first}:40;{second}:60");
        await admin.SelectOptionAsync("#correct-project select[name=ProjectStatus]", "suspended");
        await admin.FillAsync("#correct-project input[name=TitleFr]", "Titre corrigé");
        await PostAndWaitAsync(admin, "#save-project", "/projects");
        await admin.Locator("#message").Filter(new LocatorFilterOptions { HasText = $"Project {project.Id} corrected" }).WaitForAsync();
        Assert.Equal($"{second} 60%, {first} 40%", await admin.InnerTextAsync("#detail-countries"));
        Assert.Equal("suspended", await admin.InnerTextAsync("#detail-status"));
        var corrected = (await server.Store.PortfolioAsync(null, Ct))!;
        Assert.Equal(("Titre corrigé", ProjectStatus.Suspended), corrected.Portfolio.Projects.Single(p => p.Id == project.Id) is var c ? (c.Titles.Fr, c.Status) : default);
        await KeepAsync(admin, artifacts, "03-corrected");

        // The page read before the correction: refused, with who changed it.
        await stale.FillAsync("#correct-project input[name=TitleEn]", "A title typed on an old page");
        await PostAndWaitAsync(stale, "#save-project", "/projects");
        await stale.Locator("#message").Filter(new LocatorFilterOptions { HasText = $"version {corrected.Version.SourceId}, correction of project {project.Id} by admin" }).WaitForAsync();
        Assert.StartsWith($"the portfolio changed since this page read it (version {imported})", await stale.InnerTextAsync("#message"), StringComparison.Ordinal);
        Assert.Equal(corrected.Version.SourceId, (await server.Store.PortfolioAsync(null, Ct))!.Version.SourceId);

        // Undone: the version imported restored as a new version.
        await PostAndWaitAsync(admin, $"tr[data-version='{imported}'] button.restore", "/projects");
        await admin.Locator("#message").Filter(new LocatorFilterOptions { HasText = $"Version {imported} restored" }).WaitForAsync();
        var restored = (await server.Store.PortfolioAsync(null, Ct))!;
        Assert.Equal(3, (await server.Store.PortfolioVersionsAsync(Ct)).Count);
        Assert.Equal(ProjectFields.Of(project), ProjectFields.Of(restored.Portfolio.Projects.Single(p => p.Id == project.Id)));
        await admin.GotoAsync($"/projects?id={project.Id}");
        Assert.Equal($"{first} 70%, {second} 30%", await admin.InnerTextAsync("#detail-countries"));
        await KeepAsync(admin, artifacts, "04-restored");

        // On a phone in the three languages: the list, the detail with its form, and a refusal fit the width.
        var failures = new List<string>();
        await admin.SetViewportSizeAsync(390, 844);
        foreach (var (language, title, refusal) in new[]
        {
            ("en", "Projects", "countries 'Atlantis': unknown country 'Atlantis'"),
            ("fr", "Projets", "pays 'Atlantis' : pays inconnu 'Atlantis'"),
            ("es", "Proyectos", "países 'Atlantis': país desconocido 'Atlantis'"),
        })
        {
            await admin.GotoAsync($"/language?culture={language}&returnUrl=%2Fprojects");
            foreach (var (name, path) in new[] { ("list", "/projects"), ("detail", $"/projects?id={project.Id}") })
            {
                await admin.GotoAsync(path);
                Assert.Equal((language, title), (await admin.GetAttributeAsync("html", "lang"), await admin.InnerTextAsync("h1")));
                var (scrollWidth, innerWidth) = await WidthsAsync(admin);
                if (scrollWidth > innerWidth) failures.Add($"{language} {path}: the document is {scrollWidth} px wide at {innerWidth}");
                await KeepAsync(admin, artifacts, $"05-390-{language}-{name}");
            }
            await admin.FillAsync("#correct-project input[name=Countries]", "Atlantis");
            await PostAndWaitAsync(admin, "#save-project", "/projects");
            await admin.Locator("#error-countries").WaitForAsync();
            Assert.StartsWith(refusal, await admin.InnerTextAsync("#error-countries"), StringComparison.Ordinal);
            var (refusedWidth, refusedInner) = await WidthsAsync(admin);
            if (refusedWidth > refusedInner) failures.Add($"{language} a refusal: the document is {refusedWidth} px wide at {refusedInner}");
            await KeepAsync(admin, artifacts, $"06-390-{language}-refused");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(3, (await server.Store.PortfolioVersionsAsync(Ct)).Count);
    }

    [GeneratedRegex("/projects$")]
    private static partial Regex ProjectsPage();
}
