using System.Diagnostics;

namespace Almanac.Tests;

/// <summary>
/// Debian's headless Chromium, run as a child process to print a page to PDF or take a screenshot of it, as a reader's
/// browser would render it. scripts/test.sh installs it; <see cref="Require"/> finds it or skips the test.
/// </summary>
public sealed class HeadlessChromium
{
    public const string Variable = "ALMANAC_CHROMIUM";
    public const string DefaultPath = "/usr/bin/chromium";

    // Enough of chromium's stderr to see why it failed: it logs pages of D-Bus complaints before anything useful.
    private const int StderrTail = 6000;

    public HeadlessChromium(string executable, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executable);
        Executable = executable;
        Timeout = timeout ?? TimeSpan.FromSeconds(90);
    }

    public string Executable { get; }

    /// <summary>How long one run may take before it is killed (the first start on a cold machine takes seconds).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>$ALMANAC_CHROMIUM when set, else /usr/bin/chromium; null when that file does not exist.</summary>
    public static string? Locate()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        var path = string.IsNullOrEmpty(configured) ? DefaultPath : configured;
        return File.Exists(path) ? path : null;
    }

    /// <summary>Chromium for a test that needs it: a skip with the reason when it is absent, a failure in CI (CI=true), where it must be.</summary>
    public static HeadlessChromium Require()
    {
        var path = Locate();
        if (path is not null) return new HeadlessChromium(path);
        var configured = Environment.GetEnvironmentVariable(Variable);
        var reason = string.IsNullOrEmpty(configured)
            ? $"Chromium not available: {DefaultPath} does not exist (scripts/test.sh installs the Debian package 'chromium'; {Variable} names another binary)."
            : $"Chromium not available: {Variable} is '{configured}', which does not exist.";
        Prerequisite.Missing(reason, reason + " CI runs the tests through scripts/test.sh, which must install it.");
        return null!; // unreachable: Missing throws
    }

    /// <summary>Prints the page to a PDF on the default paper size, as a reader's "Print to PDF" would (print stylesheet applied).</summary>
    public Task PrintToPdfAsync(string htmlPath, string pdfPath, CancellationToken cancellationToken) =>
        RunAsync(htmlPath, pdfPath, ["--no-pdf-header-footer", "--print-to-pdf=" + Path.GetFullPath(pdfPath)], cancellationToken);

    /// <summary>Takes a PNG screenshot of the top of the page in a window of the given size (the PNG has that size).</summary>
    public Task ScreenshotAsync(string htmlPath, string pngPath, int width, int height, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        return RunAsync(htmlPath, pngPath, ["--hide-scrollbars", $"--window-size={width},{height}", "--screenshot=" + Path.GetFullPath(pngPath)], cancellationToken);
    }

    private async Task RunAsync(string htmlPath, string outputPath, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var page = Path.GetFullPath(htmlPath);
        // Chromium exits 0 and writes nothing for a page it cannot load: say so before it runs.
        if (!File.Exists(page)) throw new FileNotFoundException($"No page to render at {page}.", page);
        var output = Path.GetFullPath(outputPath);
        File.Delete(output); // a file left by an earlier run must not pass for this one's

        var profile = Directory.CreateTempSubdirectory("almanac-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                RedirectStandardInput = true,
            };
            // No sandbox (tests run as root in containers), no GPU, and nothing that reaches the network on its own.
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile.FullName,
            }.Concat(arguments))
            {
                start.ArgumentList.Add(argument);
            }
            start.ArgumentList.Add(new Uri(page).AbsoluteUri);

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(Timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException($"{Executable} did not render {page} within {Timeout.TotalSeconds:0} s and was stopped.{Describe(await stderr)}");
            }
            await stdout;
            var log = await stderr;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Executable} exited with code {process.ExitCode} rendering {page}.{Describe(log)}");
            }
            if (!File.Exists(output) || new FileInfo(output).Length == 0)
            {
                throw new InvalidOperationException($"{Executable} exited normally but wrote no {output} from {page}.{Describe(log)}");
            }
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A helper process may still hold a file for a moment; the temporary folder is left to the system.
            }
        }
    }

    private static string Describe(string stderr)
    {
        var text = stderr.Trim();
        if (text.Length == 0) return " It wrote nothing on stderr.";
        return text.Length <= StderrTail
            ? $" Its stderr:\n{text}"
            : $" The end of its stderr:\n…{text[^StderrTail..]}";
    }
}
