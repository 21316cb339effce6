using System.Globalization;
using Almanac.Domain.Reference;
using Almanac.Ingest.Published;
using Almanac.Ingest.Reference;

namespace Almanac.Cli.Tests;

/// <summary>One row of a staff table as a file shows it.</summary>
/// <param name="Section">The section heading the row stands under ("" when the table has none).</param>
/// <param name="Iso3">The country the row stands for, when the file says so; otherwise the row is matched by its label.</param>
/// <param name="Cells">Column heading → the cell as <see cref="PrintComparison.Value"/> normalizes it.</param>
public sealed record ProducedRow(string Section, string Label, string? Iso3, IReadOnlyDictionary<string, string> Cells);

/// <summary>
/// Holds the 2023 staff annexes, as any format shows them (the annex JSON, HTML, Word, Excel), against the figures the
/// 2023 report printed (data/published/annual-report-2023-staff.csv): every printed cell against the produced cell, and
/// every produced cell the report leaves empty, and the order of the countries. The cells may differ only where print
/// contradicts the rest of the report, each listed in <see cref="KnownDifferences"/> with its line and the reason.
/// </summary>
public static class PrintComparison
{
    /// <summary>Where the produced annex differs from print, and why. "" stands for an empty printed cell.</summary>
    public static readonly (string Table, int Line, string Row, string Column, string Printed, string Produced, string Reason)[] KnownDifferences =
    [
        ("Table2", 638, "Men", "P-2", "426", "428", AnnexIIIColumns),
        ("Table2", 638, "Men", "P-3", "400", "398", AnnexIIIColumns),
        ("Table2", 638, "Men", "D-1", "30", "31", AnnexIIIColumns),
        ("Table2", 638, "Men", "D-2", "15", "14", AnnexIIIColumns),
        ("Table2", 640, "Total in 2023", "P-2", "867", "869", AnnexIIIColumns),
        ("Table2", 640, "Total in 2023", "P-3", "802", "800", AnnexIIIColumns),
        ("Table2", 640, "Total in 2023", "D-1", "51", "52", AnnexIIIColumns),
        ("Table2", 640, "Total in 2023", "D-2", "21", "20", AnnexIIIColumns),
        ("Table2", 643, "Percentage of women in 2023", "D-1", "38", "40", "printed 38% is not 21/51 (41%) either; it matches D-1 and D-2 together (27/72)"),
        ("Table2", 643, "Percentage of women in 2023", "D-2", "", "30", "the report prints no percentage for D-2 and above"),
        ("Table2", 643, "Percentage of women in 2023", "E-2", "", "100", "the report prints no percentage for D-2 and above"),
        ("Table2", 643, "Percentage of women in 2023", "E-1", "", "100", "the report prints no percentage for D-2 and above"),
        ("Table2", 644, "Change in percentage of women between 2021 and 2023 (percentage points)", "D-1", "+3", "5", "follows from the D-1 percentage above"),
        ("Table2", 644, "Change in percentage of women between 2021 and 2023 (percentage points)", "D-2", "", "N/A", "no 2021 percentage printed for D-2"),
        ("AnnexII", 873, "Total", "G-6", "1222", "122", "doubled digit: the others' G-6 cells add up to 122"),
        ("AnnexII", 873, "Total", "NO-B", "3939", "39", "doubled digit: the others' NO-B cells add up to 39"),
        ("AnnexII", 873, "Total", "NO-C", "6", "4", "the others' NO-C cells add up to 4 (Indonesia 3 + Iraq 1)"),
        ("AnnexIII", 998, "Myanmar", "UG", "", "1", "Myanmar's grade cells add up to 8 but its Total and F + M are 9: the ninth is ungraded, which makes the UG total 490 as printed"),
        ("AnnexIII", 1073, "Total", "D-2", "21", "20", AnnexIIIColumns),
        ("AnnexIII", 1073, "Total", "D-1", "50", "51", AnnexIIIColumns),
        ("AnnexIII", 1073, "Total", "P-3", "766", "764", AnnexIIIColumns),
        ("AnnexIII", 1073, "Total", "P-2", "817", "819", AnnexIIIColumns),
    ];

    private const string AnnexIIIColumns =
        "the Annex III country rows, which the synthetic list follows, put one D-2 in D-1 and two P-3 in P-2 compared with the printed totals row (line 1073) and Table 2; which rows is not determinable";

    /// <summary>The tables of data/published (as named there) and their ids in Almanac.</summary>
    public static readonly IReadOnlyDictionary<string, string> TableIds = new Dictionary<string, string>
    {
        ["Table1"] = "table-1",
        ["Table2"] = "table-2",
        ["Table3"] = "table-3",
        ["Table4"] = "table-4",
        ["AnnexII"] = "annex-ii",
        ["AnnexIII"] = "annex-iii",
        ["AnnexIV"] = "annex-iv",
    };

    private static readonly ReferenceData Reference = ReferenceDataReader.ReadEmbedded();

