using System.Globalization;
using System.Text;

namespace Almanac.Bench;

/// <summary>
/// What one child run reports to the harness: one line on standard output, "RESULT" then tab-separated key=value
/// pairs (seconds, rows, peak bytes, and any phase timings), so that the parent needs no JSON.
/// </summary>
public sealed class Measurement
{
    private const string Marker = "RESULT";

    public Dictionary<string, double> Values { get; } = new(StringComparer.Ordinal);

    public double this[string key]
    {
        get => Values.TryGetValue(key, out var v) ? v : double.NaN;
        set => Values[key] = value;
    }

    public double Seconds => this["seconds"];
    public long Rows => (long)this["rows"];
    /// <summary>Peak working set in MB of 10^6 bytes.</summary>
    public double PeakMegabytes => this["peak_bytes"] / 1_000_000;
    public double RowsPerSecond => Rows / Seconds;

    public string ToLine()
    {
        var text = new StringBuilder(Marker);
        foreach (var (key, value) in Values) text.Append('\t').Append(key).Append('=').Append(value.ToString("R", CultureInfo.InvariantCulture));
        return text.ToString();
    }

    public static Measurement? Parse(string output)
    {
        foreach (var line in output.Split('\n'))
        {
            if (!line.StartsWith(Marker + "\t", StringComparison.Ordinal)) continue;
            var m = new Measurement();
            foreach (var pair in line.TrimEnd('\r').Split('\t').Skip(1))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                m[pair[..eq]] = double.Parse(pair[(eq + 1)..], CultureInfo.InvariantCulture);
            }
            return m;
        }
        return null;
    }
}
