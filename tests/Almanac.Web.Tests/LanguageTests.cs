using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Resources;
using System.Text.RegularExpressions;
using Almanac.Tests;
using Almanac.Web.Localization;

namespace Almanac.Web.Tests;

/// <summary>
/// The pages in English, French and Spanish: every English text has its translations (read from the built satellite
/// assemblies, as the server reads them), the browser's Accept-Language chooses the language until the switch sets
/// another in a cookie, the switch goes back only to a local address, and the API's errors without a code stay in English
/// (those with one: <see cref="RefusalLanguageTests"/>).
/// </summary>
public sealed partial class LanguageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Texts(string language)
    {
        var resources = new ResourceManager(typeof(UiText).FullName!, typeof(UiText).Assembly);
        // Only the language's own texts: with its parents, a missing French text would be found in English.
        var set = resources.GetResourceSet(language == "en" ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(language), createIfNotExists: true, tryParents: false);
        Assert.NotNull(set);
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    [Fact]
    public void Every_english_text_has_a_french_and_a_spanish_translation_that_is_not_empty_and_has_the_same_placeholders_and_markup()
    {
        var english = Texts("en");
        Assert.True(english.Count > 200, $"{english.Count} English texts");
        // Every text is a format (the localizers format a text with its values, and a markup text even without any): a
        // brace that is not a placeholder is written {{ or }}.
        foreach (var language in new[] { "en", "fr", "es" })
        {
            foreach (var (key, text) in Texts(language))
            {
                var error = Record.Exception(() => string.Format(CultureInfo.InvariantCulture, text, new object[10]));
                Assert.True(error is null, $"{language} {key} is not a format: \"{text}\"");
            }
        }
        foreach (var language in new[] { "fr", "es" })
        {
            var translated = Texts(language);
            Assert.Empty(english.Keys.Except(translated.Keys, StringComparer.Ordinal).Select(k => $"{language} has no {k}"));
            Assert.Empty(translated.Keys.Except(english.Keys, StringComparer.Ordinal).Select(k => $"{language} has {k}, which English has not"));
            foreach (var (key, text) in translated)
            {
                Assert.False(string.IsNullOrWhiteSpace(text), $"{language} {key} is empty");
                Assert.True(Placeholders(english[key]).SetEquals(Placeholders(text)), $"{language} {key} has other placeholders than English: \"{text}\"");
                // Markup (a link, a strong state) is the same in every language: the pages' tests and styles find it by it.
                Assert.Equal(Tags(english[key]), Tags(text));
            }
        }
        // The languages differ where they should: a text that is the same in all three is rare and deliberate.
        Assert.NotEqual(english["Login.Title"], Texts("fr")["Login.Title"]);
        Assert.NotEqual(Texts("fr")["Login.Title"], Texts("es")["Login.Title"]);
    }

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    private static List<string> Tags(string text) => [.. Tag().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    private static async Task<string> PageAsync(ApiClient client, string path, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptLanguage is not null) request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        using var response = await client.Http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    [Fact]
    public async Task The_browsers_language_chooses_the_pages_language_until_the_switch_keeps_another_in_a_cookie()
    {
        await using var server = await PlatformServer.StartAsync();
        using var anonymous = new ApiClient(server.Address);
        // No Accept-Language, or none of the three: English.
        Assert.Contains("<html lang=\"en\">", await PageAsync(anonymous, "/login"), StringComparison.Ordinal);
        Assert.Contains("<h1>Sign in</h1>", await PageAsync(anonymous, "/login", "de-DE,de;q=0.9"), StringComparison.Ordinal);
        // A regional tag counts for its language, and the first of the three in the browser's order wins.
        var french = await PageAsync(anonymous, "/login", "fr-CH, de;q=0.9, es;q=0.8");
        Assert.Contains("<html lang=\"fr\">", french, StringComparison.Ordinal);
        Assert.Contains("<h1>Connexion</h1>", french, StringComparison.Ordinal);
        Assert.Contains("<h1>Iniciar sesión</h1>", await PageAsync(anonymous, "/login", "de;q=0.9, es-419;q=0.8"), StringComparison.Ordinal);

        // The switch: a cookie for a year, and back to the page it was chosen on.
        using var switched = await anonymous.Http.GetAsync("/language?culture=es&returnUrl=%2Flogin%3FReturnUrl%3D%252Fresults", Ct);
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/login?ReturnUrl=%2Fresults", switched.Headers.Location!.OriginalString);
        var cookie = Assert.Single(switched.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(".AspNetCore.Culture=c%3Des%7Cuic%3Des;", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        // The cookie outweighs the browser's language, on every page, signed in too.
        Assert.Contains("<h1>Iniciar sesión</h1>", await PageAsync(anonymous, "/login", "fr"), StringComparison.Ordinal);
        await anonymous.SignInAsync("focal-mali", server.Credential("focal-mali").Password);
        var home = await PageAsync(anonymous, "/", "fr");
        Assert.Contains("<html lang=\"es\">", home, StringComparison.Ordinal);
        Assert.Contains("Cerrar sesión", home, StringComparison.Ordinal);
        Assert.Contains("Cuestionario institucional 2023", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_results_and_pivot_pages_speak_the_pages_language_in_their_downloads_charts_numbers_and_messages()
    {
        await using var server = await PlatformServer.StartAsync();
        await FactTestData.ImportAsync(server.Facts, FactTestData.Table1());
        using var editor = await server.ClientAsync("editor");

        // Results in French: the download links, a choice question's chart (title, series, options and description).
        var results = WebUtility.HtmlDecode(await PageAsync(editor, "/results?year=2023", "fr"));
        Assert.Contains("Télécharger toutes les réponses : <a", results, StringComparison.Ordinal);
        Assert.Contains("· tous les tableaux de la page : <a", results, StringComparison.Ordinal);
        var chart = results[results.IndexOf("<svg", results.IndexOf("data-question=\"durable-solutions\"", StringComparison.Ordinal), StringComparison.Ordinal)..];
        chart = chart[..chart.IndexOf("</svg>", StringComparison.Ordinal)];
        Assert.Contains("aria-label=\"Bureaux approuvés (%)\"", chart, StringComparison.Ordinal);
        Assert.Contains("Part des bureaux approuvés ayant donné chaque réponse à : ", chart, StringComparison.Ordinal);
        Assert.Contains(">En partie<", chart, StringComparison.Ordinal);
        Assert.Contains("\u00A0%<", chart, StringComparison.Ordinal);
        foreach (var english in new[] { "Download", "Approved offices", "Share of approved", "every table" })
        {
            Assert.DoesNotContain(english, results, StringComparison.Ordinal);
        }

        // The pivot in Spanish: navigation, labels, numbers grouped as Spanish writes them, and its own messages.
        var pivot = WebUtility.HtmlDecode(await PageAsync(editor, "/pivot?measure=t1.headcount&rows=year&columns=sex&year=2021-2023", "es"));
        Assert.Contains("<a href=\"/pivot\">Tabla dinámica</a>", pivot, StringComparison.Ordinal);
        Assert.Contains("<h1>Tabla dinámica de la tabla de hechos</h1>", pivot, StringComparison.Ordinal);
        Assert.Contains("<legend>Filtros (DIMENSIÓN=MIEMBRO o DIMENSIÓN=A|B)</legend>", pivot, StringComparison.Ordinal);
        Assert.Contains("<p class=\"downloads\">Descargar: <a", pivot, StringComparison.Ordinal);
        Assert.Contains("<td class=\"number\">1\u202F492</td>", pivot, StringComparison.Ordinal);
        Assert.Contains("Ninguna observación almacenada de t1.headcount en 2030 coincide con la consulta",
            WebUtility.HtmlDecode(await PageAsync(editor, "/pivot?measure=t1.headcount&rows=year&year=2030", "es")), StringComparison.Ordinal);
        Assert.Contains("rows : au plus 200 caractères (201 saisis).",
            WebUtility.HtmlDecode(await PageAsync(editor, "/pivot?measure=t1.headcount&rows=" + new string('y', 201), "fr")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData(null)]
    public async Task The_switch_goes_back_only_to_a_local_address(string? returnUrl)
    {
        await using var server = await PlatformServer.StartAsync();
        using var anonymous = new ApiClient(server.Address);
        var path = "/language?culture=fr" + (returnUrl is null ? "" : "&returnUrl=" + Uri.EscapeDataString(returnUrl));
        using var response = await anonymous.Http.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=c%3Dfr%7Cuic%3Dfr;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_language_is_refused_on_the_styled_error_page_and_no_cookie_is_set()
    {
        await using var server = await PlatformServer.StartAsync();
        using var anonymous = new ApiClient(server.Address);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/language?culture=de&returnUrl=%2F");
        request.Headers.TryAddWithoutValidation("Accept-Language", "fr");
        using var response = await anonymous.Http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal)));
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<html lang=\"fr\">", html, StringComparison.Ordinal);
        Assert.Contains("La langue &#x27;de&#x27; n&#x27;est pas l&#x27;une de celles-ci : en, fr, es.", html, StringComparison.Ordinal);
        Assert.Contains("Retour à la page d&#x27;accueil", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_errors_without_a_code_stay_in_english_whatever_the_language_of_the_browser_or_the_cookie()
    {
        await using var server = await PlatformServer.StartAsync();
        using var admin = await server.ClientAsync("admin");
        using (await admin.Http.GetAsync("/language?culture=fr&returnUrl=%2F", Ct)) { }
        // A request the API cannot read (no version) is refused in the API's own English: it is for the program that sent it.
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/submissions/1/answers") { Content = JsonContent.Create(new { answers = new Dictionary<string, string>() }) };
        request.Headers.TryAddWithoutValidation("Accept-Language", "es");
        if (admin.Token is not null) request.Headers.Add("X-CSRF-TOKEN", admin.Token);
        using var response = await admin.Http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(Ct))!;
        Assert.Contains("request field 'version': required", problem.Detail, StringComparison.Ordinal);
        Assert.False(problem.Extensions.ContainsKey("code"));
        // The pages of the same session are in French.
        Assert.Contains("Se déconnecter", await PageAsync(admin, "/"), StringComparison.Ordinal);
    }
}
