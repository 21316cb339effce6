using System.Globalization;

namespace Almanac.Bench;

/// <summary>The process's peak resident set ("high water mark"), managed heap and native (DuckDB) memory alike.</summary>
public static class PeakMemory
{
    /// <summary>VmHWM from /proc/self/status, in bytes; null where there is no /proc (not Linux).</summary>
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
}
