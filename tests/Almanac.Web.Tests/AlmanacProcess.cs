using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Almanac.Web.Tests;

/// <summary>The almanac command as a process of its own (a server to kill, a second process beside it), as people run it.</summary>
internal static class AlmanacProcess
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts the almanac command in a folder of its own, its output redirected.</summary>
    public static Process Start(DirectoryInfo directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory.FullName };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "almanac.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    /// <summary>Waits (two minutes at most) for the process to end; its exit code and the words it printed on either stream.</summary>
    public static async Task<(int ExitCode, string Output)> RunToEndAsync(Process process)
    {
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await process.WaitForExitAsync(deadline.Token);
            // The terminal wraps long lines: words are compared, not line breaks.
            return (process.ExitCode, string.Join(' ', (await output + await errors).Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)));
        }
    }

    /// <summary>A loopback port free at the moment of asking.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until a started `almanac serve` answers its sign-in page, failing if it exits first or takes longer than <paramref name="seconds"/>.</summary>
    public static async Task WaitUntilServingAsync(Uri address, Process process, int seconds = 60)
    {
        using var http = new HttpClient { BaseAddress = address };
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, "almanac serve exited before it served");
            try
            {
                using var response = await http.GetAsync("/login", Ct);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200, Ct);
        }
        Assert.Fail($"almanac serve did not answer at {address} within {seconds} s");
    }
}
