using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Almanac.Cli;
using Almanac.Cli.Commands;
using Almanac.Ingest.Published;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Staff;
using Almanac.Store;
using Almanac.Store.Backup;
using Almanac.Tests;
using Almanac.Web.Demo;

namespace Almanac.Web.Tests;

/// <summary>
/// A store with everything in it — the demo organization, accounts and a signed-in session, two locked questionnaire
/// years, a staff list, printed figures — backed up by its server and restored into a new store of either engine: every
/// row the same, the session cookie still good, sign-in, queries and results the same. And a store that an
/// <c>almanac serve</c> process holds: the command says how to back it up, and the server does.
/// </summary>
public sealed class BackupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>From engine, to engine: each engine's backup restores into both.</summary>
    public static TheoryData<string, string> EnginePairs => new() { { "duckdb", "duckdb" }, { "postgres", "postgres" }, { "duckdb", "postgres" }, { "postgres", "duckdb" } };

    [Theory]
    [MemberData(nameof(EnginePairs))]
    public async Task A_backup_the_server_takes_restores_every_row_and_the_restored_store_keeps_sessions_sign_ins_queries_and_results(string from, string to)
    {
        var root = Directory.CreateTempSubdirectory("almanac-backups-");
        try
        {
            await using var server = await PlatformServer.StartAsync(from, o => o.BackupRoot = Path.Combine(root.FullName, "backups"));
            await server.Facts.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), Ct);
            await PlatformDemo.SeedHistoryAsync(server.Store, TimeProvider.System, Ct);
            var staffList = Path.Combine(root.FullName, "synthetic-staff-2023.csv");
            GenerateCommand.Write(2023, staffList);
            await new StaffImporter(server.Facts, TimeProvider.System).ImportAsync(staffList, 2023, Ct);
            await new PublishedFiguresImporter(server.Facts, TimeProvider.System).ImportEmbeddedAsync(2018, Ct);
            using var focal = await server.ClientAsync("focal-mali");
            using (var opened = await focal.SendAsync(HttpMethod.Post, "/api/submissions/", new { office = PlatformDemo.FocalOffice, year = 2023 }))
            {
                var draft = (await opened.Content.ReadFromJsonAsync<SubmissionDto>(Ct))!;
                using var saved = await focal.SendAsync(HttpMethod.Put, $"/api/submissions/{draft.Id}/answers", new { version = draft.Version, answers = new Dictionary<string, string> { ["data-products"] = "7" } });
                Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            }
            using var admin = await server.ClientAsync("admin");
            using var response = await admin.SendAsync(HttpMethod.Post, "/api/admin/backup");
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
            var backup = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct))!;
            var directory = backup.GetProperty("directory").GetString()!;
            Assert.StartsWith(Path.Combine(root.FullName, "backups", "almanac-"), directory, StringComparison.Ordinal);
            Assert.True(backup.GetProperty("rows").GetInt64() > 20_972);

            // Restored into a new store (a server of the store backed up keeps serving meanwhile).
            var restored = await TestStores.CreateAsync(to);
            PlatformServer? second = null;
            try
            {
                var result = await restored.ClosedAsync(() => StoreBackups.RestoreAsync(restored.Target, directory, replace: false, new Change("test", DateTimeOffset.UtcNow), Ct));
                Assert.Equal(from == "duckdb" ? "duckdb" : "postgresql", result.Backup.Engine);
                Assert.Equal(await StoreRows.RestorableAsync(server.StoreTarget), await StoreRows.RestorableAsync(restored.Target));

                second = await PlatformServer.StartOverAsync(restored, server.Credentials);
                // The focal point's session cookie, signed by the key ring now in the restored store, is still a session there.
                using (var http = new HttpClient { BaseAddress = second.Address })
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/api/session/");
                    request.Headers.Add("Cookie", focal.CookieHeader);
                    using var session = await http.SendAsync(request, Ct);
                    Assert.Equal(HttpStatusCode.OK, session.StatusCode);
                    Assert.Contains("focal-mali", await session.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
                }
                // The password hashes: the administrator signs in with the same password.
                using var restoredAdmin = await second.ClientAsync("admin");
                using var editor = await server.ClientAsync("editor");
                using var restoredEditor = await second.ClientAsync("editor");
                foreach (var path in new[] { "/api/query/?measure=staff.headcount&rows=grade&columns=sex&year=2023&totals=true", "/api/results/2018", "/api/results/2017?framework=strategic-plan-2024-2028" })
                {
                    using var before = await editor.SendAsync(HttpMethod.Get, path);
                    using var after = await restoredEditor.SendAsync(HttpMethod.Get, path);
                    Assert.Equal(HttpStatusCode.OK, before.StatusCode);
                    Assert.Equal(await before.Content.ReadAsStringAsync(Ct), await after.Content.ReadAsStringAsync(Ct));
                }
            }
            finally
            {
                if (second is not null) await second.DisposeAsync();
                else await restored.DisposeAsync();
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_store_that_almanac_serve_holds_is_backed_up_by_that_server_and_the_command_says_so_writing_nothing()
    {
        var directory = Directory.CreateTempSubdirectory("almanac-held-");
        Process? server = null;
        try
        {
            var path = Path.Combine(directory.FullName, "held.db");
            IReadOnlyList<DemoCredential> credentials;
            await using (var store = await AlmanacStores.OpenAsync(path, Ct))
            {
                credentials = await PlatformDemo.SeedAsync((IPlatformStore)store, TimeProvider.System, Ct);
            }
            var port = AlmanacProcess.FreePort();
            server = AlmanacProcess.Start(directory, "serve", "--db", path, "--urls", $"http://127.0.0.1:{port}");
            var output = server.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var errors = server.StandardError.ReadToEndAsync(CancellationToken.None);
            var address = new Uri($"http://127.0.0.1:{port}");
            await AlmanacProcess.WaitUntilServingAsync(address, server, seconds: 120);

            // The command cannot open the file the server holds: it says which process holds it and how to back it up.
            var refused = Path.Combine(directory.FullName, "from-the-command");
            var (exit, said) = await CliWords.RunAsync("backup", "--db", path, "--out", refused);
            Assert.Equal(AlmanacCli.Failed, exit);
            Assert.Contains("is in use by another process", said, StringComparison.Ordinal);
            Assert.Contains("POST /api/admin/backup", said, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", said, StringComparison.Ordinal);
            Assert.False(Directory.Exists(refused));

            // The server takes it, for an administrator only, into the backups folder beside the store.
            using (var reader = new ApiClient(address))
            {
                await reader.SignInAsync("reader", credentials.Single(c => c.Account.UserName == "reader").Password);
                using var denied = await reader.SendAsync(HttpMethod.Post, "/api/admin/backup");
                Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            }
            using var admin = new ApiClient(address);
            await admin.SignInAsync("admin", credentials.Single(c => c.Account.UserName == "admin").Password);
            using var taken = await admin.SendAsync(HttpMethod.Post, "/api/admin/backup");
            Assert.True(taken.StatusCode == HttpStatusCode.OK, await taken.Content.ReadAsStringAsync(Ct));
            var backup = (await taken.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("directory").GetString()!;
            Assert.Equal(Path.Combine(directory.FullName, "backups"), Path.GetDirectoryName(backup));
            // The Administration page's button does the same.
            using (var page = await admin.PostFormAsync("/admin?handler=Backup", [], tokenPage: "/admin"))
            {
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Contains("Backed up to " + Path.Combine(directory.FullName, "backups", "almanac-"), await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }
            Assert.Equal(2, Directory.GetDirectories(Path.Combine(directory.FullName, "backups")).Length);
            // …while it goes on serving.
            using (var still = await admin.SendAsync(HttpMethod.Get, "/api/audit/?entity=store"))
            {
                Assert.Equal(HttpStatusCode.OK, still.StatusCode);
                Assert.Contains("backup", await still.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }

            // A restore into the held store is refused too, saying to stop the server; then the backup restores into a new store.
            var (heldExit, heldSaid) = await CliWords.RunAsync("restore", backup, "--db", path, "--replace");
            Assert.Equal(AlmanacCli.Failed, heldExit);
            Assert.Contains("Stop the server that holds it", heldSaid, StringComparison.Ordinal);
            var copy = Path.Combine(directory.FullName, "restored.db");
            var (restoreExit, restoreSaid) = await CliWords.RunAsync("restore", backup, "--db", copy);
            Assert.True(restoreExit == 0, restoreSaid);
            Assert.Contains("Restored", restoreSaid, StringComparison.Ordinal);

            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(CancellationToken.None);
            TestContext.Current.SendDiagnosticMessage($"serve output: {await output} {await errors}");
            var original = await StoreRows.RestorableAsync(path);
            // Sign-ins, sessions, throttles and the audit of what happened after the backup (the reader's refused request) are not in it.
            foreach (var table in new[] { "web_session", "audit_log", "sign_in_throttle" }) original.Remove(table);
            var copied = await StoreRows.RestorableAsync(copy);
            foreach (var table in new[] { "web_session", "audit_log", "sign_in_throttle" }) copied.Remove(table);
            Assert.Equal(original, copied);
        }
        finally
        {
            if (server is { HasExited: false }) server.Kill(entireProcessTree: true);
            server?.Dispose();
            directory.Delete(recursive: true);
        }
    }
}
