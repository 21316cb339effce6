using System.Globalization;

namespace Almanac.Bench;

/// <summary>What Linux's /proc tells of this process and machine; every member returns null where there is no /proc.</summary>
public static class ProcFs
{
    /// <summary>
    /// The process's peak resident set, VmHWM from /proc/self/status ("high water mark"), in bytes: managed heap and
    /// native (DuckDB) memory alike.
    /// </summary>
    public static long? PeakWorkingSetBytes()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return null;
        foreach (var line in File.ReadLines(status))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            // "VmHWM:    123456 kB"
            var parts = line["VmHWM:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
        }
        return null;
    }

    /// <summary>
    /// Minor page faults of this process so far (field 10 of /proc/self/stat): each is a page of memory touched for
    /// the first time, and on a virtual machine each costs microseconds; null where there is no /proc.
    /// </summary>
    public static long? MinorFaults()
    {
        const string stat = "/proc/self/stat";
        if (!File.Exists(stat)) return null;
        var text = File.ReadAllText(stat);
        // "pid (comm) state ppid ...": the command may hold spaces, so count fields after its closing parenthesis.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// How busy the machine's cores are with other work: the share of CPU time not idle over the given interval,
    /// from /proc/stat, while this process waits.
    /// </summary>
    public static async Task<double?> BusyShareAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var before = Sample();
        var ownBefore = self.TotalProcessorTime;
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        await Task.Delay(interval, cancellationToken);
        var after = Sample();
        self.Refresh();
        var own = (self.TotalProcessorTime - ownBefore).TotalSeconds;
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (before is null || after is null || after.Value.Total == before.Value.Total) return null;
        var busy = 1 - ((double)(after.Value.Idle - before.Value.Idle) / (after.Value.Total - before.Value.Total));
        // Less this process's own use (the runtime's background work while it waits).
        return Math.Max(0, busy - (own / (elapsed * Environment.ProcessorCount)));
    }

    /// <summary>The machine's CPU time so far, all cores, from /proc/stat in clock ticks: idle (idle and iowait) and total.</summary>
    public static (long Idle, long Total)? Sample()
    {
        const string stat = "/proc/stat";
        if (!File.Exists(stat)) return null;
        // "cpu  user nice system idle iowait irq softirq steal ...": idle and iowait are the idle time.
        var line = File.ReadLines(stat).First();
        var ticks = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        return (ticks[3] + ticks[4], ticks.Sum());
    }

    /// <summary>
    /// What touching a fresh page of memory costs here, in microseconds: 64 MB newly allocated, one write per 4 KB page.
    /// A bulk load touches a few hundred megabytes, so on a virtual machine where a fault costs ~10 µs this is a
    /// noticeable part of the time.
    /// </summary>
    public static double? MicrosecondsPerPageFault()
    {
        const int size = 64 << 20, page = 4096;
        var before = MinorFaults();
        if (before is null) return null;
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var memory = GC.AllocateUninitializedArray<byte>(size);
        for (var i = 0; i < size; i += page) memory[i] = 1;
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start);
        var faults = MinorFaults() - before;
        GC.KeepAlive(memory);
        return faults > 0 ? elapsed.TotalMicroseconds / faults.Value : null;
    }
}
