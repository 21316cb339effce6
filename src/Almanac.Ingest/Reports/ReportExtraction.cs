using Almanac.Domain.Observations;
using Almanac.Domain.Reference;
using Almanac.Domain.Reports;
using Almanac.Domain.Reports.Statements;

namespace Almanac.Ingest.Reports;

/// <summary>What Almanac read from one published document: the document, its rebuilt tables and their figures as observations, and the statements its narrative makes about offices.</summary>
public sealed record ReportExtraction(ReportDocument Document, IReadOnlyList<ReportTable> Tables, IReadOnlyList<Observation> Observations, IReadOnlyList<OfficeStatement> Statements)
{
    /// <summary>
    /// Recognizes the document and runs every reader over it. Throws <see cref="ReportFormatException"/> when the content
    /// is not a published report or when a recognized report holds neither a table any reader knows nor a statement about offices.
    /// </summary>
    public static ReportExtraction Read(string name, byte[] content, ReferenceData reference, IReadOnlyList<IReportTableReader> readers)
    {
        var document = ReportDocument.FromBytes(name, content, reference);
        var tables = new List<ReportTable>();
        var observations = new List<Observation>();
        foreach (var reader in readers)
        {
            foreach (var table in reader.Read(document))
            {
                tables.Add(table);
                observations.AddRange(reader.ToObservations(table, document)
                    ?? throw new InvalidOperationException($"{reader.GetType().Name} read table '{table.Id}' but does not map it to observations."));
            }
        }
        // A report of the series whose tables Almanac cannot read yet still says what offices did.
        var statements = Narrative.OfficeStatementReader.Read(document);
        if (tables.Count == 0 && statements.Count == 0)
        {
            throw new ReportFormatException(name, null,
                $"recognized as the {document.Identity} but neither a table Almanac knows nor a statement about offices was found in it (a layout Almanac does not read yet)");
        }
        var duplicate = tables.GroupBy(t => t.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ReportFormatException(name, duplicate.Last().Lines.First, $"the table '{duplicate.Key}' is printed twice (also at {duplicate.First().Lines})");
        }
        tables.Sort((a, b) => a.Lines.First.CompareTo(b.Lines.First));
        return new ReportExtraction(document, tables, observations, statements);
    }
}
