using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Almanac.Domain.Platform;
using Almanac.Ingest;
using Almanac.Ingest.Platform;
using Almanac.Store;
using Almanac.Web.Demo;

namespace Almanac.Web.Tests;

/// <summary>Two tabs on one submission, and answers that outlive the server: stopped and restarted, or killed.</summary>
public sealed class ConcurrencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<SubmissionDto> OpenOwnAsync(ApiClient focal)
    {
        using var response = await focal.SendAsync(HttpMethod.Post, "/api/submissions/", new { office = PlatformDemo.FocalOffice, year = 2023 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SubmissionDto>(Ct))!;
    }

    [Fact]
    public async Task Two_tabs_saving_from_one_version_the_second_gets_409_with_a_clear_message_and_the_first_answer_stays()
    {
        await using var server = await PlatformServer.StartAsync();
        using var tab1 = await server.ClientAsync("focal-mali");
        using var tab2 = await server.ClientAsync("focal-mali");
        var draft = await OpenOwnAsync(tab1);

        using var first = await tab1.SendAsync(HttpMethod.Put, $"/api/submissions/{draft.Id}/answers", new { version = draft.Version, answers = new Dictionary<string, string> { ["data-products"] = "4" } });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await tab2.SendAsync(HttpMethod.Put, $"/api/submissions/{draft.Id}/answers", new { version = draft.Version, answers = new Dictionary<string, string> { ["data-products"] = "9" } });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("was changed by focal-mali", detail, StringComparison.Ordinal);
        Assert.Contains("reload it", detail, StringComparison.Ordinal);
        Assert.Equal("4", (await server.Store.AnswersAsync(draft.Id, Ct))["data-products"]);

        // The same race through the page forms: the stale form is refused with the message, the typed value shown again.
        using var stale = await tab2.PostFormAsync($"/submission/{draft.Id}?handler=Save",
            [KeyValuePair.Create("Version", draft.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), KeyValuePair.Create("answer:data-products", "11")]);
        var page = await stale.Content.ReadAsStringAsync(Ct);
        Assert.True(stale.StatusCode == HttpStatusCode.OK, $"{stale.StatusCode}: {page}");
        Assert.Contains("reload it", page, StringComparison.Ordinal);
        Assert.Contains("value=\"11\"", page, StringComparison.Ordinal);
        Assert.Equal("4", (await server.Store.AnswersAsync(draft.Id, Ct))["data-products"]);
    }

    [Fact]
    public async Task An_acknowledged_answer_survives_stopping_and_restarting_the_server()
    {
        await using var server = await PlatformServer.StartAsync();
        var draft = await SaveAcknowledgedAsync(server.Address, "focal-mali", server.Credential("focal-mali").Password, "17");
        await server.RestartAsync();
        using var focal = await server.ClientAsync("focal-mali");
        var detail = await (await focal.SendAsync(HttpMethod.Get, $"/api/submissions/{draft}")).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("17", detail.GetProperty("answers").GetProperty("data-products").GetString());
    }

    [Fact]
    public async Task An_acknowledged_answer_survives_the_server_process_being_killed()
    {
        // Seed a store, then serve it from a separate `almanac serve` process that is killed (SIGKILL) right after the
        // answer is acknowledged; the store opened again holds the answer.
        var directory = Directory.CreateTempSubdirectory("almanac-kill-");
        try
        {
            var path = Path.Combine(directory.FullName, "kill.db");
            IReadOnlyList<DemoCredential> credentials;
            await using (var store = await AlmanacStores.OpenAsync(path, Ct))
            {
                credentials = await PlatformDemo.SeedAsync((IPlatformStore)store, TimeProvider.System, Ct);
            }
            var port = AlmanacProcess.FreePort();
            var cli = Path.Combine(AppContext.BaseDirectory, "almanac.dll");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { cli, "serve", "--db", path, "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
            long id;
            try
            {
                var address = new Uri($"http://127.0.0.1:{port}");
                await AlmanacProcess.WaitUntilServingAsync(address, process);
                id = await SaveAcknowledgedAsync(address, "focal-mali", credentials.Single(c => c.Account.UserName == "focal-mali").Password, "23");
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
            TestContext.Current.SendDiagnosticMessage($"serve output: {await output} {await errors}");
            await using var reopened = await AlmanacStores.OpenAsync(path, Ct);
            Assert.Equal("23", (await ((IPlatformStore)reopened).AnswersAsync(id, Ct))["data-products"]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Serve_demo_as_the_readme_shows_it_serves_the_demo_organization_with_2017_and_2018_locked()
    {
        // `./almanac serve --demo`, the README's first command, in a folder of its own (it writes out/serve-demo there).
        var directory = Directory.CreateTempSubdirectory("almanac-serve-demo-");
        try
        {
            var port = AlmanacProcess.FreePort();
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory.FullName };
            foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "almanac.dll"), "serve", "--demo", "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await AlmanacProcess.WaitUntilServingAsync(new Uri($"http://127.0.0.1:{port}"), process, seconds: 300);
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
            var printed = await output;
            Assert.True(printed.Contains("The 2017 and 2018 questionnaires answered with SYNTHETIC answers", StringComparison.Ordinal), printed + await errors);
            Assert.Contains("focal-mali", printed, StringComparison.Ordinal);
            await using var store = await AlmanacStores.OpenAsync(Path.Combine(directory.FullName, "out", "serve-demo", "almanac.db"), Ct);
            // The demo's offices are those of data/platform/offices.csv.
            using var officeFile = new StreamReader(EmbeddedData.Open("platform/offices.csv"));
            var offices = PlatformFiles.ReadOffices("offices.csv", officeFile).Count;
            Assert.Equal(offices, (await store.OfficesAsync(Ct)).Count);
            Assert.True(await store.IsYearLockedAsync(2017, Ct) && await store.IsYearLockedAsync(2018, Ct));
            Assert.False(await store.IsYearLockedAsync(2023, Ct));
            // 98% of the offices answered in 2018, as the report printed; every one approved.
            Assert.Equal(SyntheticAnswers.Respondents(offices, 98), (await store.SubmissionsAsync(2018, Ct)).Count(s => s.State == SubmissionState.Approved));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A served demo store is never deleted by a second `serve --demo` in the same folder, a busy address stops a command
    /// before it touches anything, a command on the held store says who holds it, and SIGTERM stops the server within
    /// ten seconds with exit code 0.
    /// </summary>
    [Fact]
    public async Task Serve_stops_on_sigterm_and_a_second_process_leaves_the_running_store_alone()
    {
        var directory = Directory.CreateTempSubdirectory("almanac-serve-twice-");
        var servers = new List<Process>();
        try
        {
            var port = AlmanacProcess.FreePort();
            var first = AlmanacProcess.Start(directory, "serve", "--demo", "--urls", $"http://127.0.0.1:{port}");
            servers.Add(first);
            var firstOutput = first.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var firstErrors = first.StandardError.ReadToEndAsync(CancellationToken.None);
            var address = new Uri($"http://127.0.0.1:{port}");
            await AlmanacProcess.WaitUntilServingAsync(address, first, seconds: 300);
            var store = Path.Combine(directory.FullName, "out", "serve-demo", "almanac.db");
            var served = File.GetLastWriteTimeUtc(store);

            var (secondExit, secondOutput) = await AlmanacProcess.RunToEndAsync(AlmanacProcess.Start(directory, "serve", "--demo", "--urls", $"http://127.0.0.1:{AlmanacProcess.FreePort()}"));
            Assert.Equal(1, secondExit);
            Assert.Contains("is in use by another process", secondOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", secondOutput, StringComparison.Ordinal);

            var (busyExit, busyOutput) = await AlmanacProcess.RunToEndAsync(AlmanacProcess.Start(directory, "serve", "--demo", "--urls", $"http://127.0.0.1:{port}"));
            Assert.Equal(1, busyExit);
            Assert.Contains("another process is listening there; nothing was changed", busyOutput, StringComparison.Ordinal);

            var (sourcesExit, sourcesOutput) = await AlmanacProcess.RunToEndAsync(AlmanacProcess.Start(directory, "sources", "--db", store));
            Assert.Equal(1, sourcesExit);
            Assert.Contains("is in use by another process", sourcesOutput, StringComparison.Ordinal);

            // The first server still serves its store, untouched.
            Assert.True(File.Exists(store));
            Assert.Equal(served, File.GetLastWriteTimeUtc(store));
            using (var http = new HttpClient { BaseAddress = address })
            using (var login = await http.GetAsync("/login", Ct)) Assert.Equal(HttpStatusCode.OK, login.StatusCode);

            using (var kill = Process.Start("kill", ["-TERM", first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync(Ct);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await first.WaitForExitAsync(deadline.Token);
            Assert.Equal(0, first.ExitCode);
            Assert.Contains("Stopped.", await firstOutput + await firstErrors, StringComparison.Ordinal);
        }
        finally
        {
            // A failing check must not leave the server running after the test.
            foreach (var server in servers)
            {
                if (!server.HasExited) server.Kill(entireProcessTree: true);
                server.Dispose();
            }
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Signs in, opens the focal point's draft, saves one answer and waits for the 200 that acknowledges it.</summary>
    private static async Task<long> SaveAcknowledgedAsync(Uri address, string user, string password, string value)
    {
        using var focal = new ApiClient(address);
        await focal.SignInAsync(user, password);
        var draft = await OpenOwnAsync(focal);
        using var saved = await focal.SendAsync(HttpMethod.Put, $"/api/submissions/{draft.Id}/answers", new { version = draft.Version, answers = new Dictionary<string, string> { ["data-products"] = value } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        return draft.Id;
    }
}
