using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Almanac.Domain.Platform;
using Almanac.Store;
using Almanac.Web;
using Almanac.Web.Demo;
using Almanac.Web.Security;
using Microsoft.Extensions.Logging;

namespace Almanac.Bench;

/// <summary>
/// serve-load: the web platform on a loopback port with a new embedded store, and N simulated focal points at once,
/// each of its own office: sign in, open the 2023 submission, save answers S times (as autosave does), submit. Bounded in
/// time (every client stops at the deadline). Prints throughput and p50/p99 latency of the saves and submits, then reads
/// the store to verify that every acknowledged answer is there, once, and nothing unacknowledged is.
/// </summary>
public static class ServeLoadBench
{
    public sealed record Options(int FocalPoints, int Saves, TimeSpan Limit, string Engine);

    private sealed record Client(string Office, Account Account, string Password);

    /// <summary>What a client knows: the saves the server acknowledged, and a write in flight when the deadline cut it (which may or may not have landed).</summary>
    private sealed record Outcome(string Office, long SubmissionId, int AcknowledgedSaves, string? LastDataProducts, bool Submitted, string? Error, string? InFlight);

    public static async Task<int> RunAsync(Options options, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("almanac-serve-load-");
        try
        {
            var target = options.Engine == "postgres"
                ? Environment.GetEnvironmentVariable("ALMANAC_BENCH_POSTGRES") ?? throw new InvalidOperationException("--engine postgres needs ALMANAC_BENCH_POSTGRES: run under bench/with-postgres.sh")
                : Path.Combine(directory.FullName, "load.db");
            await using var store = await AlmanacStores.OpenAsync(target, cancellationToken);
            var platform = (IPlatformStore)store;
            var setup = Stopwatch.StartNew();
            await PlatformDemo.SeedAsync(platform, TimeProvider.System, cancellationToken);
            // One office and one focal point per simulated user, spread over the demo's regions.
            var regions = (await platform.OfficesAsync(cancellationToken)).Where(o => o.Kind == OfficeKind.RegionalOffice).Select(o => o.Code).ToList();
            var offices = Enumerable.Range(1, options.FocalPoints)
                .Select(i => new Office($"LOAD-{i:000}", $"Load-test office {i}", OfficeKind.CountryOffice, regions[i % regions.Count], "XXX")).ToList();
            var change = new Change("serve-load", DateTimeOffset.UtcNow);
            await platform.ImportOfficesAsync(offices, change, cancellationToken);
            var clients = new Client[offices.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, offices.Count), cancellationToken, async (i, ct) =>
            {
                var account = new Account($"load-{i + 1:000}", $"Load focal point {i + 1}", Role.FocalPoint, offices[i].Code, null);
                var password = $"load-password-{i + 1:000}";
                await platform.SaveAccountAsync(account, SignInService.Hash(account, password), change, ct);
                clients[i] = new Client(offices[i].Code, account, password);
            });
            Console.WriteLine($"setup: {store.Description}, {offices.Count} offices and focal points in {setup.Elapsed.TotalSeconds:0.0} s");

            await using var app = PlatformApp.Build(platform, ["http://127.0.0.1:0"], logging: l => l.SetMinimumLevel(LogLevel.Warning));
            await app.StartAsync(cancellationToken);
            var address = new Uri(app.Urls.Single());
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.Limit);

            var signInLatencies = new List<double>[clients.Length];
            var writeLatencies = new List<double>[clients.Length];
            var wall = Stopwatch.StartNew();
            var outcomes = await Task.WhenAll(clients.Select((c, i) => Task.Run(() => SimulateAsync(address, c, options.Saves,
                signInLatencies[i] = [], writeLatencies[i] = [], deadline.Token), CancellationToken.None)));
            var elapsed = wall.Elapsed;
            await app.StopAsync(CancellationToken.None);

            var writes = writeLatencies.SelectMany(l => l).Order().ToList();
            var signIns = signInLatencies.SelectMany(l => l).Order().ToList();
            Console.WriteLine($"{clients.Length} focal points at once on {address}, {options.Saves} saves and one submit each, limit {options.Limit.TotalSeconds:0} s: wall {elapsed.TotalSeconds:0.00} s");
            Console.WriteLine($"sign-ins: {signIns.Count}, p50 {Percentile(signIns, 50):0} ms, p99 {Percentile(signIns, 99):0} ms (PBKDF2 hashing, by design slow)");
            Console.WriteLine($"saves + submits: {writes.Count} requests, {writes.Count / elapsed.TotalSeconds:0} requests/s over the wall time, p50 {Percentile(writes, 50):0.0} ms, p99 {Percentile(writes, 99):0.0} ms, max {writes.LastOrDefault():0.0} ms");

