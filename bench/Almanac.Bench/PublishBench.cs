using System.Diagnostics;
using System.Globalization;
using Almanac.Analytics.Definitions;
using Almanac.Analytics.Publishing;
using Almanac.Domain.Workforce;
using Almanac.Ingest.Published;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;
using Almanac.Ingest.Staff;
using Almanac.Publish.Publications;
using Almanac.Store.DuckDb;

namespace Almanac.Bench;

/// <summary>
/// Times <c>almanac publish --year 2023</c> in every format on the demo store (reference data, the figures the 2017,
/// 2018 and 2023 reports printed, the synthetic 2023 staff list, and the corpus reports when ../shared is present):
/// reading the store, evaluating the definition, and each writer. The first run is reported apart: it pays the JIT,
/// as a fresh <c>almanac publish</c> process does.
/// </summary>
public static class PublishBench
{
    private const int Year = 2023;

    public static async Task<int> RunAsync(string? reports, int runs, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("almanac-publish-bench-");
        try
        {
            var database = Path.Combine(work.FullName, "demo.db");
            var documents = await PrepareAsync(database, work.FullName, reports, cancellationToken);
            Console.WriteLine($"Demo store with the printed figures of 2017, 2018 and 2023, the synthetic {Year} staff list and {documents} report documents.");
            var definition = DefaultDefinitions.Load();
            var writers = PublicationWriters.Parse(string.Join(",", PublicationWriters.Formats));
            var samples = new List<Dictionary<string, double>>();
            for (var run = 0; run <= runs; run++)
            {
                var phases = new Dictionary<string, double>(StringComparer.Ordinal);
                var total = Stopwatch.StartNew();
                var clock = Stopwatch.StartNew();
                await using (var store = await DuckDbStore.OpenAsync(database, cancellationToken))
                {
                    var inputs = await PublicationInputsLoader.LoadAsync(store, definition, cancellationToken);
                    phases["load"] = Lap(clock);
                    var publication = PublicationBuilder.Build(definition, inputs, Year, "en");
                    phases["build"] = Lap(clock);
                    var output = Path.Combine(work.FullName, $"out{run}");
                    foreach (var writer in writers)
                    {
                        await writer.WriteAsync(publication, output, cancellationToken);
                        phases[writer.Format] = Lap(clock);
                    }
                }
                phases["total"] = total.Elapsed.TotalSeconds;
                samples.Add(phases);
            }
            Print(samples[0], samples.Skip(1).ToList());
            var median = Median(samples.Skip(1).Select(s => s["total"]).ToList());
            Console.WriteLine();
            Console.WriteLine($"Target: all formats under 5 s. First run {samples[0]["total"]:0.00} s, median of {runs} warm runs {median:0.00} s: {(samples[0]["total"] < 5 ? "met" : "NOT met")}.");
            return 0;
        }
        finally
        {
            work.Delete(true);
        }
    }

    private static async Task<int> PrepareAsync(string database, string work, string? reports, CancellationToken cancellationToken)
    {
        await using var store = await DuckDbStore.OpenAsync(database, cancellationToken);
        var clock = TimeProvider.System;
        await store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), cancellationToken);
        foreach (var report in new[] { 2017, 2018, Year })
        {
            await new PublishedFiguresImporter(store, clock).ImportEmbeddedAsync(report, cancellationToken);
        }
        var staff = Path.Combine(work, $"synthetic-staff-{Year}.csv");
        StaffListWriter.Write(staff, SyntheticStaffList.Generate(Year, [.. PublishedFigures.ReadEmbedded(Year)], ReferenceDataReader.ReadEmbedded()));
        await new StaffImporter(store, clock).ImportAsync(staff, Year, cancellationToken);
        var documents = 0;
        if (reports is not null && Directory.Exists(reports))
        {
            foreach (var file in Directory.GetFiles(reports, "*.txt").Order(StringComparer.Ordinal))
            {
                await new ReportImporter(store, clock, ReportReaders.All).ImportAsync(file, cancellationToken);
                documents++;
            }
        }
        return documents;
    }

    private static double Lap(Stopwatch clock)
    {
        var seconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return seconds;
    }

    private static void Print(Dictionary<string, double> first, List<Dictionary<string, double>> warm)
    {
        Console.WriteLine();
        Console.WriteLine("| phase | first run (s) | warm median (s) | warm min (s) | warm max (s) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var phase in first.Keys)
        {
            var values = warm.Select(s => s[phase]).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {phase} | {first[phase]:0.000} | {Median(values):0.000} | {values.Min():0.000} | {values.Max():0.000} |"));
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
