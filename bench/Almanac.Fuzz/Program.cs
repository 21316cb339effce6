using System.Globalization;

namespace Almanac.Fuzz;

/// <summary>
/// dotnet run -c Release --project bench/Almanac.Fuzz -- &lt;target|all&gt; [--minutes N] [--out DIR]: fuzzes Almanac's
/// importers with CsCheck (bench/README.md).
/// </summary>
public static class Program
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static async Task<int> Main(string[] args)
    {
        if (args is ["replay", var targetName, .. var files]) return await ReplayAsync(targetName, files);
        var names = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).ToList();
        var minutes = double.Parse(Option(args, "--minutes") ?? "1", CultureInfo.InvariantCulture);
        var output = Path.GetFullPath(Option(args, "--out") ?? Path.Combine(RepositoryRoot, "artifacts", "fuzz"));
        if (names.Count == 0 || names.Contains("--help"))
        {
            Console.WriteLine("usage: Almanac.Fuzz <target|all>... [--minutes N (per target, default 1)] [--out DIR (crashes; default artifacts/fuzz)]");
            Console.WriteLine("targets: " + string.Join(", ", Targets.All.Select(t => t.Name)));
            return 2;
        }
        var chosen = names.Contains("all") ? Targets.All : [.. names.Select(n => Targets.All.FirstOrDefault(t => t.Name == n) ?? throw new ArgumentException($"no target '{n}'"))];
        Console.WriteLine($"Almanac.Fuzz: {chosen.Count} target(s), {minutes} min each; bounds 2 s (report 10 s) and {Fuzzer.AllocationBound >> 20} MiB allocated an input, " +
            $"GC heap limit {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes >> 20} MiB; crashes to {output}");
        var summaries = new List<FuzzSummary>();
        foreach (var target in chosen)
        {
            var summary = await new Fuzzer(target, RepositoryRoot, output, Console.Out).RunAsync(TimeSpan.FromMinutes(minutes));
            summaries.Add(summary);
            Print(summary);
        }
        Console.WriteLine();
        Console.WriteLine("| target | inputs | imported | refused | crashes (distinct) | crash hits | time | slowest input | most allocated by an input |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in summaries)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"| {s.Target} | {s.Inputs:N0} | {s.Accepted:N0} | {s.Refused:N0} | {s.Crashes} | {s.CrashHits:N0} | {s.Elapsed.TotalMinutes:0.0} min | {s.Slowest.TotalMilliseconds:N0} ms | {s.MostAllocated >> 20:N0} MiB |"));
        }
        return summaries.Any(s => s.Crashes > 0) ? 1 : 0;
    }

    /// <summary>replay TARGET FILE…: imports each file as the target does (a fresh store each) and says what happened.</summary>
    private static async Task<int> ReplayAsync(string targetName, string[] files)
    {
        var target = Targets.All.FirstOrDefault(t => t.Name == targetName) ?? throw new ArgumentException($"no target '{targetName}'");
        var crashes = 0;
        foreach (var file in files)
        {
            var work = Directory.CreateTempSubdirectory("almanac-fuzz-replay-");
            var path = Path.Combine(work.FullName, target.FileName);
            File.Copy(file, path);
            await using var store = target.SeedStore is null ? null : await FuzzStore.CreateAsync(target.SeedStore, default);
            try
            {
                await target.Import(path, store, false, default);
                Console.WriteLine($"{file}: imported");
            }
            catch (Domain.AlmanacException e)
            {
                Console.WriteLine($"{file}: refused ({e.GetType().Name}): {e.Message}");
            }
#pragma warning disable CA1031 // Anything else is the crash this command is there to show.
            catch (Exception e)
#pragma warning restore CA1031
            {
                crashes++;
                Console.WriteLine($"{file}: CRASH {e}");
            }
            work.Delete(true);
        }
        return crashes > 0 ? 1 : 0;
    }

    private static void Print(FuzzSummary s) => Console.WriteLine(FormattableString.Invariant(
        $"{s.Target}: {s.Inputs:N0} inputs ({s.Accepted:N0} imported, {s.Refused:N0} refused), {s.Crashes} crash(es) ({s.CrashHits:N0} hits), {s.Elapsed.TotalSeconds:0} s"));

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Almanac.slnx"))) return dir.FullName;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Almanac.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("run from inside the repository (no Almanac.slnx found above the current folder)");
    }
}
