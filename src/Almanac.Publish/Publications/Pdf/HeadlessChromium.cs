using System.Diagnostics;
using Almanac.Domain;

namespace Almanac.Publish.Publications.Pdf;

/// <summary>
/// A headless Chromium, run as a child process to print a page to PDF (A4 from the print stylesheet, with the document
/// outline as PDF bookmarks) or take a screenshot of it, as a reader's browser renders it. scripts/test.sh installs
/// Debian's; <see cref="Find"/> says where it is looked for.
/// </summary>
public sealed class HeadlessChromium
{
    /// <summary>The environment variable that names the browser to use, instead of looking for one.</summary>
    public const string Variable = "ALMANAC_CHROMIUM";

    /// <summary>Where Debian's package installs it, looked at even when PATH leaves /usr/bin out.</summary>
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>The names the browser goes by on PATH, in the order they are tried.</summary>
    public static readonly IReadOnlyList<string> Names = ["chromium", "chromium-browser"];

    // Enough of chromium's stderr to see why it failed: it logs pages of D-Bus complaints before anything useful.
    private const int StderrTail = 6000;

    public HeadlessChromium(string executable, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executable);
        Executable = executable;
        Timeout = timeout ?? TimeSpan.FromSeconds(120);
    }

    public string Executable { get; }

    /// <summary>How long one run may take before it is killed (the first start on a cold machine takes seconds, a long report more).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// The browser to use and every place looked at: <paramref name="configured"/> (an option) or else $ALMANAC_CHROMIUM when
    /// one is given, and only it; otherwise chromium and chromium-browser on PATH, /usr/bin/chromium, and the Chromium that
    /// Playwright installs ($PLAYWRIGHT_BROWSERS_PATH or ~/.cache/ms-playwright). The path is null when none exists.
    /// </summary>
    public static (string? Path, IReadOnlyList<string> Looked) Find(string? configured = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var named = string.IsNullOrEmpty(configured) ? environment(Variable) : configured;
        if (!string.IsNullOrEmpty(named)) return (File.Exists(named) ? Path.GetFullPath(named) : null, [named]);
        var candidates = (environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => Names.Select(name => Path.Combine(directory, name))).Append(DefaultPath).Distinct(StringComparer.Ordinal).ToList();
        var playwright = environment("PLAYWRIGHT_BROWSERS_PATH") is { Length: > 0 } browsers
            ? browsers
            : Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ms-playwright");
        var found = candidates.FirstOrDefault(File.Exists) ?? PlaywrightChromium(playwright);
        return (found, [.. candidates, Path.Combine(playwright, "chromium-*", "chrome-linux*", "chrome")]);
    }

    /// <summary>The browser <see cref="Find"/> finds, or an error naming every place it looked and how to give one.</summary>
    public static HeadlessChromium Required(string? configured = null, Func<string, string?>? environment = null)
    {
        var (path, looked) = Find(configured, environment);
        if (path is not null) return new HeadlessChromium(path);
        var named = !string.IsNullOrEmpty(configured) ? $"--chromium names {configured}" : (environment ?? Environment.GetEnvironmentVariable)(Variable) is { Length: > 0 } variable
            ? $"{Variable} names {variable}" : null;
        throw new AlmanacException(named is not null
            ? $"no Chromium to print the PDF with: {named}, which does not exist; nothing was written."
            : $"no Chromium to print the PDF with: looked at {string.Join(", ", looked)}; nothing was written. "
                + $"Install Chromium (Debian: apt-get install chromium; scripts/test.sh installs it), or name the binary with --chromium or {Variable}.");
    }

    /// <summary>The newest Chromium Playwright keeps under its browsers directory, or null.</summary>
    private static string? PlaywrightChromium(string browsers)
    {
        if (!Directory.Exists(browsers)) return null;
        return Directory.EnumerateDirectories(browsers, "chromium-*").Order(StringComparer.Ordinal).Reverse()
            .SelectMany(d => Directory.EnumerateDirectories(d, "chrome-linux*").Select(c => Path.Combine(c, "chrome")))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Prints the page to a PDF as the print stylesheet lays it out (its paper size, margins and page numbers), without
    /// Chromium's own header and footer, with the headings as the PDF's outline (its bookmarks) and tagged for structure.
    /// </summary>
    public Task PrintToPdfAsync(string htmlPath, string pdfPath, CancellationToken cancellationToken) =>
        RunAsync(htmlPath, pdfPath, ["--no-pdf-header-footer", "--generate-pdf-document-outline", "--print-to-pdf=" + Path.GetFullPath(pdfPath)], cancellationToken);

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
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException($"{Executable} did not render {page} within {Timeout.TotalSeconds:0} s and was stopped.{Describe(await stderr.ConfigureAwait(false))}");
            }
            await stdout.ConfigureAwait(false);
            var log = await stderr.ConfigureAwait(false);
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
