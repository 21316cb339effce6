using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Almanac.Web.Tests;

/// <summary>
/// Every request the test's server received, when it started and how it ended: what a browser test prints when a page
/// does not arrive, to tell a request that never reached the server from one the server was slow to answer.
/// </summary>
public sealed class RequestLog : IStartupFilter
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Adds the log to a server's services (<see cref="PlatformServer.StartAsync"/>'s overrides).</summary>
    public void AddTo(IServiceCollection services) => services.AddSingleton<IStartupFilter>(this);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var request = $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}";
            var started = _clock.Elapsed;
            _lines.Enqueue($"{started.TotalSeconds,8:0.000}s started  {request}");
            try
            {
                await nextMiddleware(context);
                _lines.Enqueue($"{_clock.Elapsed.TotalSeconds,8:0.000}s finished {request}: {context.Response.StatusCode} {context.Response.Headers.Location} in {(_clock.Elapsed - started).TotalMilliseconds:0} ms");
            }
            catch (Exception error)
            {
                _lines.Enqueue($"{_clock.Elapsed.TotalSeconds,8:0.000}s failed   {request}: {error.GetType().Name} {error.Message}");
                throw;
            }
        });
        next(app);
    };

    /// <summary>The log so far, one request event per line, with seconds since the server started.</summary>
    public override string ToString() => $"now {_clock.Elapsed.TotalSeconds:0.000}s\n" + string.Join('\n', _lines);
}
