using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Almanac.Domain.Platform;
using Almanac.Store;
using Almanac.Web.Demo;
using Almanac.Web.Security;

namespace Almanac.Bench;

/// <summary>
/// serve-load: `almanac serve` in processes of its own over a store this harness seeds (a new embedded store, or the
/// PostgreSQL database ALMANAC_BENCH_POSTGRES names), loaded from this process by simulated focal points, each of its
/// own office and from an address of its own (127.0.0.x). Scenarios: <c>closed</c> (sign in, open the 2023 submission,
/// save S times as autosave does, submit), <c>open</c> (every office autosaves on a fixed schedule, whatever the latency),
/// <c>storm</c> (the closed loop while as many people again sign in at once). Prints p50/p99 latency per kind of request,
/// then stops the servers and reads the store to verify that every acknowledged save is there, once.
/// </summary>
public static class ServeLoadBench
{
    /// <summary>What to run: the scenario, the simulated people, the servers and how often one is killed.</summary>
    public sealed record Options(string Scenario, string Engine, int FocalPoints, int Saves, TimeSpan Limit, int Servers, int Kills, int IntervalSeconds, int DurationSeconds);

    private sealed record Client(int Index, string Office, string UserName, string Password);

    /// <summary>What a client knows at the end: the saves the server acknowledged, and a write in flight when the deadline cut it (which may or may not have landed).</summary>
    private sealed record Outcome(string Office, long SubmissionId, int AcknowledgedSaves, string? LastDataProducts, bool Submitted, string? Error, string? InFlight);

    /// <summary>Latencies in milliseconds by kind of request, from every client.</summary>
    private sealed class Latencies
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, List<double>> _byKind = new(StringComparer.Ordinal);
        private readonly List<(DateTime Answered, double Milliseconds)> _writes = [];

        public void Add(string kind, double milliseconds)
        {
            lock (_lock)
            {
                if (!_byKind.TryGetValue(kind, out var list)) _byKind[kind] = list = [];
                list.Add(milliseconds);
                if (kind is "save" or "submit") _writes.Add((DateTime.UtcNow, milliseconds));
            }
        }

        /// <summary>Saves and submits by the window of the run in which they were answered: where in time the slow ones are.</summary>
        public IEnumerable<(TimeSpan From, int Count, double P50, double P99, double Max)> WritesBy(TimeSpan window, DateTime start)
        {
            lock (_lock)
            {
                return [.. _writes.GroupBy(w => (int)((w.Answered - start) / window)).OrderBy(g => g.Key)
                    .Select(g => (g.Key * window, g.Count(), Percentile([.. g.Select(w => w.Milliseconds).Order()], 50), Percentile([.. g.Select(w => w.Milliseconds).Order()], 99), g.Max(w => w.Milliseconds)))];
            }
        }

