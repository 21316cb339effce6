using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Almanac.Web.Localization;

/// <summary>
/// The languages of the pages: English, French and Spanish, chosen by the culture cookie the language switch sets
/// (/language) and otherwise by the browser's Accept-Language, English when neither names one of them. The API's
/// refusals are said in it too, beside their stable code (<see cref="RefusalText"/>); programs read the code.
/// </summary>
public static class UiLanguages
{
    /// <summary>The languages of the pages, English first (the default and the fallback of a missing text).</summary>
    public static IReadOnlyList<string> Supported { get; } = ["en", "fr", "es"];

    /// <summary>Each language's name in itself, as the switch shows it.</summary>
    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["en"] = "English",
        ["fr"] = "Français",
        ["es"] = "Español",
    };

    /// <summary>
    /// The language of the request being served ("en", "fr", "es"). The culture's name, not its data: the platform runs with
    /// invariant globalization, so numbers and dates are written by <see cref="UiFormat"/>, never by the culture.
    /// </summary>
    public static string Current => CultureInfo.CurrentUICulture.Name is var name && Supported.Contains(name) ? name : "en";

    public static IServiceCollection AddUiLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        // French and Spanish written as letters, not as character references (&#xE0; for à): the encoder still escapes markup.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Supported.Select(CultureInfo.GetCultureInfo).ToList();
            o.DefaultRequestCulture = new RequestCulture(cultures[0]);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            // The cookie the switch sets, then the browser's languages; no query string (a link does not change one's language).
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new LanguageTagProvider()];
        });
        return services;
    }

    /// <summary>Sets the cookie that keeps a language across pages and visits (a year).</summary>
    public static void Remember(HttpResponse response, string language, bool secure) =>
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = secure, IsEssential = true, Path = "/" });

    /// <summary>
    /// Accept-Language read by language: "fr-CH" counts as "fr". The framework's fallback to a parent culture cannot do it
    /// here, where invariant globalization gives every culture the invariant culture as its parent.
    /// </summary>
    private sealed class LanguageTagProvider : AcceptLanguageHeaderRequestCultureProvider
    {
        public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            if (await base.DetermineProviderCultureResult(httpContext) is not { } result) return null;
            var languages = result.Cultures.Select(c => (c.Value ?? "").Split('-')[0].ToLowerInvariant()).Where(Supported.Contains).Distinct(StringComparer.Ordinal).ToList();
            return languages.Count == 0 ? null : new ProviderCultureResult([.. languages.Select(l => new Microsoft.Extensions.Primitives.StringSegment(l))]);
        }
    }
}

/// <summary>Numbers and dates as the page's language writes them.</summary>
public static class UiFormat
{
    /// <summary>A count or amount: "2 994" in English (as the reports print it), "2 994" with a narrow space and a decimal comma in French and Spanish.</summary>
    public static string Number(decimal value) => Domain.Publishing.NumberFormat.Count(value, UiLanguages.Current);

    /// <summary>A percentage: "47%" in English, "47 %" in French and Spanish.</summary>
    public static string Percent(decimal value) => Number(value) + (UiLanguages.Current == "en" ? "%" : "\u00A0%");

    /// <summary>A moment in UTC with the month in the page's language: "5 Dec 2026, 14:05 UTC", "5 déc. 2026 à 14:05 UTC".</summary>
    public static string When(DateTimeOffset at, IStringLocalizer<UiText> text, bool seconds = false)
    {
        var utc = at.UtcDateTime;
        return text["Format.When", utc.Day, text[$"Month.{utc.Month}"], utc.Year, utc.ToString(seconds ? "HH:mm:ss" : "HH:mm", CultureInfo.InvariantCulture)];
    }
}
