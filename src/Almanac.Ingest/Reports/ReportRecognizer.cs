using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Almanac.Domain;
using Almanac.Domain.Reports;

namespace Almanac.Ingest.Reports;

/// <summary>
/// Tells what a text is: whose published document, which kind and which year, from what the document says about
/// itself ("ANNUAL REPORT FOR 2023", "Migration Initiatives 2018" with its funding requirements), never from the file name.
/// </summary>
public static partial class ReportRecognizer
{
    private const string NotRecognized = "not recognized as a published report";

    /// <summary>
    /// Decodes the bytes as UTF-8 and recognizes the document; throws <see cref="ReportFormatException"/> with the reason
    /// otherwise. Text with page breaks (form feeds) is pdftotext's: its columns are laid out by spaces
    /// (<see cref="SpaceLayout.ColumnGaps"/>), and the form feeds are dropped so that lines keep pdftotext's numbers.
    /// </summary>
    public static (IReadOnlyList<string> Lines, DocumentIdentity Identity, SpaceLayout Spaces) Recognize(string name, ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty) throw new ReportFormatException(name, null, $"{NotRecognized}: the file is empty");
        CheckSize(name, content.Length);
        if (content.IndexOf((byte)0) >= 0) throw new ReportFormatException(name, null, $"{NotRecognized}: the file is binary, not text (a PDF needs pdftotext; see 'import report --help')");
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            throw new ReportFormatException(name, null, $"{NotRecognized}: the file is not UTF-8 text");
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var spaces = text.Contains('\f', StringComparison.Ordinal) ? SpaceLayout.ColumnGaps : SpaceLayout.SingleSpaces;
        text = text.Replace("\f", "", StringComparison.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > InputLimits.MaxReportLineLength)
            {
                throw new ReportFormatException(name, i + 1,
                    $"the line is {InputLimits.Number(lines[i].Length)} characters long, longer than the {InputLimits.Number(InputLimits.MaxReportLineLength)} a report's line may have");
            }
        }
        return (lines, Identify(name, text), spaces);
    }

    /// <summary>Refuses a report's text of more than <see cref="InputLimits.MaxReportBytes"/>, before it is read when the size is known.</summary>
    public static void CheckSize(string name, long bytes)
    {
        if (bytes > InputLimits.MaxReportBytes)
        {
            throw new ReportFormatException(name, null,
                $"the text is {InputLimits.Number(bytes)} bytes, more than the {InputLimits.Number(InputLimits.MaxReportBytes)} (16 MiB) a report's text may have");
        }
    }

    /// <summary>A report has pages of text; a note or a list that merely names one is not a report.</summary>
    public const int MinimumLines = 100;

    private static DocumentIdentity Identify(string name, string text)
    {
        var lines = text.Split('\n').Count(l => !string.IsNullOrWhiteSpace(l));
        if (lines < MinimumLines)
        {
            throw new ReportFormatException(name, null, $"{NotRecognized}: it has {lines} lines of text, fewer than a report's {MinimumLines}");
        }
        var organization = Organization().Count(text);
        if (organization < 3)
        {
            throw new ReportFormatException(name, null, $"{NotRecognized}: it does not name the International Organization for Migration (IOM) as its author");
        }
        var annual = MostCommonYear(AnnualReport().Matches(text));
        if (annual is not null) return new DocumentIdentity("IOM", DocumentKind.AnnualReport, annual.Value, $"Annual Report for {annual}");
        var appeal = MostCommonYear(MigrationInitiatives().Matches(text));
        if (appeal is not null && FundingRequirements().IsMatch(text))
        {
            return new DocumentIdentity("IOM", DocumentKind.FundingAppeal, appeal.Value, $"Migration Initiatives {appeal}");
        }
        throw new ReportFormatException(name, null,
            $"{NotRecognized}: it names IOM but neither calls itself an \"Annual Report for YYYY\" nor a \"Migration Initiatives YYYY\" appeal with funding requirements");
    }

    private static int? MostCommonYear(MatchCollection matches) =>
        matches.Count == 0
            ? null
            : matches.GroupBy(m => int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture))
                .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key;

    [GeneratedRegex(@"\bIOM\b|International Organization for Migration")]
    private static partial Regex Organization();

    [GeneratedRegex(@"annual\s+report\s+for\s+(?<year>(19|20)\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex AnnualReport();

    [GeneratedRegex(@"Migration\s+Initiatives\s+(?<year>(19|20)\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex MigrationInitiatives();

    [GeneratedRegex(@"funding\s+requirements", RegexOptions.IgnoreCase)]
    private static partial Regex FundingRequirements();
}
