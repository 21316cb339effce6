using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Almanac.Store;
using Almanac.Tests;
using Almanac.Web.Demo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Almanac.Web.Tests;

/// <summary>
/// The platform served in-process by Kestrel on a free loopback port, over a test store seeded with the demo
/// organization; <see cref="RestartAsync"/> stops it, closes the store and opens both again, as a new process would.
/// </summary>
public sealed partial class PlatformServer : IAsyncDisposable
{
    private readonly TestStore _store;
    private WebApplication _app = null!;

    private readonly Action<PlatformOptions>? _configure;
    private readonly TimeProvider? _clock;
    private readonly Action<IServiceCollection>? _overrides;

    private PlatformServer(TestStore store, IReadOnlyList<DemoCredential> credentials, Action<PlatformOptions>? configure, TimeProvider? clock, Action<IServiceCollection>? overrides)
    {
        _store = store;
        Credentials = credentials;
        _configure = configure;
        _clock = clock;
        _overrides = overrides;
    }

    public IReadOnlyList<DemoCredential> Credentials { get; }

    public Uri Address { get; private set; } = null!;

    public WebApplication App => _app;

    public IPlatformStore Store => (IPlatformStore)_store.Store;

    /// <summary>The same store's fact side, to import observations the queries read (while no request is running).</summary>
    public IAlmanacStore Facts => _store.Store;

    public string StoreTarget => _store.Target;

    /// <param name="clock">The server's clock (a <see cref="ManualClock"/> to move time on without waiting); the system's when null.</param>
    /// <param name="overrides">Services replaced in the app (a counting password hasher).</param>
    public static async Task<PlatformServer> StartAsync(string engine = "duckdb", Action<PlatformOptions>? configure = null, TimeProvider? clock = null,
        Action<IServiceCollection>? overrides = null)
    {
        var store = await TestStores.CreateAsync(engine);
        var credentials = await PlatformDemo.SeedAsync((IPlatformStore)store.Store, TimeProvider.System, TestContext.Current.CancellationToken);
        var server = new PlatformServer(store, credentials, configure, clock, overrides);
        await server.StartAppAsync();
        return server;
    }

    /// <summary>A second server over the same store (PostgreSQL: another connection, as another machine would have), with the same clock.</summary>
    public static async Task<PlatformServer> StartBesideAsync(PlatformServer first)
    {
        var store = new TestStore(await AlmanacStores.OpenAsync(first.StoreTarget, TestContext.Current.CancellationToken), first.StoreTarget, () => Task.CompletedTask);
        var server = new PlatformServer(store, first.Credentials, first._configure, first._clock, first._overrides);
        await server.StartAppAsync();
        return server;
    }

    /// <summary>A server over a store the test made (a restored one), which the server then owns and disposes; the credentials are the demo's it holds.</summary>
    public static async Task<PlatformServer> StartOverAsync(TestStore store, IReadOnlyList<DemoCredential> credentials, Action<PlatformOptions>? configure = null)
    {
        var server = new PlatformServer(store, credentials, configure, null, null);
        await server.StartAppAsync();
        return server;
    }

    private async Task StartAppAsync()
    {
        _app = PlatformApp.Build(Store, ["http://127.0.0.1:0"], _configure, _clock, l => l.SetMinimumLevel(LogLevel.Warning), _overrides);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        Address = new Uri(_app.Urls.Single());
    }

    public async Task RestartAsync()
    {
        await _app.StopAsync(TestContext.Current.CancellationToken);
        await _app.DisposeAsync();
        await _store.ReopenAsync();
        await StartAppAsync();
    }

    public DemoCredential Credential(string userName) => Credentials.Single(c => c.Account.UserName == userName);

    /// <summary>A client with its own cookies, signed in as the user (or anonymous when null), connecting from <paramref name="from"/> (a loopback address) when given.</summary>
    public async Task<ApiClient> ClientAsync(string? userName, IPAddress? from = null)
    {
        var client = new ApiClient(Address, from);
        if (userName is not null) await client.SignInAsync(userName, Credential(userName).Password);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        await _store.DisposeAsync();
    }
}

/// <summary>An HTTP client with a cookie jar and the session's antiforgery token, as a browser tab would have.</summary>
public sealed partial class ApiClient : IDisposable
{
    private readonly SocketsHttpHandler _handler;
    private readonly HttpClient _http;

    /// <param name="from">The loopback address to connect from (127.0.0.2, …), so that the server sees another client address; any when null.</param>
    public ApiClient(Uri address, IPAddress? from = null)
    {
        _handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        if (from is not null)
        {
            _handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        _http = new HttpClient(_handler) { BaseAddress = address };
    }

    public string? Token { get; private set; }

    public HttpClient Http => _http;

    /// <summary>The cookies this client holds for its server, as a browser would send them to another address.</summary>
    public string CookieHeader => _handler.CookieContainer.GetCookieHeader(_http.BaseAddress!);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task RefreshTokenAsync()
    {
        var token = await _http.GetFromJsonAsync<TokenDto>("/api/session/antiforgery", Ct);
        Token = token!.Token;
    }

    public async Task SignInAsync(string userName, string password)
    {
        await RefreshTokenAsync();
        using var response = await SendAsync(HttpMethod.Post, "/api/session", new { userName, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The token is bound to the user: a new one after signing in.
        await RefreshTokenAsync();
    }

    /// <summary>Sends a request with the antiforgery header; <paramref name="body"/> a <see cref="TextBody"/> is sent as text, anything else as JSON.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, bool withToken = true) =>
        _http.SendAsync(Request(method, path, body, withToken), Ct);

    /// <summary>Sends as <see cref="SendAsync"/> does, with one more header (an If-Match).</summary>
    public Task<HttpResponseMessage> SendWithHeaderAsync(HttpMethod method, string path, object? body, string header, string value)
    {
        var request = Request(method, path, body, withToken: true);
        request.Headers.TryAddWithoutValidation(header, value);
        return _http.SendAsync(request, Ct);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, object? body, bool withToken)
    {
        var request = new HttpRequestMessage(method, path);
        if (withToken && Token is not null) request.Headers.Add("X-CSRF-TOKEN", Token);
        if (body is TextBody text) request.Content = new StringContent(text.Text, System.Text.Encoding.UTF8, text.MediaType);
        else if (body is HttpContent content) request.Content = content; // bytes as they are: a body that is not text
        else if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    /// <summary>Posts a page form (a page handler) with the page antiforgery token read from a page's form.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string tokenPage = "/")
    {
        var page = await _http.GetStringAsync(tokenPage, Ct);
        var token = FormToken().Match(page).Groups[1].Value;
        var content = new FormUrlEncodedContent(fields.Append(KeyValuePair.Create("__RequestVerificationToken", token)));
        return await _http.PostAsync(path, content, Ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    public void Dispose() => _http.Dispose();

    private sealed record TokenDto(string HeaderName, string Token);
}

/// <summary>A request body sent as text of a media type (a CSV or YAML file).</summary>
public sealed record TextBody(string Text, string MediaType);

/// <summary>Shapes of the API's answers the tests read.</summary>
public sealed record SubmissionDto(long Id, string Office, int Year, string State, long Version, string? Comment);

/// <summary>A clock that stands still until a test moves it on: session lifetimes and sign-in windows pass without waiting.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks = TimeProvider.System.GetUtcNow().UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