        public List<double> Sorted(string kind)
        {
            lock (_lock) return _byKind.TryGetValue(kind, out var list) ? [.. list.Order()] : [];
        }
    }

    public static async Task<int> RunAsync(Options options, CancellationToken cancellationToken)
    {
        if (options.Servers > 1 && options.Engine != "postgres") throw new ArgumentException("--servers above 1 needs --engine postgres: one process holds a DuckDB file");
        var directory = Directory.CreateTempSubdirectory("almanac-serve-load-");
        try
        {
            var target = options.Engine == "postgres"
                ? Environment.GetEnvironmentVariable("ALMANAC_BENCH_POSTGRES") ?? throw new InvalidOperationException("--engine postgres needs ALMANAC_BENCH_POSTGRES: run under bench/with-postgres.sh")
                : Path.Combine(directory.FullName, "load.db");
            var people = options.Scenario == "storm" ? 2 * options.FocalPoints : options.FocalPoints;
            var clients = await SeedAsync(target, people, cancellationToken);
            var savers = clients.Take(options.FocalPoints).ToList();
            var stormers = clients.Skip(options.FocalPoints).ToList();

            await using var fleet = await ServerFleet.StartAsync(target, options.Servers, directory, cancellationToken);
            Console.WriteLine($"servers: {options.Servers} `almanac serve` process(es) at {string.Join(", ", fleet.Addresses)}; load from this process (pid {Environment.ProcessId}), one client address per office (127.0.0.2 and on)");
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.Scenario == "open" ? TimeSpan.FromSeconds(options.DurationSeconds) + options.Limit : options.Limit);
            var latencies = new Latencies();
            var wall = Stopwatch.StartNew();

            // The killer stops when the load does: every kill it counts happened while clients were writing.
            using var loading = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            var killer = options.Kills > 0 ? KillRepeatedlyAsync(fleet, options.Kills, loading.Token) : Task.FromResult(0);
            Outcome[] outcomes;
            if (options.Scenario == "open")
            {
                var started = DateTime.UtcNow;
                // Everyone signs in first (the hasher's queue, not the saves, sets how long that takes); the schedule starts after.
                var sessions = await Task.WhenAll(savers.Select(c => Task.Run(() => SignInAsync(fleet, c, latencies, deadline.Token), CancellationToken.None)));
                Console.WriteLine($"{sessions.Length} focal points signed in in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
                var window = Stopwatch.StartNew();
                var scheduled = DateTime.UtcNow;
                outcomes = await Task.WhenAll(sessions.Select(s => Task.Run(() => AutosaveOnScheduleAsync(s, options, latencies, deadline.Token), CancellationToken.None)));
                Console.WriteLine($"open loop: {savers.Count} offices autosaving every {options.IntervalSeconds} s for {window.Elapsed.TotalSeconds:0} s");
                foreach (var (from, count, p50, p99, max) in latencies.WritesBy(TimeSpan.FromSeconds(10), scheduled))
                {
                    Console.WriteLine($"  saves answered from {from.TotalSeconds:0} s: {count}, p50 {p50:0.0} ms, p99 {p99:0.0} ms, max {max:0.0} ms");
                }
                // The start, where every office's first (full) save comes, second by second.
                foreach (var (from, count, p50, p99, max) in latencies.WritesBy(TimeSpan.FromSeconds(1), scheduled).TakeWhile(w => w.From < TimeSpan.FromSeconds(10)))
                {
                    Console.WriteLine($"    from {from.TotalSeconds:0} s: {count}, p50 {p50:0.0} ms, p99 {p99:0.0} ms, max {max:0.0} ms");
                }
            }
            else
            {
                var saving = savers.Select(c => Task.Run(() => SaveAndSubmitAsync(fleet, c, options.Saves, latencies, deadline.Token), CancellationToken.None)).ToList();
                if (stormers.Count > 0)
                {
                    // The storm: once the savers are under way, as many people again sign in at the same moment.
                    while (latencies.Sorted("save").Count < savers.Count && !deadline.IsCancellationRequested) await Task.Delay(50, CancellationToken.None);
                    var storm = Stopwatch.StartNew();
                    var stormed = await Task.WhenAll(stormers.Select(c => Task.Run(async () =>
                    {
                        try
                        {
                            await SignInAsync(fleet, c, latencies, deadline.Token, "storm sign-in");
                            return true;
                        }
                        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException)
                        {
                            Console.WriteLine($"storm sign-in failed ({c.UserName}): {e.Message}");
                            return false;
                        }
                    }, CancellationToken.None)));
                    Console.WriteLine($"storm: {stormed.Count(s => s)} of {stormers.Count} sign-ins at once succeeded, the last after {storm.Elapsed.TotalSeconds:0.0} s");
                    if (stormed.Any(s => !s)) Console.WriteLine("FAILED: a storm sign-in did not succeed");
                }
                outcomes = await Task.WhenAll(saving);
            }
            var elapsed = wall.Elapsed;
            await loading.CancelAsync();
            var kills = await killer;
            await fleet.StopAsync();

            Console.WriteLine($"{options.Scenario}: {savers.Count} focal points, {options.Engine}, {options.Servers} server(s), {kills} kill -9 during the load; wall {elapsed.TotalSeconds:0.00} s");
            foreach (var kind in new[] { "sign-in", "storm sign-in", "save", "submit" })
            {
                var sorted = latencies.Sorted(kind);
                if (sorted.Count == 0) continue;
                Console.WriteLine($"  {kind}: {sorted.Count} requests, p50 {Percentile(sorted, 50):0.0} ms, p99 {Percentile(sorted, 99):0.0} ms, max {sorted[^1]:0.0} ms");
            }
            var writes = latencies.Sorted("save").Concat(latencies.Sorted("submit")).Order().ToList();
            Console.WriteLine($"  saves + submits: {writes.Count} requests, {writes.Count / elapsed.TotalSeconds:0} requests/s, p50 {Percentile(writes, 50):0.0} ms, p99 {Percentile(writes, 99):0.0} ms");

            await using var store = await AlmanacStores.OpenAsync(target, cancellationToken);
            var problems = await VerifyAsync(store, outcomes, cancellationToken);
            foreach (var problem in problems.Take(20)) Console.WriteLine("LOST OR DUPLICATED: " + problem);
            var errors = outcomes.Where(o => o.Error is not null).ToList();
            foreach (var error in errors.Take(10)) Console.WriteLine($"client error ({error.Office}): {error.Error}");
            var cut = outcomes.Count(o => o.Error is null && !o.Submitted);
            if (cut > 0 && options.Scenario != "open") Console.WriteLine($"time limit: {cut} focal points were stopped before they had submitted");
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

    /// <summary>The demo organization, one office and one focal point per simulated person; the store is closed again for the servers.</summary>
    private static async Task<Client[]> SeedAsync(string target, int people, CancellationToken cancellationToken)
    {
        var setup = Stopwatch.StartNew();
        await using var store = await AlmanacStores.OpenAsync(target, cancellationToken);
        var platform = store;
        await PlatformDemo.SeedAsync(platform, TimeProvider.System, cancellationToken);
        var regions = (await platform.OfficesAsync(cancellationToken)).Where(o => o.Kind == OfficeKind.RegionalOffice).Select(o => o.Code).ToList();
        var offices = Enumerable.Range(1, people).Select(i => new Office($"LOAD-{i:0000}", $"Load-test office {i}", OfficeKind.CountryOffice, regions[i % regions.Count], "XXX")).ToList();
        var change = new Change("serve-load", DateTimeOffset.UtcNow);
        await platform.ImportOfficesAsync(offices, change, cancellationToken);
        var clients = new Client[offices.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, offices.Count), cancellationToken, async (i, ct) =>
        {
            var account = new Account($"load-{i + 1:0000}", $"Load focal point {i + 1}", Role.FocalPoint, offices[i].Code, null);
            var password = $"load-password-{i + 1:0000}";
            await platform.SaveAccountAsync(account, SignInService.Hash(account, password), change, ct);
            clients[i] = new Client(i, offices[i].Code, account.UserName, password);
        });
        Console.WriteLine($"setup: {store.Description}, {offices.Count} offices and focal points in {setup.Elapsed.TotalSeconds:0.0} s");
        return clients;
    }

    /// <summary>A signed-in client: its HTTP client (cookies, its own source address), antiforgery token and submission.</summary>
    private sealed class Session(Client client, HttpClient http, string token, IReadOnlyList<Uri> servers) : IDisposable
    {
        private int _writes;

        public Client Client { get; } = client;

        /// <summary>
        /// Where the next write goes: each server in turn (cookies do not tell ports apart), so that with several servers a
        /// session made on one is used on every other.
        /// </summary>
        public Uri Next(string path) => new(servers[(Client.Index + Interlocked.Increment(ref _writes)) % servers.Count], path);

        public HttpClient Http { get; } = http;
        public string Token { get; set; } = token;
        public long SubmissionId { get; set; }
        public long Version { get; set; }

        public void Dispose() => Http.Dispose();
    }

    private static async Task<Session> SignInAsync(ServerFleet fleet, Client client, Latencies latencies, CancellationToken cancellationToken, string kind = "sign-in")
    {
        var http = ClientFor(fleet, client);
        var clock = Stopwatch.StartNew();
        var token = await RetryingAsync(() => TokenAsync(http, cancellationToken), cancellationToken);
        await RetryingAsync(async () =>
        {
            using var response = await SendAsync(http, HttpMethod.Post, "/api/session", token, new { userName = client.UserName, password = client.Password }, cancellationToken);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"sign-in: HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return true;
        }, cancellationToken);
        // A new session gets a new antiforgery token.
        var session = new Session(client, http, await RetryingAsync(() => TokenAsync(http, cancellationToken), cancellationToken), fleet.Addresses);
        latencies.Add(kind, clock.Elapsed.TotalMilliseconds);
        var submission = await RetryingAsync(async () => await ReadAsync(await SendAsync(http, HttpMethod.Post, "/api/submissions", session.Token, new { office = client.Office, year = PlatformDemo.Year }, cancellationToken), cancellationToken), cancellationToken);
        (session.SubmissionId, session.Version) = (submission.Id, submission.Version);
        return session;
    }

    private static async Task<Outcome> SaveAndSubmitAsync(ServerFleet fleet, Client client, int saves, Latencies latencies, CancellationToken cancellationToken)
    {
        Session? session = null;
        var acknowledged = 0;
        string? last = null, inFlight = null;
        try
        {
            session = await SignInAsync(fleet, client, latencies, cancellationToken);
            for (var s = 1; s <= saves; s++)
            {
                var value = s.ToString(CultureInfo.InvariantCulture);
                inFlight = value;
                await SaveAsync(session, Answers(s, first: s == 1), latencies, cancellationToken);
                acknowledged = s;
                last = value;
                inFlight = null;
            }
            inFlight = "submit";
            await SubmitAsync(session, latencies, cancellationToken);
            return new Outcome(client.Office, session.SubmissionId, acknowledged, last, true, null, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The time limit: this client stops; what it had acknowledged must be in the store.
            return new Outcome(client.Office, session?.SubmissionId ?? 0, acknowledged, last, false, null, inFlight);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            return new Outcome(client.Office, session?.SubmissionId ?? 0, acknowledged, last, false, e.Message, inFlight);
        }
        finally
        {
            session?.Dispose();
        }
    }

    /// <summary>
    /// The open loop: a save every interval on a fixed schedule, each office's phase spread over the interval; a save's
    /// latency counts from the moment it was due, so that a slow server is not excused by clients that waited for it.
    /// </summary>
    private static async Task<Outcome> AutosaveOnScheduleAsync(Session session, Options options, Latencies latencies, CancellationToken cancellationToken)
    {
        using (session)
        {
            var acknowledged = 0;
            string? last = null, inFlight = null;
            var interval = TimeSpan.FromSeconds(options.IntervalSeconds);
            var start = DateTime.UtcNow + interval * (session.Client.Index % 1000 / 1000.0);
            var end = DateTime.UtcNow + TimeSpan.FromSeconds(options.DurationSeconds);
            try
            {
                for (var s = 1; start + interval * (s - 1) < end; s++)
                {
                    var due = start + interval * (s - 1);
                    if (due > DateTime.UtcNow) await Task.Delay(due - DateTime.UtcNow, cancellationToken);
                    var value = s.ToString(CultureInfo.InvariantCulture);
                    inFlight = value;
                    await SaveAsync(session, Answers(s, first: s == 1), latencies, cancellationToken, due);
                    acknowledged = s;
                    last = value;
                    inFlight = null;
                }
                return new Outcome(session.Client.Office, session.SubmissionId, acknowledged, last, false, null, null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return new Outcome(session.Client.Office, session.SubmissionId, acknowledged, last, false, null, inFlight);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException)
            {
                return new Outcome(session.Client.Office, session.SubmissionId, acknowledged, last, false, e.Message, inFlight);
            }
        }
    }

    private static Dictionary<string, string?> Answers(int save, bool first)
    {
        var answers = new Dictionary<string, string?> { ["data-products"] = save.ToString(CultureInfo.InvariantCulture), ["people-assisted/Migrants/Women"] = (100 + save).ToString(CultureInfo.InvariantCulture) };
        if (!first) return answers;
        answers["emergency-response"] = "yes";
        answers["durable-solutions"] = "Partly";
        answers["psea-focal-point"] = "yes";
        foreach (var row in new[] { "Displaced persons", "Migrants", "Host community members" })
        {
            foreach (var column in new[] { "Women", "Men" }) answers.TryAdd($"people-assisted/{row}/{column}", "10");
        }
        return answers;
    }

    /// <summary>
    /// Saves at the version last read. When the server went away before answering, the same save is sent again; if the
    /// first had landed, the second is refused as stale, and the submission as stored shows whether the save is in it.
    /// </summary>
    private static async Task SaveAsync(Session session, Dictionary<string, string?> answers, Latencies latencies, CancellationToken cancellationToken, DateTime? due = null)
    {
        var clock = Stopwatch.StartNew();
        var version = session.Version;
        var saved = await RetryingAsync(async () =>
        {
            using var response = await SendAsync(session.Http, HttpMethod.Put, session.Next($"/api/submissions/{session.SubmissionId}/answers"), session.Token, new { version, answers }, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                var stored = await DetailAsync(session, cancellationToken);
                if (stored.Submission.Version == version + 1 && stored.Answers.GetValueOrDefault("data-products") == answers["data-products"]) return stored.Submission;
            }
            return await ReadAsync(response, cancellationToken, dispose: false);
        }, cancellationToken);
        latencies.Add("save", due is { } at ? (DateTime.UtcNow - at).TotalMilliseconds : clock.Elapsed.TotalMilliseconds);
        session.Version = saved.Version;
    }

    private static async Task SubmitAsync(Session session, Latencies latencies, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var version = session.Version;
        await RetryingAsync(async () =>
        {
            using var response = await SendAsync(session.Http, HttpMethod.Post, session.Next($"/api/submissions/{session.SubmissionId}/submit"), session.Token, new { version, comment = (string?)null }, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                var stored = await DetailAsync(session, cancellationToken);
                if (stored.Submission.Version == version + 1 && stored.Submission.State == "submitted") return stored.Submission;
            }
            return await ReadAsync(response, cancellationToken, dispose: false);
        }, cancellationToken);
        latencies.Add("submit", clock.Elapsed.TotalMilliseconds);
    }

    private static async Task<DetailDto> DetailAsync(Session session, CancellationToken cancellationToken) =>
        (await session.Http.GetFromJsonAsync<DetailDto>($"/api/submissions/{session.SubmissionId}", cancellationToken))!;

    /// <summary>Runs a request again while no server answers (one was killed and is starting again), until the deadline.</summary>
    private static async Task<T> RetryingAsync<T>(Func<Task<T>> request, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await request();
            }
            catch (HttpRequestException e) when (e.StatusCode is null && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    /// <summary>An HTTP client of its own for a simulated person: its cookies, its server, and a loopback source address of its own.</summary>
    private static HttpClient ClientFor(ServerFleet fleet, Client client)
    {
        var source = new IPAddress([127, 0, (byte)(client.Index / 250), (byte)(2 + client.Index % 250)]);
        var handler = new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            UseCookies = true,
            // Every office signs in from an address of its own, as offices do; the server's per-address throttles and
            // sign-in stripes then see many addresses, not one.
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = fleet.Addresses[client.Index % fleet.Addresses.Count], Timeout = TimeSpan.FromSeconds(90) };
    }

    /// <summary>Kills a server with SIGKILL every few seconds and starts it again, <paramref name="kills"/> times or until the deadline.</summary>
    private static async Task<int> KillRepeatedlyAsync(ServerFleet fleet, int kills, CancellationToken cancellationToken)
    {
        var done = 0;
        try
        {
            while (done < kills)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(300, 1200)), cancellationToken);
                var index = done % fleet.Addresses.Count;
                await fleet.KillAsync(index);
                done++;
                // Started again whatever happens to the load meanwhile, so that the store is verified as a restart finds it.
                await fleet.RestartAsync(index, CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            // The load ended first.
        }
        return done;
    }

    private static async Task<string> TokenAsync(HttpClient http, CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<TokenDto>("/api/session/antiforgery", cancellationToken))!.Token;

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string token, object body, CancellationToken cancellationToken) =>
        SendAsync(http, method, new Uri(path, UriKind.Relative), token, body, cancellationToken);

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, Uri target, string token, object body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, target) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-CSRF-TOKEN", token);
        return http.SendAsync(request, cancellationToken);
    }

    private static async Task<SubmissionDto> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken, bool dispose = true)
    {
        try
        {
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return (await response.Content.ReadFromJsonAsync<SubmissionDto>(cancellationToken))!;
        }
        finally
        {
            if (dispose) response.Dispose();
        }
    }

    /// <summary>Every acknowledged save is in the store, once: the last value stands, the version counts each save, the audit has each change once.</summary>
    private static async Task<List<string>> VerifyAsync(SqlStore store, IReadOnlyList<Outcome> outcomes, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        // The savers' offices only: the storm's people open their submissions too, and save nothing.
        var offices = outcomes.Select(o => o.Office).ToHashSet(StringComparer.Ordinal);
        var submissions = (await store.SubmissionsAsync(PlatformDemo.Year, cancellationToken)).Where(s => offices.Contains(s.Office)).ToList();
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

    private sealed record SubmissionDto(long Id, string Office, long Version, string State);

    private sealed record DetailDto(SubmissionDto Submission, Dictionary<string, string> Answers);

    /// <summary>The `almanac serve` processes under load: started on free loopback ports, killed and started again, stopped with SIGTERM.</summary>
    private sealed class ServerFleet : IAsyncDisposable
    {
        private readonly string _target;
        private readonly DirectoryInfo _directory;
        private readonly Process?[] _processes;

        private ServerFleet(string target, DirectoryInfo directory, IReadOnlyList<Uri> addresses)
        {
            _target = target;
            _directory = directory;
            Addresses = addresses;
            _processes = new Process?[addresses.Count];
        }

        public IReadOnlyList<Uri> Addresses { get; }

        public static async Task<ServerFleet> StartAsync(string target, int servers, DirectoryInfo directory, CancellationToken cancellationToken)
        {
            var fleet = new ServerFleet(target, directory, [.. Enumerable.Range(0, servers).Select(_ => new Uri($"http://127.0.0.1:{FreePort()}"))]);
            for (var i = 0; i < servers; i++) await fleet.StartAsync(i, cancellationToken);
            return fleet;
        }

        private async Task StartAsync(int index, CancellationToken cancellationToken)
        {
            var almanac = Path.Combine(AppContext.BaseDirectory, "almanac.dll");
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _directory.FullName };
            foreach (var argument in new[] { almanac, "serve", "--db", _target, "--urls", Addresses[index].ToString().TrimEnd('/') }) start.ArgumentList.Add(argument);
            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            // The server's output is drained (a full pipe would stop it) and kept for when it fails.
            var log = Path.Combine(_directory.FullName, $"server-{index}.log");
            var writer = TextWriter.Synchronized(new StreamWriter(log, append: true) { AutoFlush = true });
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) writer.WriteLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) writer.WriteLine(e.Data); };
            process.Exited += (_, _) => writer.Dispose();
            process.EnableRaisingEvents = true;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _processes[index] = process;
            using var http = new HttpClient { BaseAddress = Addresses[index] };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                if (process.HasExited) throw new InvalidOperationException($"almanac serve exited ({process.ExitCode}): {ReadShared(log)}");
                try
                {
                    using var response = await http.GetAsync("/login", cancellationToken);
                    if (response.IsSuccessStatusCode) return;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(50, cancellationToken);
            }
            throw new InvalidOperationException($"almanac serve did not answer at {Addresses[index]} within 60 s");
        }

        /// <summary>SIGKILL: the server gets no chance to finish a request or close the store.</summary>
        public async Task KillAsync(int index)
        {
            var process = _processes[index]!;
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
            process.Dispose();
            _processes[index] = null;
        }

        public Task RestartAsync(int index, CancellationToken cancellationToken) => StartAsync(index, cancellationToken);

        /// <summary>Stops every server as Ctrl-C or systemd would (SIGTERM), so that the store closes cleanly.</summary>
        public async Task StopAsync()
        {
            foreach (var process in _processes.OfType<Process>().Where(p => !p.HasExited))
            {
                using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
            }
            foreach (var process in _processes.OfType<Process>())
            {
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await process.WaitForExitAsync(grace.Token);
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var process in _processes.OfType<Process>())
            {
                if (!process.HasExited) process.Kill();
                await process.WaitForExitAsync();
                process.Dispose();
            }
        }

        private static string ReadShared(string path)
        {
            using var reader = new StreamReader(new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            return reader.ReadToEnd();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
