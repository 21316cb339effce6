using System.Globalization;
using System.Text;
using Almanac.Domain.Reference;
using Almanac.Domain.Tables;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;
using Almanac.Tests;

namespace Almanac.Ingest.Tests.Reports;

/// <summary>
/// Issue 18, "leave one out": each corpus report read with the readers as they are, then read again renamed, with its
/// lines shifted and with two of its countries' names swapped, must give the same tables and findings modulo the
/// change. A reader that keys on a report's file name, its line numbers or a row's name would not.
/// </summary>
public sealed class LeaveOneOutTests
{
    private static readonly ReferenceData Reference = ReferenceDataReader.ReadEmbedded();

    public static TheoryData<string> Documents() => [.. MutationHarness.Documents];

    /// <summary>
    /// The documents with two countries of one part of a table named in one word of one length: the annual reports'
    /// annexes. The funding appeal names its countries in regional tables where no two such rows share a part.
    /// </summary>
    public static TheoryData<string> DocumentsWithCountriesToSwap() => [.. MutationHarness.Documents.Where(d => d.StartsWith("annual-report-", StringComparison.Ordinal))];

    private static (MutationHarness.Original Original, byte[] Bytes) Original(string document)
    {
        var bytes = File.ReadAllBytes(SharedFiles.Require("reports/" + document));
        return (MutationHarness.ReadOriginal(document, bytes, Reference), bytes);
    }

    private static ReportExtraction Read(string name, IEnumerable<string> lines) =>
        ReportExtraction.Read(name, Encoding.UTF8.GetBytes(string.Join('\n', lines)), Reference, ReportReaders.All);

    /// <summary>
    /// Every table as text, line by line: id, title, year, columns, then each row (its line mapped back by
    /// <paramref name="origin"/>, label and country through <paramref name="rename"/>) and each unresolved line.
    /// </summary>
    private static List<string> Tables(ReportExtraction read, Func<int, int> origin, Func<string?, string?> rename) =>
    [
        .. read.Tables.OrderBy(t => t.Id, StringComparer.Ordinal).SelectMany(t => (IEnumerable<string>)
        [
            $"{t.Id} '{t.Title}' {t.Year} [{string.Join('|', t.Columns)}] {t.Arithmetic.Count} identities",
            .. t.Rows.Select(r => string.Create(CultureInfo.InvariantCulture,
                $"  {origin(r.Line)} {rename(r.Label)} {rename(r.Iso3)} {r.Role} {r.Kind} {r.Section}: {string.Join(' ', r.Cells.Select(c => c?.Value.ToString(CultureInfo.InvariantCulture) ?? "_"))}")),
            .. t.Unresolved.Select(u => $"  unresolved {origin(u.Line)}"),
        ]),
    ];

    private static List<string> Findings(ReportExtraction read, Func<int, int> origin) =>
        [.. MutationHarness.Audit(read).Select(f => string.Create(CultureInfo.InvariantCulture,
            $"{f.Table}|{f.Rule}|{(f.Line is { } l ? origin(l) : -1)}|{f.Printed}|{f.Computed}|{f.Severity}")).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Documents))]
    public void A_report_renamed_gives_the_same_tables_and_findings(string document)
    {
        var (original, _) = Original(document);
        var renamed = Read("renamed.txt", original.Lines);
        Assert.Equal(Tables(original.Read, l => l, s => s), Tables(renamed, l => l, s => s));
        Assert.Equal(Findings(original.Read, l => l), Findings(renamed, l => l));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void A_report_with_its_lines_shifted_gives_the_same_tables_and_findings_at_the_shifted_lines(string document)
    {
        const int shift = 7;
        var (original, _) = Original(document);
        var shifted = Read(document, [.. Enumerable.Repeat("", shift), .. original.Lines]);
        Assert.Equal(Tables(original.Read, l => l, s => s), Tables(shifted, l => l - shift, s => s));
        Assert.Equal(Findings(original.Read, l => l), Findings(shifted, l => l - shift));
    }

    [Theory]
    [MemberData(nameof(DocumentsWithCountriesToSwap))]
    public void A_report_with_two_countries_names_swapped_gives_the_same_tables_and_findings_with_those_rows_swapped(string document)
    {
        var (original, _) = Original(document);
        // Two rows of one part of a table of countries, their names one word at the start of their lines and of one
        // length (so that a layout by columns keeps its positions): the first such pair of the document.
        var pair = original.Read.Tables
            .SelectMany(t => t.Rows.Where(r => r.Role == RowRole.Data && r.Iso3 is not null && !r.Label.Contains(' ', StringComparison.Ordinal) && original.Lines[r.Line - 1].StartsWith(r.Label + (ReportLine.IsTabbed(original.Lines[r.Line - 1]) ? "\t" : " "), StringComparison.Ordinal))
                .GroupBy(r => (r.Section, r.Label.Length)).Where(g => g.Count() >= 2 && g.Select(r => r.Iso3).Distinct().Count() >= 2)
                .Select(g => (A: g.First(), B: g.First(r => r.Iso3 != g.First().Iso3))))
            .FirstOrDefault();
        Assert.True(pair.A is not null, $"{document} prints two countries of one part of a table with names of one length");
        var (a, b) = pair;
        var lines = original.Lines.ToList();
        lines[a.Line - 1] = b.Label + lines[a.Line - 1][a.Label.Length..];
        lines[b.Line - 1] = a.Label + lines[b.Line - 1][b.Label.Length..];
        var swapped = Read(document, lines);
        // The rows read from the two lines stand for each other's country; everything else is as it was.
        string? Swap(string? s) => s == a.Label ? b.Label : s == b.Label ? a.Label : s == a.Iso3 ? b.Iso3 : s == b.Iso3 ? a.Iso3 : s;
        var expected = Tables(original.Read, l => l, s => s);
        var actual = Tables(swapped, l => l, s => s)
            .Select(r => r.StartsWith($"  {a.Line} ", StringComparison.Ordinal) || r.StartsWith($"  {b.Line} ", StringComparison.Ordinal)
                ? string.Join(' ', r.Split(' ').Select(w => Swap(w) ?? w)) : r).ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(Findings(original.Read, l => l), Findings(swapped, l => l));
    }
}
