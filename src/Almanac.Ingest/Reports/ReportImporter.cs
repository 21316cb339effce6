using Almanac.Domain;
using Almanac.Store;

namespace Almanac.Ingest.Reports;

/// <summary>almanac import report: reads a published report (text, or PDF through pdftotext) and stores its tables in one transaction.</summary>
public sealed class ReportImporter(IAlmanacStore store, TimeProvider clock, IReadOnlyList<IReportTableReader> readers)
{
    public async Task<(ImportResult Result, ReportExtraction Extraction)> ImportAsync(string path, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path)) throw new AlmanacException($"{path}: no such file.");
        var content = await File.ReadAllBytesAsync(path, cancellationToken);
        if (PdfText.IsPdf(path, content)) content = await PdfText.ExtractAsync(path, cancellationToken);
        var reference = await store.LoadReferenceDataAsync(cancellationToken);
        if (reference.Countries.Count == 0) throw new AlmanacException($"{store.Description} has no reference data: run 'almanac init' first.");
        var extraction = ReportExtraction.Read(name, content, reference, readers);
        var source = new SourceInfo(SourceKinds.PublishedReport, name, extraction.Document.Sha256, clock.GetUtcNow());
        var result = await store.ImportReportAsync(source, extraction.Tables, extraction.Observations, extraction.Statements, cancellationToken);
        return (result, extraction);
    }
}
