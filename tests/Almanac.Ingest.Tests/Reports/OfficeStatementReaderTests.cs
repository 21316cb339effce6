using System.Globalization;
using System.Text;
using Almanac.Domain.Reports;
using Almanac.Domain.Reports.Statements;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;
using Almanac.Ingest.Reports.Narrative;
using Almanac.Tests;
using CsvHelper;
using CsvHelper.Configuration;

namespace Almanac.Ingest.Tests.Reports;

/// <summary>
/// The statements the reports make about offices, read for the genre: the three corpus reports against a list made by
/// hand from their text (Reports/Statements/office-statements.csv, see its README), the same reports in the other
/// layouts their extractions take, and sentences of a report this project has never seen.
/// </summary>
public sealed class OfficeStatementReaderTests
{
    private static readonly string ExpectedList = Path.Combine(SharedFiles.RepositoryRoot, "tests", "Almanac.Ingest.Tests", "Reports", "Statements", "office-statements.csv");

    /// <summary>One row of the hand-made list.</summary>
    private sealed record Expected(string Source, int Line, int? Paragraph, int Year, int? Count, string Qualifier, decimal? Percent, int? Base, int? ParentLine, string Figure);

    private static IReadOnlyList<Expected> ExpectedStatements(string source)
    {
        using var reader = new StreamReader(ExpectedList);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        return [.. csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>()
            .Select(r => new Expected((string)r["source"], Int((string)r["line"])!.Value, Int((string)r["paragraph"]), Int((string)r["year"])!.Value,
                Int((string)r["count"]), (string)r["qualifier"], Dec((string)r["percent"]), Int((string)r["base"]), Int((string)r["parent_line"]), (string)r["figure"]))
            .Where(e => e.Source == source)];
    }

    private static int? Int(string text) => text.Length == 0 ? null : int.Parse(text, CultureInfo.InvariantCulture);

    private static decimal? Dec(string text) => text.Length == 0 ? null : decimal.Parse(text, CultureInfo.InvariantCulture);

