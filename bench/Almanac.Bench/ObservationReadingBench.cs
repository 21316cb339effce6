using System.Diagnostics;
using System.Globalization;
using Almanac.Store.Facts;

namespace Almanac.Bench;

/// <summary>
/// The PostgreSQL load's reading of an observation file alone: <see cref="ObservationScanner"/> over the whole file on
/// one thread, without a store, so that a change to the reading is measured apart from the server sharing the cores.
/// </summary>
internal static class ObservationReadingBench
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Almanac.Bench -- observation-reading --file PATH [--runs N]

          Reads the observation file PATH (for one, the file `analytics --work DIR` writes: DIR/observations-N.csv) with
          the scanner the PostgreSQL load reads it with, on one thread, N times in this process (default 5): the first
          run pays the JIT as a load does; prints each run's time and the lines read per second, then the median and the
          fastest. Run it in two checkouts, alternately, to compare two builds of the reading.
        """;

    public static int Run(string[] args)
    {
        string? file = null;
        var runs = 5;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--file" && i + 1 < args.Length) file = args[++i];
            else if (args[i] == "--runs" && Program.Number(args, i + 1) is { } n and > 0 and <= 100)
            {
                runs = n;
                i++;
            }
            else
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }
        }
        if (file is null || !File.Exists(file))
        {
            Console.Error.WriteLine(file is null ? Usage : $"{file}: no such file");
            return 2;
        }
        var header = ObservationFile.ReadHeader(file, Path.GetFileName(file));
        var seconds = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var scanner = new ObservationScanner(Path.GetFileName(file), header, (_, _) => null);
            var (lines, checksum) = (0L, 0m);
            var clock = Stopwatch.StartNew();
            using (var cursor = scanner.Open(file, FilePart.Split(file, 1, 1)[0]))
            {
                cursor.Read(long.MaxValue, (measure, year, members, value) =>
                {
                    lines++;
                    checksum += value;
                }, out var refused);
                if (refused is not null)
                {
                    Console.Error.WriteLine($"{file}: line {refused} is refused (the load would name it)");
                    return 1;
                }
            }
            seconds.Add(clock.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: {seconds[^1]:F3} s, {lines / seconds[^1] / 1e6:F2} million lines/s ({lines} lines, values summing to {checksum})"));
        }
        var sorted = seconds.Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median {sorted[sorted.Count / 2]:F3} s, fastest {sorted[0]:F3} s, first {seconds[0]:F3} s"));
        return 0;
    }
}
