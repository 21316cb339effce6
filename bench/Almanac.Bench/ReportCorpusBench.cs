using System.Diagnostics;
using System.Globalization;
using Almanac.Domain.Reports;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;
using Almanac.Store;
using Almanac.Store.DuckDb;

namespace Almanac.Bench;

/// <summary>
/// Times what <c>almanac import report</c> for every corpus document followed by <c>almanac audit</c> does, in one
/// process after warm-up runs: reading (recognize, rebuild every table, map to observations), storing them in a new
/// DuckDB store (one transaction per document) and auditing from the store.
/// </summary>
public static class ReportCorpusBench
{
    public static async Task<int> RunAsync(string reports, int runs, CancellationToken cancellationToken)
    {
        var files = Directory.GetFiles(reports, "*.txt").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            Console.Error.WriteLine($"No report text files in {reports}: pass --reports DIR (the workplace's shared/reports).");
            return 2;
        }
        var contents = files.Select(f => (Name: Path.GetFileName(f), Bytes: File.ReadAllBytes(f))).ToList();
        var reference = ReferenceDataReader.ReadEmbedded();
        var work = Directory.CreateTempSubdirectory("almanac-report-bench-");
        try
        {
            Console.WriteLine($"{files.Count} documents, {contents.Sum(c => c.Bytes.Length) / 1000} kB; 2 warm-up runs, then {runs} measured runs.");
            var samples = new List<(double Read, double Import, double Audit, int Tables, int Figures, int Findings)>();
            for (var run = -2; run < runs; run++)
            {
                var path = Path.Combine(work.FullName, $"run{run + 2}.db");
                await using var store = await DuckDbStore.OpenAsync(path, cancellationToken);
                await store.ReplaceReferenceDataAsync(reference, cancellationToken);

                var clock = Stopwatch.StartNew();
                var extractions = contents.Select(c => ReportExtraction.Read(c.Name, c.Bytes, reference, ReportReaders.All)).ToList();
                var read = clock.Elapsed.TotalSeconds;

                clock.Restart();
                foreach (var e in extractions)
                {
                    await store.ImportReportAsync(new SourceInfo(SourceKinds.PublishedReport, e.Document.Name, e.Document.Sha256, DateTimeOffset.UnixEpoch), e.Tables, e.Observations, e.Statements, cancellationToken);
                }
                var import = clock.Elapsed.TotalSeconds;

                clock.Restart();
                var tables = await store.ReportTablesAsync(null, cancellationToken);
                var printed = await store.PrintedObservationsAsync(null, cancellationToken);
                var findings = ReportAudit.Run(tables.Select(t => (t.SourceId, t.SourceName, t.Table)), printed);
                var audit = clock.Elapsed.TotalSeconds;

                if (run >= 0) samples.Add((read, import, audit, tables.Count, printed.Count, findings.Count));
            }
            Print(samples);
            return 0;
        }
        finally
        {
            work.Delete(true);
        }
    }

    private static void Print(List<(double Read, double Import, double Audit, int Tables, int Figures, int Findings)> samples)
    {
        static string Ms(double seconds) => (seconds * 1000).ToString("0.0", CultureInfo.InvariantCulture);
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }
        var first = samples[0];
        Console.WriteLine($"{first.Tables} tables, {first.Figures} figures, {first.Findings} findings per run.");
        Console.WriteLine("| phase | median ms | min ms | max ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var (name, pick) in new (string, Func<(double Read, double Import, double Audit, int, int, int), double>)[]
        {
            ("read and rebuild (4 documents)", s => s.Read),
            ("store (DuckDB, one transaction per document)", s => s.Import),
            ("audit from the store", s => s.Audit),
            ("total", s => s.Read + s.Import + s.Audit),
        })
        {
            var values = samples.Select(pick).ToList();
            Console.WriteLine($"| {name} | {Ms(Median(values))} | {Ms(values.Min())} | {Ms(values.Max())} |");
        }
    }
}
