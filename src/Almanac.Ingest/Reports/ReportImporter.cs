using Almanac.Domain;
using Almanac.Store;

namespace Almanac.Ingest.Reports;

/// <summary>almanac import report: reads a published report (text, or PDF through pdftotext) and stores its tables in one transaction.</summary>
public sealed class ReportImporter(IAlmanacStore store, TimeProvider clock, IReadOnlyList<IReportTableReader> readers)
{
    /// <summary>Whether the report may supersede an earlier import of it even with fewer tables or figures (<see cref="SourceInfo.Replace"/>).</summary>
    public bool Replace { get; init; }

    public async Task<(ImportResult Result, ReportExtraction Extraction)> ImportAsync(string path, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new AlmanacException($"{path}: no such file.");
        // Only the text is bounded: a PDF may be large with images, and pdftotext's output is held to the bound as it comes.
        byte[] content;
        if (PdfText.IsPdf(path, await HeadAsync(path, cancellationToken))) content = await PdfText.ExtractAsync(path, cancellationToken);
        else
        {
            ReportRecognizer.CheckSize(name, info.Length);
            content = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        var reference = await store.LoadReferenceDataAsync(cancellationToken);
        if (reference.Countries.Count == 0) throw new AlmanacException($"{store.Description} has no reference data: run 'almanac init' first.");
        var extraction = ReportExtraction.Read(name, content, reference, readers);
        var source = new SourceInfo(SourceKinds.PublishedReport, name, extraction.Document.Sha256, clock.GetUtcNow()) { Replace = Replace };
        var result = await store.ImportReportAsync(source, extraction.Tables, extraction.Observations, extraction.Statements, cancellationToken);
        return (result, extraction);
    }

    private static async Task<byte[]> HeadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var head = new byte[8];
        return head[..await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken)];
    }
}