    /// <summary>
    /// Asserts that the tables <paramref name="produced"/> gives by id hold every figure the 2023 report printed, and
    /// nothing it left empty, but for <see cref="KnownDifferences"/>; <paramref name="format"/> names the file in the message.
    /// </summary>
    public static void AssertMatchesPrint(string format, Func<string, IReadOnlyList<ProducedRow>> produced)
    {
        var printed = PublishedFigures.ReadEmbedded(2023);
        var all = TableIds.SelectMany(t => produced(t.Value).Select(row => (Table: t.Key, Row: row))).ToList();
        var byKey = new Dictionary<(string Table, string Section, string Row, string Column), string>();
        foreach (var (table, row) in all)
        {
            foreach (var (column, value) in row.Cells) byKey[(table, SectionKey(row.Section), RowKey(table, row), column)] = value;
        }
        var differences = new List<string>();
        var compared = 0;

        // Every printed cell against the produced cell.
        foreach (var cell in printed)
        {
            var value = byKey.GetValueOrDefault((cell.Table, cell.Section, PrintedRowKey(cell.Table, cell.Row), cell.Column), "(no such cell)");
            compared++;
            if (!Same(cell.Value, value)) differences.Add(Describe(cell.Table, cell.Line, cell.Row, cell.Column, cell.Value, value));
        }
        // Every produced cell the report leaves empty.
        var printedKeys = printed.Select(c => (c.Table, c.Section, Row: PrintedRowKey(c.Table, c.Row), c.Column)).ToHashSet();
        foreach (var (table, row) in all)
        {
            var (section, rowKey) = (SectionKey(row.Section), RowKey(table, row));
            foreach (var (column, value) in row.Cells.Where(c => c.Value.Length > 0 && !printedKeys.Contains((table, section, rowKey, c.Key))))
            {
                var line = printed.Where(c => c.Table == table && c.Section == section && PrintedRowKey(c.Table, c.Row) == rowKey).Select(c => c.Line).FirstOrDefault();
                differences.Add(Describe(table, line, row.Label, column, "", value));
            }
        }

        // The nationality annexes list their countries in print's order (accents ignored: Türkiye after Tunisia).
        foreach (var table in TableIds.Keys.Where(IsByNationality))
        {
            foreach (var section in new[] { "members", "others" })
            {
                var printedOrder = printed.Where(c => c.Table == table && c.Section == section).OrderBy(c => c.Line)
                    .Select(c => PrintedRowKey(table, c.Row)).Distinct().ToList();
                var producedOrder = all.Where(r => r.Table == table && SectionKey(r.Row.Section) == section).Select(r => RowKey(table, r.Row)).ToList();
                Assert.True(printedOrder.SequenceEqual(producedOrder), $"{format}, {table} {section}: rows in the order {string.Join(", ", producedOrder)}; print has {string.Join(", ", printedOrder)}");
            }
        }

        Assert.True(compared > 2900, $"{format}: only {compared} printed cells compared");
        var expected = KnownDifferences.Select(d => Describe(d.Table, d.Line, d.Row, d.Column, d.Printed, d.Produced)).Order(StringComparer.Ordinal);
        Assert.Equal(expected, differences.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A cell as a document prints it, in the form the comparison uses: the number without group separators, per cent
    /// sign or the plus of a change ("2 574" → "2574", "47%" → "47", "+5" → "5"); "-" (no change) is 0; "N/A" and
    /// an empty cell are kept.
    /// </summary>
    public static string Value(string text)
    {
        text = text.Trim();
        if (text is "" or "N/A") return text;
        if (text == "-") return "0";
        var number = text.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal)
            .Replace("\u202F", "", StringComparison.Ordinal).TrimEnd('%').TrimStart('+');
        return decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? Number(value)
            : $"(not a number: '{text}')";
    }

    /// <summary>A number as the comparison writes it: invariant, without trailing zeros (0.47 × 100 is "47").</summary>
    public static string Number(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    /// <summary>Rows in order, as (label, ISO3, is a heading, cells by column): each data row with the heading it stands under.</summary>
    public static IReadOnlyList<ProducedRow> Rows(IEnumerable<(string Label, string? Iso3, bool Heading, IReadOnlyDictionary<string, string> Cells)> rows)
    {
        var result = new List<ProducedRow>();
        var section = "";
        foreach (var (label, iso3, heading, cells) in rows)
        {
            if (heading)
            {
                section = label;
                continue;
            }
            result.Add(new ProducedRow(section, label, iso3, cells));
        }
        return result;
    }

    /// <summary>The two sections of the nationality annexes, as data/published names them.</summary>
    private static string SectionKey(string heading) => heading.Length == 0 ? "" : heading.Contains("Member States", StringComparison.Ordinal) ? "members" : "others";

    private static bool IsByNationality(string table) => table is "AnnexII" or "AnnexIII";

    /// <summary>Rows of the nationality annexes are matched by country code, since print and the reference spell names differently.</summary>
    private static string PrintedRowKey(string table, string row) =>
        IsByNationality(table) && row != "Total" ? Reference.Resolve(row)?.Iso3 ?? throw new InvalidOperationException($"unknown printed country '{row}'") : row;

    private static string RowKey(string table, ProducedRow row) =>
        row.Iso3 ?? (row.Label == "Other" ? "XXX" : IsByNationality(table) && row.Label != "Total" ? Reference.Resolve(row.Label)?.Iso3 ?? row.Label : row.Label);

    /// <summary>Printed "-" is a change of zero; a change is printed with its sign.</summary>
    private static bool Same(string printed, string produced) =>
        printed == produced || (printed == "-" && produced == "0") || (printed.StartsWith('+') && printed[1..] == produced);

    private static string Describe(string table, int line, string row, string column, string printed, string produced)
    {
        var shown = produced.Length > 0 && !produced.StartsWith('-') && row.StartsWith("Change", StringComparison.Ordinal) && produced != "N/A" ? "+" + produced : produced;
        return $"{table} line {line} '{row}' / {column}: printed '{printed}', produced '{shown}'";
    }
}
