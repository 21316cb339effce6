using Almanac.Domain.Analytics;
using Almanac.Domain.Tables;

namespace Almanac.Publish.Tests;

/// <summary>
/// The query and annex CSV writers keep a text cell that a spreadsheet would run as a formula (=, +, -, @) from running,
/// while numbers, negative ones included, stay numbers. (The open-data writers are tested in OpenData/.)
/// </summary>
public sealed class CsvInjectionTests
{
    [Fact]
    public void Query_CSV_quotes_formula_like_members_and_writes_negative_values_as_numbers()
    {
        var result = new QueryResult(["office", "sex"], 2, ["value", "yoy"],
        [
            new QueryCell(["=cmd|' /C calc'!A0", "@F"], [12m, -5m]),
            new QueryCell(["-Mali", "M"], [-0.25m, null]),
            new QueryCell([null, null], [11.75m, -5m]),
        ]);

        Assert.Equal(
            ["office,sex,value,yoy", "'=cmd|' /C calc'!A0,'@F,12,-5", "'-Mali,M,-0.25,", ",,11.75,-5"],
            QueryRenderers.ToCsv(result).TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Annex_CSV_quotes_formula_like_labels_and_headers_and_writes_negative_changes_as_numbers()
    {
        var table = new StatTable("annex", "Annex", "+Country", ["2023", "=change"],
        [
            new StatRow("=HYPERLINK(\"http://evil.example\")", null, RowRole.Data, [Cell.Count(3), Cell.Change(-2)]),
            new StatRow("Mali", "MLI", RowRole.Data, [Cell.Count(5), Cell.Change(null)]),
        ], [], []);
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);

        TableRenderers.WriteCsv(writer, table);

        Assert.Equal(
            ["'+Country,iso3,2023,'=change", "\"'=HYPERLINK(\"\"http://evil.example\"\")\",,3,-2", "Mali,MLI,5,N/A"],
            writer.ToString().TrimEnd().Split("\r\n"));
    }
}
