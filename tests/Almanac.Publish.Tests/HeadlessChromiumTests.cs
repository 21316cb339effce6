using System.Buffers.Binary;
using System.Text;
using Almanac.Publish.Publications.Pdf;
using Almanac.Tests;

namespace Almanac.Publish.Tests;

/// <summary>The test helper that renders pages in Debian's headless Chromium, checked on a page small enough to need nothing else.</summary>
public sealed class HeadlessChromiumTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-chromium-test-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task A_page_prints_to_PDF_and_its_screenshot_is_a_PNG_of_the_requested_size()
    {
        var chromium = TestChromium.Require();
        var html = Page("""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Annex I</title></head><body><h1>Annex I</h1><p>2 994 staff</p></body></html>""");
        var pdf = Path.Combine(_directory.FullName, "page.pdf");
        var png = Path.Combine(_directory.FullName, "page.png");

        await chromium.PrintToPdfAsync(html, pdf, Ct);
        await chromium.ScreenshotAsync(html, png, 640, 360, Ct);

        Assert.Equal("%PDF-", Encoding.ASCII.GetString(File.ReadAllBytes(pdf), 0, 5));
        var (width, height) = PngSize(File.ReadAllBytes(png));
        Assert.Equal((640, 360), (width, height));
    }

    [Fact]
    public async Task A_missing_page_is_refused_before_chromium_runs()
    {
        var missing = Path.Combine(_directory.FullName, "missing.html");
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() =>
            new HeadlessChromium("/nonexistent/chromium").PrintToPdfAsync(missing, Path.Combine(_directory.FullName, "x.pdf"), Ct));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_that_fails_is_reported_with_its_exit_code_and_stderr()
    {
        var fake = Script("echo 'cannot open display: no such thing' >&2\nexit 3\n");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new HeadlessChromium(fake).PrintToPdfAsync(Page("<p>x</p>"), Path.Combine(_directory.FullName, "x.pdf"), Ct));
        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot open display: no such thing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_that_exits_without_writing_the_file_is_an_error()
    {
        var fake = Script("echo 'Page load failed' >&2\nexit 0\n");
        var pdf = Path.Combine(_directory.FullName, "x.pdf");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new HeadlessChromium(fake).PrintToPdfAsync(Page("<p>x</p>"), pdf, Ct));
        Assert.Contains($"wrote no {pdf}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Page load failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_that_hangs_is_stopped_at_the_timeout()
    {
        var fake = Script("echo 'still loading' >&2\nexec sleep 60\n");
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            new HeadlessChromium(fake, TimeSpan.FromSeconds(1)).ScreenshotAsync(Page("<p>x</p>"), Path.Combine(_directory.FullName, "x.png"), 10, 10, Ct));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the hung process was not stopped in time");
        Assert.Contains("still loading", error.Message, StringComparison.Ordinal);
    }

    private string Page(string html)
    {
        var path = Path.Combine(_directory.FullName, $"page-{Guid.NewGuid():N}.html");
        File.WriteAllText(path, html);
        return path;
    }

    // A stand-in browser: what the helper does with a failing, silent or hanging chromium is checked without one.
    private string Script(string body)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("The stand-in browser is a shell script.");
            return "";
        }
        var path = Path.Combine(_directory.FullName, $"fake-chromium-{Guid.NewGuid():N}");
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Width and height from the IHDR chunk, which the PNG specification puts first, right after the signature.</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(png.Length > 24, $"a PNG of {png.Length} bytes");
        Assert.Equal(signature, png[..8]);
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }
}
