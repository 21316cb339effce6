using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Store;
using Almanac.Web.Api;
using Almanac.Web.Localization;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.Options;

namespace Almanac.Web;

/// <summary>
/// The web platform: Razor Pages for people, a REST API under /api (OpenAPI at /openapi/v1.json) for programs, both over
/// one <see cref="PlatformService"/> and one store. Sessions are kept in the store and named by a cookie (<see cref="SessionService"/>);
/// every form and API write carries an antiforgery token.
/// </summary>
public static class PlatformApp
{
    /// <summary>Builds the application over an open store (which the caller disposes after the app stops).</summary>
    /// <param name="overrides">Replaces services after the platform's own are added (a test's counting password hasher).</param>
    public static WebApplication Build(IPlatformStore store, string[] urls, Action<PlatformOptions>? configure = null, TimeProvider? clock = null,
        Action<ILoggingBuilder>? logging = null, Action<IServiceCollection>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(PlatformApp).Assembly.GetName().Name });
        builder.WebHost.UseUrls(urls);
        // Bounds on what one request may make the server read (README, "Input bounds"); past them the request is refused
        // (413, 400) before any of it is kept.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = InputLimits.MaxRequestBodyBytes);
        logging?.Invoke(builder.Logging);
        var services = builder.Services;
        services.AddOptions<PlatformOptions>().BindConfiguration(PlatformOptions.Section).Configure(o => configure?.Invoke(o));
        AddKeyRing(services, builder.Configuration.GetSection(PlatformOptions.Section), configure);
        services.AddSingleton(store);
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddSingleton<PlatformService>();
        services.AddSingleton<QuestionnaireWorkbooks>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<SessionService>();
        services.AddUiLocalization();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Binding a JSON body past the bound answers 413 without an exception: say which bound, as RequestErrors does.
            if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge && context.ProblemDetails.Detail is null)
            {
                context.ProblemDetails.Title = RequestErrors.TooLargeTitle;
                context.ProblemDetails.Detail = RequestErrors.TooLarge;
            }
        });
        // A request body that cannot be bound (bad JSON, a field of the wrong type) throws, so that RequestErrors answers it
        // naming the field instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // A submission form posts one field per answer (InputLimits.MaxAnswersPerSubmission at most), plus its version,
        // handler, comment and antiforgery token.
        services.Configure<FormOptions>(o => o.ValueCountLimit = InputLimits.MaxAnswersPerSubmission + 24);
        services.AddOpenApi();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "X-CSRF-TOKEN";
            o.Cookie.Name = "almanac-antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "almanac-session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Secure whenever the request came over HTTPS; `serve` on a loopback address over plain HTTP cannot set it.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/login";
            o.AccessDeniedPath = "/denied";
            // The cookie only carries the session's secret: how long the session lasts (idle, sliding) is the store's
            // business (SessionService), so the cookie neither slides nor is rewritten; it dies at the session's longest life.
            o.SlidingExpiration = false;
            o.Events.OnValidatePrincipal = context => context.HttpContext.RequestServices.GetRequiredService<SessionService>().ValidateAsync(context);
            // The API answers 401/403 rather than redirecting a program to a sign-in page.
            o.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
        }).AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null);
        // The cookie lives as long as a session may (Platform:SessionMaxHours as configured, bound above), not the default.
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<PlatformOptions>>((o, options) => o.ExpireTimeSpan = TimeSpan.FromHours(options.Value.SessionMaxHours));
        services.AddAuthorization();
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Login");
            o.Conventions.AllowAnonymousToPage("/Denied");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AllowAnonymousToPage("/Language");
        }).AddViewLocalization().ConfigureApplicationPartManager(parts =>
        {
            // The pages live in this library; the host (the almanac command, a test) is another assembly.
            if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == typeof(PlatformApp).Assembly))
                parts.ApplicationParts.Add(new AssemblyPart(typeof(PlatformApp).Assembly));
        });
        overrides?.Invoke(services);

        var app = builder.Build();
        app.UseSecurityHeaders();
        // Pages in the reader's language (error pages included, which re-run inside this request); /api answers in English.
        app.UseRequestLocalization();
        // People get errors as pages in the site's layout with a way back (Pages/Error); programs under /api keep
        // ProblemDetails, for an unhandled exception as for a bare status (401 from authentication, 404 of no route).
        // The page handlers come first, at the top of the pipeline: re-running a request on another path needs the app's
        // routing, which a branch (UseWhen) does not get. The API's own handlers, inside, answer first and turn them off.
        app.UseExceptionHandler("/error/500");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseWhen(IsApi, api => api.Use(WithoutErrorPages).UseExceptionHandler().UseStatusCodePages());
        app.UseMiddleware<RequestErrors>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapAssets();
        app.MapOpenApi().AllowAnonymous();
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapSessionApi();
        api.MapOfficesApi();
        api.MapFrameworksApi();
        api.MapQuestionnairesApi();
        api.MapOwnPasswordApi();
        api.MapAccountsApi();
        api.MapSubmissionsApi();
        api.MapWorkbooksApi();
        api.MapDhis2Api();
        api.MapOutOfRangeApi();
        api.MapYearsApi();
        api.MapOverviewApi();
        api.MapResultsApi();
        api.MapQueryApi();
        api.MapAuditApi();
        api.MapAdminApi();
        app.MapRazorPages();
        return app;
    }

    /// <summary>Data protection with its key ring in the store, encrypted by a certificate when one is configured.</summary>
    private static void AddKeyRing(IServiceCollection services, IConfigurationSection section, Action<PlatformOptions>? configure)
    {
        var options = section.Get<PlatformOptions>() ?? new PlatformOptions();
        configure?.Invoke(options);
        var dataProtection = services.AddDataProtection().SetApplicationName("Almanac");
        services.AddOptions<KeyManagementOptions>().Configure<IPlatformStore, TimeProvider>((keys, store, clock) => keys.XmlRepository = new StoreKeyRepository(store, clock));
        services.AddHostedService<KeyRingWarmUp>();
        if (options.KeyCertificate is { } path)
        {
            dataProtection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, options.KeyCertificatePassword));
        }
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    /// <summary>Turns the error pages off for an API request, whose errors are ProblemDetails.</summary>
    private static Task WithoutErrorPages(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        return next(context);
    }

    private static Task Answer(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        // Relative: the absolute address ASP.NET builds names the request's Host header, which the client chooses.
        context.Response.Redirect(Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>The style sheet and scripts, from the assembly, cached for a day.</summary>
    private static void MapAssets(this WebApplication app)
    {
        foreach (var (name, type) in new[] { ("site.css", "text/css"), ("submission.js", "text/javascript"), ("results.js", "text/javascript"), ("designer.js", "text/javascript") })
        {
            var bytes = ReadAsset(name);
            app.MapGet($"/assets/{name}", (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "public, max-age=86400";
                return TypedResults.Bytes(bytes, type + "; charset=utf-8");
            }).AllowAnonymous().ExcludeFromDescription();
        }
    }

    private static byte[] ReadAsset(string name)
    {
        using var stream = typeof(PlatformApp).Assembly.GetManifestResourceStream("Almanac.Web.Assets." + name)
            ?? throw new InvalidOperationException($"Almanac.Web was built without its asset {name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <summary>
/// Errors that reach the top of the pipeline. On pages, an Almanac error the page did not handle becomes the status it
/// stands for (403, 404, 409) with its message. A request the server cannot read — a body past
/// <see cref="InputLimits.MaxRequestBodyBytes"/> (413), JSON that does not bind (a field of the wrong type, malformed
/// text), a query value that does not convert — is a 400 or 413: ProblemDetails naming the field under /api, the message
/// on a page. (A form past FormOptions' limits is refused with a 400 by the antiforgery check, which reads it first.)
/// </summary>
internal sealed partial class RequestErrors(RequestDelegate next)
{
    public const string TooLargeTitle = "Request too large";

    public static readonly string TooLarge = $"the request body is larger than {InputLimits.MaxRequestBodyBytes} bytes, the most the server reads";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Domain.AlmanacException error) when (!context.Response.HasStarted)
        {
            // In the request's language where the error has a code, and with the code for programs.
            var text = context.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<UiText>>();
            await WriteAsync(context, ApiErrors.StatusOf(error), RefusalText.Say(error, text), null, error.Refusal?.Code);
        }
        catch (BadHttpRequestException error) when (!context.Response.HasStarted)
        {
            var (detail, field) = Describe(context, error);
            await WriteAsync(context, error.StatusCode, detail, field, null);
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, string detail, string? field, string? code)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        var title = status == StatusCodes.Status413PayloadTooLarge ? TooLargeTitle : ApiErrors.TitleOf(status);
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            var extensions = new Dictionary<string, object?>();
            if (field is not null) extensions["field"] = field;
            if (code is not null) extensions["code"] = code;
            await TypedResults.Problem(detail, statusCode: status, title: title, extensions: extensions).ExecuteAsync(context);
            return;
        }
        // A page's error is left without a body, for the status pages to show it in the site's layout (Pages/Error).
        context.Items[Pages.ErrorModel.DetailKey] = detail;
    }

    /// <summary>What was wrong with the request, in words for whoever sent it, and the body field it concerns (when one).</summary>
    private static (string Detail, string? Field) Describe(HttpContext context, BadHttpRequestException error)
    {
        if (error.StatusCode == StatusCodes.Status413PayloadTooLarge) return (TooLarge, null);
        if (error.InnerException is JsonException json)
        {
            var (field, type) = Field(context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType, json.Path);
            // System.Text.Json says "could not be converted" for a value of the wrong kind; anything else is broken JSON.
            var what = json.Message.Contains("could not be converted", StringComparison.Ordinal) ? $"is not {Kind(type)}" : "is not valid JSON";
            return field is null ? ($"the request body {what}: send a JSON object", null) : ($"request field '{field}' {what}", field);
        }
        if (error.Message.Contains("no body was provided", StringComparison.Ordinal)) return ("the request has no body: send a JSON object", null);
        if (BindFailure().Match(error.Message) is { Success: true } bind)
        {
            var type = bind.Groups["type"].Value switch { "int" or "int?" or "Nullable<int>" => typeof(int), "long" or "long?" or "Nullable<long>" => typeof(long), _ => null };
            var name = bind.Groups["name"].Value;
            return ($"parameter '{name}', value {InputLimits.Quote(bind.Groups["value"].Value)}: not {Kind(type)}", name);
        }
        return (error.Message, null);
    }

    /// <summary>
    /// The field a System.Text.Json path names ("$.version", "$.answers.data-products", "$.answers['a b']") as the request
    /// writes it ("answers.a b"), and its type in the endpoint's body (a dictionary's values for any key below it).
    /// </summary>
    private static (string? Field, Type? Type) Field(Type? body, string? path)
    {
        var names = JsonPathSegment().Matches(path ?? "").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value.Replace("''", "'", StringComparison.Ordinal)).ToList();
        if (names.Count == 0) return (null, body);
        var type = body;
        foreach (var name in names)
        {
            type = type is null ? null
                : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) ? type.GetGenericArguments()[1]
                : type.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase)?.PropertyType;
        }
        return (string.Join('.', names), type);
    }

    /// <summary>The kind of JSON value a field of this type takes, in words.</summary>
    private static string Kind(Type? type) => (Nullable.GetUnderlyingType(type ?? typeof(object)) ?? type) switch
    {
        { } t when t == typeof(long) || t == typeof(int) => "a whole number",
        { } t when t == typeof(string) => "a string or null",
        { IsClass: true } => "an object", // a request record, or a dictionary of answers
        _ => "a value of the field's kind",
    };

    [GeneratedRegex(@"\.([^.\[]+)|\['((?:[^']|'')*)'\]")]
    private static partial Regex JsonPathSegment();

    // What minimal APIs say of a query or route value that does not convert: 'Failed to bind parameter "Nullable<int> year" from "abc".'
    [GeneratedRegex(@"^Failed to bind parameter ""(?<type>\S+) (?<name>[^""]+)"" from ""(?<value>.*)""\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();
}
