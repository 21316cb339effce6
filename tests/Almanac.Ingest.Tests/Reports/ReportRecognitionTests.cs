using System.Text;
using Almanac.Domain;
using Almanac.Domain.Reports;
using Almanac.Ingest.Reports;
using Almanac.Tests;

namespace Almanac.Ingest.Tests.Reports;

/// <summary>What is a published report and what is not: the document says what it is, never its file name.</summary>
public sealed class ReportRecognitionTests
{
    [Theory]
    [InlineData("annual-report-2017.txt", DocumentKind.AnnualReport, 2017)]
    [InlineData("annual-report-2018.txt", DocumentKind.AnnualReport, 2018)]
    [InlineData("annual-report-2023.txt", DocumentKind.AnnualReport, 2023)]
    [InlineData("migration-initiatives-2018.txt", DocumentKind.FundingAppeal, 2018)]
    public void Every_corpus_document_is_recognized_by_its_content(string file, DocumentKind kind, int year)
    {
        var path = SharedFiles.Require("reports/" + file);
        var (_, identity, _) = ReportRecognizer.Recognize("renamed.txt", File.ReadAllBytes(path));
        Assert.Equal(("IOM", kind, year), (identity.Organization, identity.Kind, identity.Year));
    }

    public static TheoryData<string, byte[], string> NotReports => new()
    {
        { "empty.txt", [], "the file is empty" },
        { "picture.png", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x1A, 0x0A], "binary" },
        { "latin1.txt", Encoding.Latin1.GetBytes("Rapport annuel de l'OIM pour 2023 – Côte d'Ivoire"), "not UTF-8" },
        { "letter.txt", Encoding.UTF8.GetBytes("Dear colleague,\nplease find the annual report for 2023 attached.\n"), "fewer than a report's 100" },
        { "novel.txt", Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Repeat("It was the annual report for 2023 of a lighthouse.", 150))), "does not name the International Organization for Migration" },
        { "minutes.txt", Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Repeat("IOM staff meeting minutes, 12 May 2023.", 150))), "neither calls itself" },
    };

    [Theory]
    [MemberData(nameof(NotReports))]
    public void Anything_else_is_not_recognized_with_the_reason(string name, byte[] content, string reason)
    {
        var error = Assert.Throws<ReportFormatException>(() => ReportRecognizer.Recognize(name, content));
        Assert.StartsWith($"{name}: not recognized as a published report", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_corpus_readme_is_not_a_report()
    {
        var path = SharedFiles.Require("reports/README.md");
        var error = Assert.Throws<ReportFormatException>(() => ReportRecognizer.Recognize("README.md", File.ReadAllBytes(path)));
        Assert.Contains("not recognized as a published report", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_with_a_line_past_the_bound_is_refused_naming_the_line_its_length_and_the_bound()
    {
        var lines = File.ReadAllText(SharedFiles.Require("reports/annual-report-2017.txt")).Split('\n').ToList();
        // A paragraph of the report repeated on one line until it passes the bound: text every reader would otherwise take.
        var paragraph = lines.First(l => l.Length > 500);
        lines.Insert(10, string.Concat(Enumerable.Repeat(paragraph + " ", InputLimits.MaxReportLineLength / paragraph.Length + 1)));
        var error = Assert.Throws<ReportFormatException>(() => ReportRecognizer.Recognize("long.txt", Encoding.UTF8.GetBytes(string.Join('\n', lines))));
        Assert.Equal(("long.txt", 11), (error.File, error.Line));
        Assert.Contains($"longer than the {InputLimits.Number(InputLimits.MaxReportLineLength)} a report's line may have", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_text_larger_than_the_bound_is_refused_with_its_size_and_the_bound()
    {
        var report = File.ReadAllBytes(SharedFiles.Require("reports/annual-report-2017.txt"));
        // The report over and over: recognized as a report, were it not for its size.
        var content = Enumerable.Repeat(report, InputLimits.MaxReportBytes / report.Length + 1).SelectMany(b => b).ToArray();
        var error = Assert.Throws<ReportFormatException>(() => ReportRecognizer.Recognize("large.txt", content));
        Assert.Equal("large.txt", error.File);
        Assert.Contains($"{InputLimits.Number(content.Length)} bytes, more than the {InputLimits.Number(InputLimits.MaxReportBytes)} (16 MiB)", error.Message, StringComparison.Ordinal);
    }
}