            var problems = await VerifyAsync(platform, outcomes, cancellationToken);
            foreach (var problem in problems.Take(20)) Console.WriteLine("LOST OR DUPLICATED: " + problem);
            var errors = outcomes.Where(o => o.Error is not null).ToList();
            var cut = outcomes.Count(o => o.Error is null && !o.Submitted);
            if (cut > 0) Console.WriteLine($"time limit: {cut} focal points were stopped before they had submitted");
            foreach (var error in errors.Take(10)) Console.WriteLine($"client error ({error.Office}): {error.Error}");
            Console.WriteLine(problems.Count == 0 && errors.Count == 0
                ? $"verified: {outcomes.Sum(o => o.AcknowledgedSaves)} acknowledged saves and {outcomes.Count(o => o.Submitted)} submits are in the store, each answer once, with one audit line per changed answer"
                : $"FAILED: {problems.Count} lost or duplicated, {errors.Count} client errors");
            return problems.Count == 0 && errors.Count == 0 ? 0 : 1;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<Outcome> SimulateAsync(Uri address, Client client, int saves, List<double> signIn, List<double> writes, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        long id = 0;
        var acknowledged = 0;
        string? last = null, inFlight = null;
        try
        {
            var clock = Stopwatch.StartNew();
            var token = await TokenAsync(http, cancellationToken);
            (await SendAsync(http, HttpMethod.Post, "/api/session", token, new { userName = client.Account.UserName, password = client.Password }, cancellationToken)).EnsureSuccessStatusCode();
            token = await TokenAsync(http, cancellationToken);
            signIn.Add(clock.Elapsed.TotalMilliseconds);
            var submission = await ReadAsync(await SendAsync(http, HttpMethod.Post, "/api/submissions", token, new { office = client.Office, year = PlatformDemo.Year }, cancellationToken), cancellationToken);
            id = submission.Id;
            var version = submission.Version;
            for (var s = 1; s <= saves; s++)
            {
                var answers = new Dictionary<string, string?> { ["data-products"] = s.ToString(CultureInfo.InvariantCulture), ["people-assisted/Migrants/Women"] = (100 + s).ToString(CultureInfo.InvariantCulture) };
                if (s == 1)
                {
                    answers["emergency-response"] = "yes";
                    answers["durable-solutions"] = "Partly";
                    answers["psea-focal-point"] = "yes";
                    foreach (var row in new[] { "Displaced persons", "Migrants", "Host community members" })
                    {
                        foreach (var column in new[] { "Women", "Men" }) answers.TryAdd($"people-assisted/{row}/{column}", "10");
                    }
                }
                clock.Restart();
                inFlight = answers["data-products"];
                var saved = await ReadAsync(await SendAsync(http, HttpMethod.Put, $"/api/submissions/{id}/answers", token, new { version, answers }, cancellationToken), cancellationToken);
                writes.Add(clock.Elapsed.TotalMilliseconds);
                version = saved.Version;
                acknowledged = s;
                last = answers["data-products"];
                inFlight = null;
            }
            clock.Restart();
            inFlight = "submit";
            await ReadAsync(await SendAsync(http, HttpMethod.Post, $"/api/submissions/{id}/submit", token, new { version, comment = (string?)null }, cancellationToken), cancellationToken);
            writes.Add(clock.Elapsed.TotalMilliseconds);
            return new Outcome(client.Office, id, acknowledged, last, true, null, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The time limit: this client stops; what it had acknowledged must be in the store.
            return new Outcome(client.Office, id, acknowledged, last, false, null, inFlight);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            return new Outcome(client.Office, id, acknowledged, last, false, e.Message, inFlight);
        }
    }

    private static async Task<string> TokenAsync(HttpClient http, CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<TokenDto>("/api/session/antiforgery", cancellationToken))!.Token;

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string token, object body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-CSRF-TOKEN", token);
        return http.SendAsync(request, cancellationToken);
    }

    private static async Task<SubmissionDto> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return (await response.Content.ReadFromJsonAsync<SubmissionDto>(cancellationToken))!;
        }
    }

    /// <summary>Every acknowledged save is in the store, once: the last value stands, the version counts each save, the audit has each change once.</summary>
    private static async Task<List<string>> VerifyAsync(IPlatformStore store, IReadOnlyList<Outcome> outcomes, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var submissions = (await store.SubmissionsAsync(PlatformDemo.Year, cancellationToken)).Where(s => s.Office.StartsWith("LOAD-", StringComparison.Ordinal)).ToList();
        if (submissions.Count != outcomes.Count(o => o.SubmissionId != 0)) problems.Add($"{submissions.Count} load submissions in the store for {outcomes.Count(o => o.SubmissionId != 0)} opened");
        if (submissions.GroupBy(s => s.Office).Any(g => g.Count() > 1)) problems.Add("an office has two submissions");
        foreach (var outcome in outcomes.Where(o => o.SubmissionId != 0))
        {
            var submission = submissions.Single(s => s.Id == outcome.SubmissionId);
            var answers = await store.AnswersAsync(submission.Id, cancellationToken);
            // Version 1 when opened, one more per acknowledged save and per submit; a write cut by the deadline may have landed.
            var landed = outcome.InFlight is not null && submission.Version == 2 + outcome.AcknowledgedSaves + (outcome.Submitted ? 1 : 0) ? 1 : 0;
            var expected = 1 + outcome.AcknowledgedSaves + (outcome.Submitted ? 1 : 0) + landed;
            if (submission.Version != expected) problems.Add($"{outcome.Office}: version {submission.Version}, expected {expected}");
            var stored = answers.GetValueOrDefault("data-products");
            var lastWritten = landed == 1 && outcome.InFlight != "submit" ? outcome.InFlight : outcome.LastDataProducts;
            if (stored != lastWritten) problems.Add($"{outcome.Office}: data-products {stored}, last acknowledged {outcome.LastDataProducts}");
            var changes = (await store.AuditAsync(new AuditQuery($"submission {submission.Id}", Limit: 5000), cancellationToken)).Count(a => a.Field == "data-products");
            var expectedChanges = outcome.AcknowledgedSaves + (landed == 1 && outcome.InFlight != "submit" ? 1 : 0);
            if (changes != expectedChanges) problems.Add($"{outcome.Office}: {changes} audit lines for data-products, {expectedChanges} saves landed");
            var submitted = outcome.Submitted || (landed == 1 && outcome.InFlight == "submit");
            if (submitted != (submission.State == SubmissionState.Submitted)) problems.Add($"{outcome.Office}: state {submission.State}, submit acknowledged {outcome.Submitted}");
        }
        return problems;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private sealed record TokenDto(string HeaderName, string Token);

    private sealed record SubmissionDto(long Id, string Office, long Version);
}
