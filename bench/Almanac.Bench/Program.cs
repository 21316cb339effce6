using System.Globalization;
using Almanac.Bench;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await Program.MainAsync(args, cancellation.Token);

/// <summary>Entry point: <c>staff-import [--rows N] [--runs N] [--seed N] [--work DIR] [--keep] [--profile]</c>, <c>report-corpus [--reports DIR] [--runs N]</c> <c>publish [--reports DIR] [--runs N]</c> or <c>analytics [--observations N] [--engines duckdb,postgres] [--runs N] [--work DIR]</c>.</summary>
internal partial class Program
{
    /// <summary>The internal command with which the harness re-invokes itself for one measured run.</summary>
    public const string ChildCommand = "__child";

    private static readonly string Usage = $"""
        Usage: dotnet run -c Release --project bench/Almanac.Bench -- staff-import [options]

          --rows N     rows in the synthetic staff list (default 1000000)
          --runs N     measured runs per engine, each on a fresh store in its own process (default 3)
          --seed N     seed of the generator (default 20231123)
          --work DIR   where to write the CSV and the stores (default: a temporary directory, removed afterwards)
          --keep       keep the temporary directory
          --profile    time the phases of one more import even when the target is met

        Usage: dotnet run -c Release --project bench/Almanac.Bench -- report-corpus [--reports DIR] [--runs N]

          Imports every published report in DIR (default: ../shared/reports next to the repository) into a new DuckDB
          store and audits it, N times (default 10) after two warm-up runs; prints each phase's median, min and max.

        Usage: dotnet run -c Release --project bench/Almanac.Bench -- publish [--reports DIR] [--runs N]

          Publishes the 2023 report in every format from the demo store (plus the reports in DIR when present): the
          first run, which pays the JIT as a fresh almanac process does, then N warm runs; prints each phase.

        {AnalyticsBench.Usage}

        {ReportMutationsBench.Usage}

        {ObservationReadingBench.Usage}

        Usage: dotnet run -c Release --project bench/Almanac.Bench -- serve-load [--scenario closed|open|storm] [--engine duckdb|postgres]
               [--focal-points N] [--saves N] [--seconds N] [--servers N] [--kills N] [--interval S] [--duration S]

          Starts `almanac serve` (--servers of them, PostgreSQL only above one) over a store it seeds: a new embedded
          store, or with --engine postgres the empty database ALMANAC_BENCH_POSTGRES names (run it under
          bench/with-postgres.sh). From this process, N focal points (default 200), each from a loopback address of its own:
            closed  sign in, save answers S times (default 10) and submit, within a time limit (default 180 s);
            open    sign in, then autosave every --interval seconds (default 5) for --duration seconds (default 120);
            storm   the closed loop while N more people sign in at the same moment.
          --kills K kills a server with SIGKILL K times during the load and starts it again (clients retry). Prints p50/p99
          latency per kind of request and verifies in the store that no acknowledged save was lost or duplicated.
        """;

