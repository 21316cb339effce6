using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Staff;
using DuckDB.NET.Data;

namespace Almanac.Bench;

/// <summary>
/// bench staff-import: generates a synthetic staff list (untimed), then imports it into fresh embedded stores, each
/// run in a child process, and loads it with DuckDB's own read_csv for reference; prints min/median against the target.
/// </summary>
public static class StaffImportBench
{
    public const double TargetRowsPerSecond = 300_000;
    public const double TargetPeakMegabytes = 400;
    private const double Megabyte = 1_000_000;

    public sealed record Options(int Rows, int Runs, int Seed, string? WorkDirectory, bool Keep, bool Profile);

    public static async Task<int> RunAsync(Options options, CancellationToken cancellationToken)
    {
        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"almanac-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        try
        {
            return await RunInAsync(options, Path.GetFullPath(work), cancellationToken);
        }
        finally
        {
            if (!options.Keep && options.WorkDirectory is null) Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<int> RunInAsync(Options options, string work, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Almanac staff-import benchmark: {options.Rows:N0} rows, {options.Runs} runs on fresh stores, seed {options.Seed}");
        await DescribeMachineAsync(cancellationToken);

        var csv = Path.Combine(work, $"staff-{options.Rows}.csv");
        var generation = Stopwatch.StartNew();
        StaffListWriter.Write(csv, SyntheticStaff.Generate(options.Rows, ReferenceDataReader.ReadEmbedded(), options.Seed));
        generation.Stop();
        Console.WriteLine($"Generated {csv} ({new FileInfo(csv).Length / Megabyte:N1} MB) in {generation.Elapsed.TotalSeconds:N1} s (untimed).");
        Console.WriteLine();

        var almanac = new List<Measurement>();
        var duckdb = new List<Measurement>();
        for (var run = 1; run <= options.Runs; run++)
        {
            // Interleaved, so that drift on the machine touches both engines alike.
            var a = await ChildAsync("almanac", csv, Path.Combine(work, $"almanac-{run}.db"), cancellationToken);
            CheckRows(a, options.Rows, "Almanac");
            almanac.Add(a);
            Console.WriteLine($"run {run}: Almanac import   {a.Seconds,7:N3} s  {a.RowsPerSecond,10:N0} rows/s  peak {a.PeakMegabytes,6:N1} MB  {a["timed_faults"],8:N0} page faults");
            var d = await ChildAsync("duckdb", csv, Path.Combine(work, $"duckdb-{run}.db"), cancellationToken);
            CheckRows(d, options.Rows, "DuckDB read_csv");
            duckdb.Add(d);
            Console.WriteLine($"run {run}: DuckDB read_csv  {d.Seconds,7:N3} s  {d.RowsPerSecond,10:N0} rows/s  peak {d.PeakMegabytes,6:N1} MB  {d["timed_faults"],8:N0} page faults");
        }

        Console.WriteLine();
        Console.WriteLine("| run | rows | seconds | rows/s | peak MB | target met | time vs DuckDB read_csv |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | :---: | ---: |");
        var almanacMin = Fastest(almanac);
        var almanacMedian = Median(almanac);
        var duckdbMin = Fastest(duckdb);
        var duckdbMedian = Median(duckdb);
        Row("Almanac import, min", almanacMin, duckdbMin, target: true);
        Row("Almanac import, median", almanacMedian, duckdbMedian, target: true);
        Row("DuckDB read_csv, min", duckdbMin, duckdbMin, target: false);
        Row("DuckDB read_csv, median", duckdbMedian, duckdbMedian, target: false);
        Console.WriteLine();

        var peak = almanac.Max(m => m.PeakMegabytes);
        var met = almanacMedian.RowsPerSecond >= TargetRowsPerSecond && peak < TargetPeakMegabytes;
        Console.WriteLine($"Target (>= {TargetRowsPerSecond:N0} rows/s median, < {TargetPeakMegabytes:N0} MB peak in every run): "
            + $"{(met ? "MET" : "MISSED")} — median {almanacMedian.RowsPerSecond:N0} rows/s, highest peak {peak:N1} MB; "
            + $"Almanac takes {almanacMedian.Seconds / duckdbMedian.Seconds:N1}× DuckDB's own read_csv time.");
        Console.WriteLine("(MB = 10^6 bytes; peak = the child process's VmHWM, runtime and DuckDB native memory included; "
            + "the timed part is StaffImporter.ImportAsync only: the store is opened and given its reference data beforehand.)");

        if (!met || options.Profile)
        {
            Console.WriteLine();
            var p = await ChildAsync("profile", csv, Path.Combine(work, "profile.db"), cancellationToken);
            PrintProfile(p);
        }
        return 0;
    }

    /// <summary>
    /// Prints the machine (cores, CPU, OS, runtime, DuckDB, the cost of a page fault), waits up to 20 s for it to be
    /// quiet and says how busy it was, and warns of a Debug build.
    /// </summary>
    internal static async Task DescribeMachineAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {CpuModel()}; {RuntimeInformation.OSDescription}; {RuntimeInformation.FrameworkDescription}; DuckDB {await DuckDbVersionAsync(cancellationToken)}");
        var fault = ProcFs.MicrosecondsPerPageFault();
        if (fault is not null) Console.WriteLine($"A fresh page of memory costs {fault:N1} µs to touch here (first-touch page fault).");
        // `dotnet run` keeps a core busy for a few seconds after it starts the program: wait for the machine to be
        // quiet (up to 20 s) so that the first run does not share it.
        double? busy = null;
        for (var wait = 0; wait < 20; wait++)
        {
            busy = await ProcFs.BusyShareAsync(TimeSpan.FromSeconds(1), cancellationToken);
            if (busy is null or < 0.1) break;
        }
        if (busy is not null)
        {
            Console.WriteLine($"Other work on the machine before the runs: {busy:P0} of its CPU time"
                + (busy >= 0.1 ? " — the machine is busy: these figures will be noisy; run again when it is quiet." : " (quiet)."));
        }
        if (typeof(StaffImportBench).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true)
        {
            Console.WriteLine("WARNING: a Debug build: run with -c Release for figures that mean anything.");
        }
    }

    private static void Row(string label, Measurement m, Measurement duckdb, bool target)
    {
        var met = !target ? "—"
            : m.RowsPerSecond >= TargetRowsPerSecond && m.PeakMegabytes < TargetPeakMegabytes ? "yes" : "no";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {m.Rows:N0} | {m.Seconds:N2} | {m.RowsPerSecond:N0} | {m.PeakMegabytes:N0} | {met} | {m.Seconds / duckdb.Seconds:N1}× |"));
    }

    private static void PrintProfile(Measurement p)
    {
        Console.WriteLine($"Profile of one more Almanac import ({p.Rows:N0} rows, {p.Seconds:N2} s with the stopwatches in, peak {p.PeakMegabytes:N0} MB):");
        var phases = new (string Key, string Label)[]
        {
            ("load_reference", "load reference data from the store"),
            ("checksum", "SHA-256 of the file"),
            ("store_before_rows", "store: find/create source, begin transaction, open appender"),
            ("first_row", "first row: UTF-8 check of the whole file + header + first row"),
            ("produce_rows", "other rows: CSV parse + validation (inside the row stream)"),
            ("append", "appender: between rows (AppendValue x 8, EndRow)"),
            ("store_after_rows", "store after the last row: appender flush, aggregate, supersede, commit"),
        };
        var sum = phases.Sum(ph => p[ph.Key]);
        foreach (var (key, label) in phases)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p[key],7:N3} s  {100 * p[key] / p.Seconds,5:N1} %  {label}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Seconds - sum,7:N3} s  {100 * (p.Seconds - sum) / p.Seconds,5:N1} %  unaccounted"));
        Console.WriteLine("Standalone, same file (warm cache):");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p["parse_only"],7:N3} s  CsvHelper parse only (the reader's configuration, no validation)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p["read_validate_only"],7:N3} s  StaffListReader.Read drained (UTF-8 check + parse + validation, no store)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p["aggregate_only"],7:N3} s  the headcount GROUP BY alone, into a temp table"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GC over the whole profile process: {p["gc0"]:N0} gen0 / {p["gc1"]:N0} gen1 / {p["gc2"]:N0} gen2 collections, {p["gc_pause"]:N3} s paused, {p["allocated_bytes"] / Megabyte:N0} MB allocated."));
    }

    private static void CheckRows(Measurement m, int expected, string what)
    {
        if (m.Rows != expected) throw new InvalidOperationException($"{what} loaded {m.Rows:N0} rows, expected {expected:N0}.");
    }

    private static Measurement Fastest(List<Measurement> runs) => runs.MinBy(m => m.Seconds)!;

    /// <summary>The run of median time (the lower middle one for an even count), with its own peak memory.</summary>
    private static Measurement Median(List<Measurement> runs) => runs.OrderBy(m => m.Seconds).ElementAt((runs.Count - 1) / 2);

    /// <summary>Runs this assembly again, in a new process, with the internal child command; returns what it measured.</summary>
    private static async Task<Measurement> ChildAsync(string kind, string csv, string database, CancellationToken cancellationToken)
    {
        foreach (var file in new[] { database, database + ".wal" }) File.Delete(file);
        try
        {
            return await RunSelfAsync([Program.ChildCommand, kind, csv, database], $"child run '{kind}'", null, cancellationToken);
        }
        finally
        {
            foreach (var file in new[] { database, database + ".wal" }) File.Delete(file);
        }
    }

    /// <summary>
    /// Runs this assembly again in a new process with the given arguments and returns the measurement it prints;
    /// each line it writes to standard error goes to <paramref name="progress"/> as it comes (else into the error
    /// message should it fail).
    /// </summary>
    internal static async Task<Measurement> RunSelfAsync(IReadOnlyList<string> args, string what, Action<string>? progress, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(StaffImportBench).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the child process");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = new System.Text.StringBuilder();
        while (await process.StandardError.ReadLineAsync(cancellationToken) is { } line)
        {
            if (progress is null) errors.AppendLine(line);
            else progress(line);
        }
        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{what} failed with exit code {process.ExitCode}:\n{errors}{output}");
        return Measurement.Parse(output) ?? throw new InvalidOperationException($"{what} reported nothing:\n{errors}{output}");
    }

    /// <summary>The dotnet host that runs this process, else the one next to the runtime, else the one on PATH.</summary>
    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return self;
        var runtime = RuntimeEnvironment.GetRuntimeDirectory(); // <root>/shared/Microsoft.NETCore.App/<version>/
        var beside = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
        return File.Exists(beside) ? beside : "dotnet";
    }

    internal static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo)) return RuntimeInformation.ProcessArchitecture.ToString();
        var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "unknown CPU" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    internal static async Task<string> DuckDbVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT library_version FROM pragma_version()";
        return (await command.ExecuteScalarAsync(cancellationToken))?.ToString() ?? "?";
    }
}
