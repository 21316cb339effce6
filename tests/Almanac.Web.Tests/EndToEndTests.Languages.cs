using Almanac.Tests;
using Microsoft.Playwright;

namespace Almanac.Web.Tests;

/// <summary>
/// The pages in French and Spanish, and on a phone, in Chromium. Screenshots are kept in the test output directory:
/// bin/…/artifacts/e2e-languages (the French, Spanish and English pages) and bin/…/artifacts/e2e-widths (every page
/// each role reaches, at 390 and 1366 px wide, named width-language-role-page.png), and attached to the test's result.
/// </summary>
public sealed partial class EndToEndTests
{
    private static async Task KeepAsync(IPage page, DirectoryInfo artifacts, string name)
    {
        var path = Path.Combine(artifacts.FullName, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.AddAttachment(Path.GetFileName(path), await File.ReadAllBytesAsync(path, Ct), "image/png");
    }

    /// <summary>Clicks a language of the switch and waits for the page it brings back to, in that language.</summary>
    private static async Task SwitchAsync(IPage page, string language)
    {
        var back = new Uri(page.Url).PathAndQuery;
        await page.ClickAsync($"#languages a[data-language='{language}']");
        await page.WaitForFunctionAsync("language => document.documentElement.lang === language", language, new PageWaitForFunctionOptions { Timeout = 60_000 });
        Assert.Equal(back, new Uri(page.Url).PathAndQuery);
    }

    [Fact]
    public async Task A_french_browser_gets_the_french_pages_and_the_switch_changes_to_spanish_across_pages_and_back_to_english()
    {
        var chromium = TestChromium.Require();
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "e2e-languages"));
        var log = new RequestLog();
        await using var server = await PlatformServer.StartAsync(overrides: log.AddTo);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);

        // The sign-in page, for a browser whose language is French (Accept-Language fr-FR).
        var anonymous = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString(), Locale = "fr-FR" })).NewPageAsync();
        await anonymous.GotoAsync("/login");
        Assert.Equal("fr", await anonymous.GetAttributeAsync("html", "lang"));
        Assert.Equal("Connexion", await anonymous.InnerTextAsync("h1"));
        Assert.Equal("Se connecter", await anonymous.InnerTextAsync("main button[type=submit]"));
        Assert.Contains("Nom d'utilisateur", await anonymous.InnerTextAsync("form.login"), StringComparison.Ordinal);
        Assert.Equal("Connexion · Almanac", await anonymous.TitleAsync());
        await KeepAsync(anonymous, artifacts, "01-fr-login");

        // Signed in: the home page, and the questionnaire with its own French words (texts, options, table rows) and the
        // form's script speaking French as it autosaves.
        var focal = await SignInToAsync(browser, server, log, "focal-mali", locale: "fr-FR");
        Assert.Equal("Questionnaire institutionnel 2023", await focal.InnerTextAsync("h1"));
        Assert.Equal("Commencer le questionnaire 2023", await focal.InnerTextAsync("#open-submission"));
        Assert.Contains("Se déconnecter", await focal.InnerTextAsync("header.top"), StringComparison.Ordinal);
        Assert.Contains("2023 : ouverte", await focal.InnerTextAsync("#year-badge"), StringComparison.Ordinal);
        await KeepAsync(focal, artifacts, "02-fr-home");
        await FollowAsync(focal, "#open-submission", SubmissionPage(), log);
        Assert.EndsWith("Questionnaire institutionnel 2023", await focal.InnerTextAsync("h1"), StringComparison.Ordinal);
        Assert.Equal("Section 1 sur 9 — Sauver des vies et protéger les personnes en mouvement", await focal.InnerTextAsync("#answers fieldset legend"));
        Assert.Equal("Votre bureau a-t-il répondu à une situation d'urgence en 2023 ? *", await focal.InnerTextAsync("#q-emergency-response .text"));
        Assert.Equal("oui", (await focal.InnerTextAsync("#q-emergency-response label.choice")).Trim());
        Assert.Contains("État : brouillon", await focal.InnerTextAsync("p.meta"), StringComparison.Ordinal);
        Assert.Equal("Soumettre pour examen", await focal.InnerTextAsync("#submit"));
        await focal.CheckAsync("input[name='answer:emergency-response'][value='yes']");
        Assert.Equal(["Personnes déplacées", "Migrants", "Membres des communautés d'accueil"], await focal.Locator("#q-people-assisted tbody th").AllInnerTextsAsync());
        Assert.Contains("En partie", await focal.InnerTextAsync("#q-durable-solutions"), StringComparison.Ordinal);
        await focal.Locator("#autosave-status").Filter(new LocatorFilterOptions { HasText = "Toutes les modifications sont enregistrées (version" }).WaitForAsync();
        await KeepAsync(focal, artifacts, "03-fr-submission");

        // The switch to Spanish comes back to the same form, in Spanish, and the language sticks on the next pages.
        await SwitchAsync(focal, "es");
        Assert.EndsWith("Cuestionario institucional 2023", await focal.InnerTextAsync("h1"), StringComparison.Ordinal);
        Assert.Equal("¿Respondió su oficina a una emergencia en 2023? *", await focal.InnerTextAsync("#q-emergency-response .text"));
        Assert.Equal("Enviar para revisión", await focal.InnerTextAsync("#submit"));
        await KeepAsync(focal, artifacts, "04-es-submission");
        await focal.ClickAsync("header.top nav a[href='/']");
        Assert.True(await PageArrival.WaitAsync(focal, HomePage().IsMatch, TimeSpan.FromSeconds(60)), $"the home link led to {focal.Url}");
        Assert.Equal("es", await focal.GetAttributeAsync("html", "lang"));
        Assert.Equal("Cuestionario institucional 2023", await focal.InnerTextAsync("h1"));
        Assert.Contains("Su cuestionario 2023 está en estado borrador.", await focal.InnerTextAsync("main"), StringComparison.Ordinal);
        await focal.GotoAsync("/password");
        Assert.Equal("Cambiar su contraseña", await focal.InnerTextAsync("h1"));
        Assert.Contains("Cerrar sesión", await focal.InnerTextAsync("header.top"), StringComparison.Ordinal);
        await KeepAsync(focal, artifacts, "05-es-password");

        // And back to English, which sticks as well although the browser asks for French.
        await SwitchAsync(focal, "en");
        Assert.Equal("Change your password", await focal.InnerTextAsync("h1"));
        await focal.GotoAsync("/");
        Assert.Equal("Institutional questionnaire 2023", await focal.InnerTextAsync("h1"));
        Assert.Contains("Sign out", await focal.InnerTextAsync("header.top"), StringComparison.Ordinal);
        await KeepAsync(focal, artifacts, "06-en-home");
        // The switch names the language shown, and links the other two.
        Assert.Equal(["fr", "es"], await focal.Locator("#languages a").EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.language)"));
        Assert.Equal("English", await focal.InnerTextAsync("#languages [aria-current]"));
    }

    /// <summary>
    /// Every page each role reaches — sign-in, home, the questionnaire, the overview, the year and its lock confirmation,
    /// results, the pivot with a table and a chart, administration with the questionnaire file open, the questionnaire designer with a table question open, accounts, offices with the change form open, audit log, password, an error page — has no
    /// sideways scrolling on a phone 390 px wide (in English and in French, whose words are longer) nor on a 1366 px
    /// screen: the document is never wider than the window; a wide table scrolls inside itself.
    /// </summary>
    [Fact]
    public async Task Every_page_each_role_reaches_fits_a_390_pixel_phone_and_a_1366_pixel_screen_without_sideways_scrolling()
    {
        var chromium = TestChromium.Require();
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "e2e-widths"));
        var log = new RequestLog();
        await using var server = await PlatformServer.StartAsync(overrides: log.AddTo);
        // Figures for the pivot page to show as a table and a chart.
        await FactTestData.ImportAsync(server.Facts, FactTestData.Table1());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);

        // The focal point's own questionnaire, started, and another office's (a synthetic one) for the other roles.
        var focal = await SignInToAsync(browser, server, log, "focal-mali");
        await FollowAsync(focal, "#open-submission", SubmissionPage(), log);
        var own = new Uri(focal.Url).AbsolutePath;
        var other = $"/submission/{(await server.Store.SubmissionsAsync(2023, Ct)).First(s => s.Office != Demo.PlatformDemo.FocalOffice).Id}";

        var anonymous = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString() })).NewPageAsync();
        var pages = new (string Role, IPage Page, string Name, string Path, int Status)[]
        {
            ("anonymous", anonymous, "login", "/login", 200),
            ("anonymous", anonymous, "not-found", "/no-such-page", 404),
            ("focal-point", focal, "home", "/", 200),
            ("focal-point", focal, "submission", own, 200),
            ("focal-point", focal, "year", "/year/2023", 200),
            ("focal-point", focal, "password", "/password", 200),
            ("focal-point", focal, "not-allowed", "/overview", 403),
            ("focal-point", focal, "not-found", "/submission/999999", 404),
        }.ToList();
        foreach (var (user, role) in new[] { ("reviewer-dakar", "reviewer"), ("editor", "editor"), ("reader", "reader"), ("admin", "administrator") })
        {
            var page = await SignInToAsync(browser, server, log, user);
            pages.Add((role, page, "home", "/", 200));
            if (role != "reader") pages.Add((role, page, "overview", "/overview?year=2023", 200));
            pages.Add((role, page, "submission", role is "reviewer" ? own : other, role is "reader" ? 403 : 200));
            pages.Add((role, page, "results", "/results?year=2023", 200));
            pages.Add((role, page, "projects", "/projects", 200));
            pages.Add((role, page, "pivot", "/pivot?measure=t1.headcount&rows=year&columns=sex&totals=true", 200));
            pages.Add((role, page, "year", role is "editor" or "administrator" ? "/year/2023?confirm=true" : "/year/2023", 200));
            if (role == "administrator")
            {
                pages.Add((role, page, "admin", "/admin?edit=2023", 200));
                pages.Add((role, page, "design", "/design/2023?selected=0.1", 200));
                pages.Add((role, page, "accounts", "/accounts", 200));
                pages.Add((role, page, "offices", "/offices?edit=RO-DAK", 200));
                pages.Add((role, page, "audit", "/audit", 200));
                pages.Add((role, page, "password", "/password", 200));
            }
        }

        var failures = new List<string>();
        var seen = 0;
        foreach (var (width, language) in new[] { (390, "en"), (390, "fr"), (1366, "en") })
        {
            foreach (var page in pages.Select(p => p.Page).Distinct())
            {
                await page.SetViewportSizeAsync(width, 844);
                await page.GotoAsync($"/language?culture={language}&returnUrl=%2Flogin");
            }
            foreach (var (role, page, name, path, status) in pages)
            {
                IResponse? response;
                try
                {
                    response = await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 60_000 });
                }
                catch (TimeoutException e)
                {
                    throw new TimeoutException($"{role} {path} at {width} px did not arrive within 60 s; the server saw:\n{log}", e);
                }
                Assert.True(response?.Status == status, $"{role} {path}: HTTP {response?.Status}, expected {status}");
                Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
                var (scrollWidth, innerWidth) = await WidthsAsync(page);
                Assert.Equal(width, innerWidth);
                await KeepAsync(page, artifacts, $"{width}-{language}-{role}-{name}");
                seen++;
                if (scrollWidth > innerWidth)
                {
                    var widest = await page.EvaluateAsync<string[]>("""
                        () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                                && e.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
                            .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).replace(/ /g, '.') : '') + ' ' + Math.round(e.getBoundingClientRect().right))
                        """);
                    failures.Add($"{width} px, {language}, {role} {path}: the document is {scrollWidth} px wide; past the window: {string.Join(", ", widest)}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(pages.Count * 3, seen);
        TestContext.Current.SendDiagnosticMessage($"{seen} screenshots kept in {artifacts.FullName}.");
    }

    private static async Task<(int ScrollWidth, int InnerWidth)> WidthsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        return (widths[0], widths[1]);
    }
}