    private static string Key(int line, int? paragraph, int year, int? count, string qualifier, decimal? percent, int? @base, int? parentLine) =>
        string.Create(CultureInfo.InvariantCulture, $"line {line} ¶{paragraph} {year}: count {count}, {qualifier}, {percent?.ToString("0.#", CultureInfo.InvariantCulture)}%, base {@base}, parent {parentLine}");

    private static ReportDocument Load(string file) => Document(file, File.ReadAllBytes(SharedFiles.Require("reports/" + file)));

    private static ReportDocument Document(string name, byte[] content) => ReportDocument.FromBytes(name, content, ReferenceDataReader.ReadEmbedded());

    [Theory]
    [InlineData("annual-report-2017.txt", 113)]
    [InlineData("annual-report-2018.txt", 131)]
    [InlineData("annual-report-2023.txt", 22)]
    public void Every_office_statement_of_a_report_is_read_as_the_hand_made_list_has_it(string report, int statements)
    {
        var expected = ExpectedStatements(report);
        Assert.Equal(statements, expected.Count);
        var read = OfficeStatementReader.Read(Load(report));
        var expectedKeys = expected.Select(e => Key(e.Line, e.Paragraph, e.Year, e.Count, e.Qualifier, e.Percent, e.Base, e.ParentLine)).ToList();
        var readKeys = read.Select(s => Key(s.Line, s.Paragraph, s.Year, s.Count, OfficeStatement.QualifierName(s.Qualifier), s.Percent, s.Base, s.ParentLine)).ToList();
        var missing = Difference(expectedKeys, readKeys);
        var invented = Difference(readKeys, expectedKeys);
        Assert.True(missing.Count == 0 && invented.Count == 0,
            $"missing:\n  {string.Join("\n  ", missing)}\ninvented:\n  {string.Join("\n  ", invented)}");
        // Every figure the list quotes stands on the line the statement gives.
        var document = Load(report);
        Assert.All(expected, e => Assert.Contains(FirstWord(e.Figure), Context(document, e.Line), StringComparison.OrdinalIgnoreCase));
    }

    private static List<string> Difference(IEnumerable<string> a, IEnumerable<string> b)
    {
        var left = a.ToList();
        foreach (var item in b) left.Remove(item);
        return left;
    }

    private static string FirstWord(string figure) => figure.TrimStart('(').Split(' ', '-')[0];

    private static string Context(ReportDocument document, int line) => document.Line(line) + " " + (line > 1 ? document.Line(line - 1) : "");

    [Fact]
    public void Statements_carry_their_subject_and_sentence()
    {
        var read = OfficeStatementReader.Read(Load("annual-report-2018.txt"));
        var responded = read.Single(s => s is { Line: 2113, Count: 165 });
        Assert.Equal("responded to the monitoring and evaluation part of the institutional questionnaire", responded.Subject);
        Assert.StartsWith("At country and regional level, 165 offices responded", responded.Text, StringComparison.Ordinal);
        var subset = read.Single(s => s is { Line: 2114, Count: 60 });
        Assert.Equal((StatementRole.Subset, 36m, 165, responded.Ordinal), (subset.Role, subset.Percent, subset.Base, subset.Parent));
        Assert.StartsWith("reported that they had used a framework", subset.Subject, StringComparison.Ordinal);
        var part = read.Single(s => s is { Line: 70, Count: 35 });
        Assert.Equal(StatementRole.Part, part.Role);
        Assert.EndsWith("by assessing the level of compliance", part.Subject, StringComparison.Ordinal);
        var share = read.Single(s => s is { Line: 68, Percent: 72m });
        Assert.Equal(share.Ordinal, part.Parent);
        Assert.All(read, s => Assert.False(string.IsNullOrWhiteSpace(s.Subject), $"line {s.Line}: no subject"));
    }

    /// <summary>
    /// The 2017 report (a paragraph per line) laid out as pdftotext lays out the 2018 one — paragraphs wrapped at 95
    /// columns, a page header and number every 50 lines, inside paragraphs too — and the 2018 report the other way:
    /// the same statements, at the lines their figures moved to.
    /// </summary>
    [Theory]
    [InlineData("annual-report-2017.txt", true)]
    [InlineData("annual-report-2018.txt", false)]
    [InlineData("annual-report-2023.txt", true)]
    public void Another_layout_of_the_same_report_gives_the_same_statements(string report, bool wrap)
    {
        var original = Load(report);
        // Lines are compared in the coarser of the two numberings: the original's when wrapping, the joined lines' when unwrapping.
        var (text, lineOf) = wrap ? Wrapped(original) : Unwrapped(original);
        var mutated = Document(report, Encoding.UTF8.GetBytes(text));
        Func<int, int> originalLine = wrap ? l => l : l => lineOf[l];
        Func<int, int> mutatedLine = wrap ? l => lineOf[l] : l => l;
        static string Figures(OfficeStatement s, Func<int, int> line) =>
            $"{line(s.Line)} ¶{s.Paragraph} {s.Year} {s.Count} {s.Qualifier} {s.Percent} {s.Base} {(s.ParentLine is { } p ? line(p) : null)} {s.Role}";
        var expected = OfficeStatementReader.Read(original);
        Assert.True(expected.Count >= 20, $"{expected.Count} statements in {report}");
        Assert.Equal(
            expected.Select(s => Figures(s, originalLine)),
            OfficeStatementReader.Read(mutated).Select(s => Figures(s, mutatedLine)));
    }

    /// <summary>Each original line cut into lines of at most 95 characters, page furniture every 50 lines; the map from new lines to original ones.</summary>
    private static (string Text, Dictionary<int, int> LineOf) Wrapped(ReportDocument document)
    {
        var text = new StringBuilder();
        var lineOf = new Dictionary<int, int>();
        var written = 0;
        for (var number = 1; number <= document.RawLines.Count; number++)
        {
            var raw = document.RawLines[number - 1].TrimEnd('\r');
            var pieces = raw.Contains('\t', StringComparison.Ordinal) || raw.Length <= 95 ? [raw] : Wrap(raw, 95);
            foreach (var piece in pieces)
            {
                if (written > 0 && written % 50 == 0 && raw.Trim().Length > 0)
                {
                    // pdftotext's page break inside a paragraph: a blank line, the running header and page number, a blank line.
                    foreach (var furniture in (string[])["", "C/999/4 ", $"Page {written / 50} ", ""])
                    {
                        text.Append(furniture).Append('\n');
                        lineOf[++written] = number;
                    }
                }
                text.Append(piece).Append(' ').Append('\n');
                lineOf[++written] = number;
            }
        }
        return (text.ToString(), lineOf);
    }

    private static List<string> Wrap(string line, int width)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in line.Split(' '))
        {
            if (current.Length > 0 && current.Length + 1 + word.Length > width)
            {
                lines.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0) current.Append(' ');
            current.Append(word);
        }
        if (current.Length > 0) lines.Add(current.ToString());
        return lines;
    }

    /// <summary>
    /// Each paragraph's wrapped lines joined into one line, page headers and numbers dropped (blank lines and table
    /// rows kept as they are); the map from original lines to the joined line that holds them.
    /// </summary>
    private static (string Text, Dictionary<int, int> LineOf) Unwrapped(ReportDocument document)
    {
        var text = new StringBuilder();
        var lineOf = new Dictionary<int, int>();
        var written = 0;
        var joining = false;
        for (var number = 1; number <= document.RawLines.Count; number++)
        {
            var raw = document.RawLines[number - 1].TrimEnd('\r');
            if (raw.Trim() is var trimmed && (trimmed.StartsWith("C/110/", StringComparison.Ordinal) || trimmed.StartsWith("Page ", StringComparison.Ordinal)) && trimmed.Length < 12) continue;
            var prose = raw.Trim().Length > 0 && !raw.Contains('\t', StringComparison.Ordinal);
            if (joining && prose && !StartsNumberedParagraph(raw))
            {
                text.Length--;
                text.Append(' ').Append(raw.Trim()).Append('\n');
                lineOf[number] = written;
                continue;
            }
            text.Append(raw).Append('\n');
            lineOf[number] = ++written;
            joining = prose;
        }
        return (text.ToString(), lineOf);
    }

    private static bool StartsNumberedParagraph(string raw) => raw.TrimStart() is { Length: > 2 } t && char.IsDigit(t[0]) && t.Contains(". ", StringComparison.Ordinal) && t.IndexOf(". ", StringComparison.Ordinal) <= 3;

    /// <summary>A report of the series this project has never seen, written in the genre's ways of stating offices.</summary>
    [Fact]
    public void Sentences_of_a_report_never_seen_are_read_for_what_they_state()
    {
        var read = Statements(
            "14. In 2019, 131 IOM offices reported that they had supported governments on migration data. More than 120 offices engaged with civil society (2018: 97 offices).",
            "",
            "15. Approximately 40 per cent of IOM country offices integrated environmental sustainability into their operations, and 35 per cent",
            "reported a focal point. Nearly half of the offices reported joint programmes.",
            "",
            "16. Of the 150 offices that answered the risk management section, 111 (74%) kept a risk register, while 20 had none. At least 30 offices",
            "trained border officials, while over 20 offices developed standard operating procedures.",
            "",
            "17. Ninety-eight offices took part in the survey. Of these, forty-one offices (42%) worked on climate mobility through research (12 offices) and",
            "policy advice (30 offices).");
        Assert.Equal(
            [
                "14 2019 131 Exact - - - Main",
                "14 2019 120 MoreThan - - - Main",
                "14 2018 97 Exact - - 2 Comparison",
                "15 2019 - Approximately 40 - - Main",
                "15 2019 - Exact 35 - - Main",
                "15 2019 - Approximately 50 - - Main",
                "16 2019 111 Exact 74 150 - Subset",
                "16 2019 20 Exact - 150 - Subset",
                "16 2019 30 AtLeast - - - Main",
                "16 2019 20 MoreThan - - - Main",
                "17 2019 98 Exact - - - Main",
                "17 2019 41 Exact 42 98 11 Subset",
                "17 2019 12 Exact - - 12 Part",
                "17 2019 30 Exact - - 12 Part",
            ],
            read.Select(s => $"{s.Paragraph} {s.Year} {Show(s.Count)} {s.Qualifier} {Show(s.Percent)} {Show(s.Base)} {Show(s.Parent)} {s.Role}"));
    }

    private static string Show<T>(T? value) where T : struct => value is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture)! : "-";

    [Fact]
    public void Structure_named_with_the_definite_article_and_counts_of_other_things_are_not_statements()
    {
        var read = Statements(
            "3. The nine Regional Offices continued to support 40 Country Offices' planning. IOM worked in 93 countries with 66 partners.",
            "The offices that integrated risk management represent over 45 per cent of the Organization's total expenditures.");
        Assert.Equal(["40"], read.Select(s => s.Count?.ToString(CultureInfo.InvariantCulture)));
    }

    private static IReadOnlyList<OfficeStatement> Statements(params string[] lines)
    {
        var identity = new DocumentIdentity("IOM", DocumentKind.AnnualReport, 2019, "Annual Report for 2019");
        return OfficeStatementReader.Read(new ReportDocument("unseen.txt", "", lines, identity, ReferenceDataReader.ReadEmbedded()));
    }
}
