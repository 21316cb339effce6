using System.Diagnostics;
using System.Globalization;
using System.Text;
using Almanac.Ingest.Reference;

namespace Almanac.Bench;

/// <summary>
/// One engine's measured run, in a process of its own so that its peak memory is its own: prepare (untimed), load
/// (timed once), answer each pivot query (one warm-up, then the timed runs), evaluate the rule set (the timed runs);
/// writes the answers for the parent to compare and prints the medians as a <see cref="Measurement"/>.
/// </summary>
public static class AnalyticsChild
{
    /// <summary>Arguments: kind (reference, duckdb, postgres), observation file, database file, runs, answers file, and "profile" or not.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length is not (5 or 6)) throw new ArgumentException("expected: kind csv database runs answers [profile]");
        var (kind, csv, database, runs, answersPath) = (args[0], args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args[4]);
        var data = new AnalyticsDataset(ReferenceDataReader.ReadEmbedded());
        var m = new Measurement();
        var answers = new Answers();
        await using (var side = Create(kind, data, database))
        {
            await side.PrepareAsync(cancellationToken);
            var start = Stopwatch.GetTimestamp();
            m["rows"] = await side.LoadAsync(csv, cancellationToken);
            m["load"] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Progress($"load {m["load"]:N2} s ({m["rows"]:N0} rows)");
            await side.PrepareWorkloadAsync(cancellationToken);

            var pivots = AnalyticsWorkload.Pivots(data);
            for (var q = 0; q < pivots.Count; q++)
            {
                var answer = await side.RunPivotAsync(q, cancellationToken); // warm-up
                answers.Pivots[pivots[q].Id] = [.. side.PivotValues(q, answer)];
                var times = new List<double>();
                for (var run = 0; run < runs; run++)
                {
                    start = Stopwatch.GetTimestamp();
                    await side.RunPivotAsync(q, cancellationToken);
                    times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
                }
                m[pivots[q].Id] = AnalyticsBench.Median(times);
                Progress($"{pivots[q].Id} {m[pivots[q].Id]:N3} s (runs: {string.Join(", ", times.Select(t => t.ToString("N3", CultureInfo.InvariantCulture)))}; {answers.Pivots[pivots[q].Id].Count:N0} numbers)");
            }

            var ruleTimes = new List<double>();
            for (var run = 0; run < (args is [.., "no-rules"] ? 0 : runs); run++)
            {
                start = Stopwatch.GetTimestamp();
                var findings = await side.RunRulesAsync(cancellationToken);
                ruleTimes.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
                if (run == 0) answers.Findings.AddRange(side.FindingKeys(findings));
            }
            m["rules"] = AnalyticsBench.Median(ruleTimes); // NaN without rules
            m["findings"] = answers.Findings.Count;
            if (ruleTimes.Count > 0) Progress($"rules {m["rules"]:N3} s (runs: {string.Join(", ", ruleTimes.Select(t => t.ToString("N3", CultureInfo.InvariantCulture)))}; {answers.Findings.Count:N0} findings)");
            if (args is [.., "profile"] && side is AlmanacAnalyticsSide almanac)
            {
                await almanac.ProfileRulesAsync(Progress, cancellationToken);
                await almanac.ProfileLoadFloorAsync(Progress, cancellationToken);
            }
        }
        m["peak_bytes"] = ProcFs.PeakWorkingSetBytes() ?? double.NaN;
        using (var self = Process.GetCurrentProcess()) m["cpu_seconds"] = self.TotalProcessorTime.TotalSeconds;
        answers.Write(answersPath);
        Console.WriteLine(m.ToLine());
        return 0;
    }

    private static IAnalyticsSide Create(string kind, AnalyticsDataset data, string database) => kind switch
    {
        AnalyticsBench.Reference => new DuckDbReferenceSide(data, database),
        AnalyticsBench.Embedded => AlmanacAnalyticsSide.Embedded(data, database),
        AnalyticsBench.Postgres => AlmanacAnalyticsSide.OnPostgres(data, Environment.GetEnvironmentVariable(AnalyticsBench.PostgresVariable)
            ?? throw new InvalidOperationException($"${AnalyticsBench.PostgresVariable} is not set")),
        _ => throw new ArgumentException($"unknown engine '{kind}'"),
    };

    private static void Progress(string line) => Console.Error.WriteLine(line);
}

/// <summary>
/// What an engine answered: every number of every pivot query, and every finding; written by the child, compared by
/// the parent. Values are compared sorted, so labels (which engines spell differently: "Others", a null total) do
/// not matter, only that the same numbers come out.
/// </summary>
public sealed class Answers
{
    public Dictionary<string, List<decimal>> Pivots { get; } = new(StringComparer.Ordinal);
    public List<string> Findings { get; } = [];

    public void Write(string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        foreach (var (id, values) in Pivots)
        {
            foreach (var v in values) writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{id}\t{v}"));
        }
        foreach (var f in Findings) writer.WriteLine("finding\t" + f);
    }

    public static Answers Read(string path)
    {
        var answers = new Answers();
        foreach (var line in File.ReadLines(path))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var (kind, rest) = (line[..tab], line[(tab + 1)..]);
            if (kind == "finding") answers.Findings.Add(rest);
            else
            {
                if (!answers.Pivots.TryGetValue(kind, out var list)) answers.Pivots[kind] = list = [];
                list.Add(decimal.Parse(rest, NumberStyles.Float, CultureInfo.InvariantCulture));
            }
        }
        return answers;
    }

    /// <summary>
    /// How these answers differ from the reference: per query, the count of numbers and each number (sorted; equal to
    /// 1e-9 relative, as DuckDB computes ratios in double precision and Almanac in decimal); the findings as sets.
    /// </summary>
    public IEnumerable<string> Differences(Answers reference)
    {
        foreach (var (id, expected) in reference.Pivots)
        {
            if (!Pivots.TryGetValue(id, out var actual))
            {
                yield return $"{id}: no answer";
                continue;
            }
            var (e, a) = (expected.Order().ToList(), actual.Order().ToList());
            if (e.Count != a.Count)
            {
                yield return $"{id}: {a.Count:N0} numbers, DuckDB {e.Count:N0} (sums {a.Sum():N4} and {e.Sum():N4})";
                continue;
            }
            var bad = Enumerable.Range(0, e.Count).Where(i => Math.Abs(e[i] - a[i]) > (1e-9m * Math.Max(Math.Abs(e[i]), Math.Abs(a[i]))) + 1e-9m).ToList();
            if (bad.Count > 0) yield return $"{id}: {bad.Count:N0} of {e.Count:N0} numbers differ, e.g. {a[bad[0]]} where DuckDB has {e[bad[0]]} (sums {a.Sum():N4} and {e.Sum():N4})";
        }
        var (mine, theirs) = (Findings.ToHashSet(StringComparer.Ordinal), reference.Findings.ToHashSet(StringComparer.Ordinal));
        var missing = theirs.Where(f => !mine.Contains(f)).Order(StringComparer.Ordinal).ToList();
        var extra = mine.Where(f => !theirs.Contains(f)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || extra.Count > 0 || Findings.Count != reference.Findings.Count)
        {
            yield return $"findings: {Findings.Count:N0}, DuckDB {reference.Findings.Count:N0}; {missing.Count:N0} missing (e.g. {string.Join(", ", missing.Take(3))}), "
                + $"{extra.Count:N0} extra (e.g. {string.Join(", ", extra.Take(3))})";
        }
    }
}