    public static async Task<int> MainAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length == 4 && args[0] == ChildCommand)
        {
            var m = args[1] switch
            {
                "almanac" => await ChildRuns.AlmanacImportAsync(args[2], args[3], cancellationToken),
                "duckdb" => await ChildRuns.DuckDbReadCsvAsync(args[2], args[3], cancellationToken),
                "profile" => await ChildRuns.ProfileAsync(args[2], args[3], cancellationToken),
                var other => throw new ArgumentException($"unknown child run '{other}'"),
            };
            Console.WriteLine(m.ToLine());
            return 0;
        }
        if (args.Length > 0 && args[0] == AnalyticsBench.ChildCommand) return await AnalyticsChild.RunAsync(args[1..], cancellationToken);
        if (args.Length > 0 && args[0] == "analytics") return await AnalyticsBench.MainAsync(args, cancellationToken);
        if (args.Length > 0 && args[0] == "observation-reading") return ObservationReadingBench.Run(args);
        if (args.Length > 0 && args[0] == "report-corpus")
        {
            var reports = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/reports"));
            var corpusRuns = 10;
            for (var i = 1; i < args.Length; i++)
            {
                if (args[i] == "--reports" && i + 1 < args.Length) reports = args[++i];
                else if (args[i] == "--runs" && Number(args, i + 1) is { } n) { corpusRuns = n; i++; }
                else
                {
                    Console.Error.WriteLine($"Unknown or incomplete option '{args[i]}'.\n\n{Usage}");
                    return 2;
                }
            }
            return await ReportCorpusBench.RunAsync(reports, Math.Max(1, corpusRuns), cancellationToken);
        }
        if (args.Length > 0 && args[0] == "report-mutations")
        {
            var reports = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/reports"));
            var mutationSeed = Almanac.Tests.MutationHarness.Seed;
            var detail = false;
            string? writeTo = null;
            string? onlyDocument = null;
            string? onlyMutation = null;
            for (var i = 1; i < args.Length; i++)
            {
                if (args[i] == "--reports" && i + 1 < args.Length) reports = args[++i];
                else if (args[i] == "--document" && i + 1 < args.Length) onlyDocument = args[++i];
                else if (args[i] == "--mutation" && i + 1 < args.Length) onlyMutation = args[++i];
                else if (args[i] == "--seed" && Number(args, i + 1) is { } n) { mutationSeed = n; i++; }
                else if (args[i] == "--detail") detail = true;
                else if (args[i] == "--write" && i + 1 < args.Length) writeTo = args[++i];
                else
                {
                    Console.Error.WriteLine($"Unknown or incomplete option '{args[i]}'.\n\n{Usage}");
                    return 2;
                }
            }
            return ReportMutationsBench.Run(reports, mutationSeed, detail, writeTo, onlyDocument, onlyMutation);
        }
        if (args.Length > 0 && args[0] == "publish")
        {
            var reports = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/reports"));
            var publishRuns = 10;
            for (var i = 1; i < args.Length; i++)
            {
                if (args[i] == "--reports" && i + 1 < args.Length) reports = args[++i];
                else if (args[i] == "--runs" && Number(args, i + 1) is { } n) { publishRuns = n; i++; }
                else
                {
                    Console.Error.WriteLine($"Unknown or incomplete option '{args[i]}'.\n\n{Usage}");
                    return 2;
                }
            }
            return await PublishBench.RunAsync(reports, Math.Max(1, publishRuns), cancellationToken);
        }
        if (args.Length > 0 && args[0] == "serve-load")
        {
            int focalPoints = 200, saves = 10, seconds = 180, servers = 1, kills = 0, interval = 5, duration = 120;
            string engine = "duckdb", scenario = "closed";
            for (var i = 1; i < args.Length; i++)
            {
                if (args[i] == "--engine" && i + 1 < args.Length && args[i + 1] is "duckdb" or "postgres") { engine = args[i + 1]; i++; }
                else if (args[i] == "--scenario" && i + 1 < args.Length && args[i + 1] is "closed" or "open" or "storm") { scenario = args[i + 1]; i++; }
                else if (args[i] == "--focal-points" && Number(args, i + 1) is { } f) { focalPoints = f; i++; }
                else if (args[i] == "--saves" && Number(args, i + 1) is { } s) { saves = s; i++; }
                else if (args[i] == "--seconds" && Number(args, i + 1) is { } t) { seconds = t; i++; }
                else if (args[i] == "--servers" && Number(args, i + 1) is { } n) { servers = n; i++; }
                else if (args[i] == "--kills" && Number(args, i + 1) is { } k) { kills = k; i++; }
                else if (args[i] == "--interval" && Number(args, i + 1) is { } v) { interval = v; i++; }
                else if (args[i] == "--duration" && Number(args, i + 1) is { } d) { duration = d; i++; }
                else
                {
                    Console.Error.WriteLine($"Unknown or incomplete option '{args[i]}'.\n\n{Usage}");
                    return 2;
                }
            }
            return await ServeLoadBench.RunAsync(new ServeLoadBench.Options(scenario, engine, Math.Clamp(focalPoints, 1, 5000), Math.Max(1, saves), TimeSpan.FromSeconds(Math.Max(5, seconds)),
                Math.Clamp(servers, 1, 8), Math.Max(0, kills), Math.Max(1, interval), Math.Max(1, duration)), cancellationToken);
        }
        if (args.Length == 0 || args[0] != "staff-import")
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        int rows = 1_000_000, runs = 3, seed = SyntheticStaff.DefaultSeed;
        string? work = null;
        bool keep = false, profile = false;
        for (var i = 1; i < args.Length; i++)
        {
            int? number = null;
            switch (args[i])
            {
                case "--rows" when (number = Number(args, i + 1)) is not null: rows = number.Value; i++; break;
                case "--runs" when (number = Number(args, i + 1)) is not null: runs = number.Value; i++; break;
                case "--seed" when (number = Number(args, i + 1)) is not null: seed = number.Value; i++; break;
                case "--work" when i + 1 < args.Length: work = args[++i]; break;
                case "--keep": keep = true; break;
                case "--profile": profile = true; break;
                default:
                    Console.Error.WriteLine($"Unknown or incomplete option '{args[i]}' (numbers are whole: 1000000 or 1_000_000).\n\n{Usage}");
                    return 2;
            }
        }
        if (rows < 1 || runs < 1)
        {
            Console.Error.WriteLine("--rows and --runs must be at least 1.");
            return 2;
        }
        return await StaffImportBench.RunAsync(new StaffImportBench.Options(rows, runs, seed, work, keep, profile), cancellationToken);
    }

    /// <summary>The whole number at <paramref name="i"/> among the arguments ("1_000" and "1,000" read too), or null.</summary>
    internal static int? Number(string[] args, int i) =>
        i < args.Length && int.TryParse(args[i].Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;
}
