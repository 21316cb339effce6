using System.Diagnostics;
using Almanac.Web.Services;

namespace Almanac.Web.Tests;

/// <summary>
/// The first run of a real <c>almanac serve</c> process over a new store: nobody can sign in, so the server says on
/// standard error how the first administrator is created, and the sign-in page says so too; once the account exists,
/// neither does; the first administrator then signs in through the page in Chromium and creates an account.
/// </summary>
public sealed class FirstRunTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-first-run-");

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>Reads standard error line by line until a line holds <paramref name="words"/> (a minute at most); the lines read.</summary>
    private static async Task<string> ErrorsUntilAsync(Process process, string words)
    {
        var lines = new List<string>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (await process.StandardError.ReadLineAsync(deadline.Token) is { } line)
        {
            lines.Add(line);
            if (line.Contains(words, StringComparison.Ordinal)) return string.Join('\n', lines);
        }
        Assert.Fail($"almanac serve ended its standard error without '{words}': {string.Join('\n', lines)}");
        return "";
    }

    /// <summary>
    /// The first administrator, as the command created it, signs in through the sign-in page of the real server in
    /// Chromium with the password printed once, and creates an editor's account on the Accounts page (kept as screenshots).
    /// </summary>
    private static async Task FirstAdministratorSignsInAndCreatesAnAccountInChromiumAsync(Uri address, string user, string password)
    {
        var chromium = Almanac.Tests.TestChromium.Require();
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "e2e-first-run"));
        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new Microsoft.Playwright.BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium.Executable,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await (await browser.NewContextAsync(new Microsoft.Playwright.BrowserNewContextOptions { BaseURL = address.ToString() })).NewPageAsync();
        await page.GotoAsync("/login");
        Assert.Equal(0, await page.Locator("#first-run").CountAsync());
        await page.FillAsync("input[name=UserName]", user);
        await page.FillAsync("input[name=Password]", password);
        // Sign-in verifies a deliberately slow password hash: a minute at most.
        await page.ClickAsync("main button[type=submit]");
        Assert.True(await PageArrival.WaitAsync(page, url => !url.Contains("/login", StringComparison.Ordinal), TimeSpan.FromSeconds(60)), $"signing in stayed on {page.Url}");
        await page.ScreenshotAsync(new Microsoft.Playwright.PageScreenshotOptions { Path = Path.Combine(artifacts.FullName, "01-first-administrator-signed-in.png"), FullPage = true });
        await page.GotoAsync("/accounts");
        await page.FillAsync("#create-account input[name=UserName]", "first.editor");
        await page.FillAsync("#create-account input[name=DisplayName]", "First editor");
        await page.SelectOptionAsync("#create-account select[name=Role]", "editor");
        Assert.Equal(0, await page.Locator("#message").CountAsync());
        await page.ClickAsync("#create");
        await page.Locator("#message").WaitForAsync(new Microsoft.Playwright.LocatorWaitForOptions { Timeout = 60_000 });
        Assert.Equal("Account first.editor created (editor).", await page.InnerTextAsync("#message"));
        Assert.Equal(20, (await page.InnerTextAsync("#generated-password")).Length);
        await page.ScreenshotAsync(new Microsoft.Playwright.PageScreenshotOptions { Path = Path.Combine(artifacts.FullName, "02-first-account-created.png"), FullPage = true });
    }

    private static async Task StopAsync(Process process)
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(Ct);
        process.Dispose();
    }

    [Fact]
    public async Task Serve_on_a_store_without_accounts_says_how_to_create_the_first_administrator_until_one_exists()
    {
        var address = new Uri($"http://127.0.0.1:{AlmanacProcess.FreePort()}");
        var serve = AlmanacProcess.Start(_directory, "serve", "--urls", address.ToString().TrimEnd('/'), "--db", "new.db");
        var output = serve.StandardOutput.ReadToEndAsync(Ct);
        try
        {
            await AlmanacProcess.WaitUntilServingAsync(address, serve);
            var errors = await ErrorsUntilAsync(serve, "No account exists yet");
            Assert.Contains($"No account exists yet. Create the first administrator (its password is printed once), then sign in: {PlatformService.FirstAdministratorCommand} --db new.db", errors, StringComparison.Ordinal);
            using var http = new HttpClient { BaseAddress = address };
            var login = await http.GetStringAsync("/login", Ct);
            Assert.Contains("id=\"first-run\"", login, StringComparison.Ordinal);
            Assert.Contains($"<code>{PlatformService.FirstAdministratorCommand}</code>", login, StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(serve);
        }
        Assert.DoesNotContain("No account", await output, StringComparison.Ordinal);

        // The command it names, as printed (the documented name, not the alias), creates the account.
        Assert.Equal("almanac users add USER --role administrator", PlatformService.FirstAdministratorCommand);
        string[] printed = [.. PlatformService.FirstAdministratorCommand.Split(' ').Skip(1).Select(w => w == "USER" ? "first.admin" : w), "--db", "new.db"];
        var (added, addOutput) = await AlmanacProcess.RunToEndAsync(AlmanacProcess.Start(_directory, printed));
        Assert.True(added == 0, addOutput);

        var again = AlmanacProcess.Start(_directory, "serve", "--urls", address.ToString().TrimEnd('/'), "--db", "new.db");
        var errorsAgain = again.StandardError.ReadToEndAsync(Ct);
        try
        {
            await AlmanacProcess.WaitUntilServingAsync(address, again);
            // The serving line follows the check for accounts: once it is printed, the check has been made.
            var line = "";
            while (!line.Contains("Almanac is serving at", StringComparison.Ordinal)) line = await again.StandardOutput.ReadLineAsync(Ct) ?? throw new InvalidOperationException("serve ended");
            using var http = new HttpClient { BaseAddress = address };
            Assert.DoesNotContain("first-run", await http.GetStringAsync("/login", Ct), StringComparison.Ordinal);
            await FirstAdministratorSignsInAndCreatesAnAccountInChromiumAsync(address, "first.admin", System.Text.RegularExpressions.Regex.Match(addOutput, "shown this once: ([A-Za-z0-9]+)").Groups[1].Value);
        }
        finally
        {
            await StopAsync(again);
        }
        Assert.DoesNotContain("No account exists yet", await errorsAgain, StringComparison.Ordinal);
    }
}
