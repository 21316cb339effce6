using Almanac.Domain;
using Almanac.Ingest.Hxl;
using Almanac.Store.Facts;

namespace Almanac.Ingest.Tests;

/// <summary>HXL 1.1's hashtag specs and where its hashtag row may stand, as the HXL import reads them.</summary>
public sealed class HxlHashtagTests
{
    [Theory]
    [InlineData("#affected+idps+ind", "#affected+idps+ind")]
    [InlineData("  #Affected +IND +idps ", "#affected+idps+ind")]
    [InlineData("#affected+idps+idps", "#affected+idps")]
    [InlineData("#x_virulence+code_2", "#x_virulence+code_2")]
    public void A_hashtag_spec_means_the_same_whatever_its_case_spaces_and_attribute_order(string cell, string text) =>
        Assert.Equal(text, HxlHashtag.Parse(cell)?.Text);

    [Theory]
    [InlineData("")]
    [InlineData("Country")]
    [InlineData("#")]
    [InlineData("# adm1")]
    [InlineData("#1adm")]
    [InlineData("#sex+#targeted")]
    [InlineData("#adm1+")]
    [InlineData("#adm1 code")]
    [InlineData("#adm1-code")]
    public void A_cell_that_is_no_hashtag_spec_is_none(string cell) => Assert.Null(HxlHashtag.Parse(cell));

    [Fact]
    public void The_hashtag_row_is_the_first_row_whose_non_empty_cells_are_all_hashtags_within_the_first_25()
    {
        static HxlCsvReader.HashtagRow? Find(string text) => HxlCsvReader.FindHashtagRow(new CsvLines(new StringReader(text), "f.csv", "an HXL file"), "f.csv");

        Assert.Equal(1, Find("#country+code,,#date\nSDN,,2023\n")?.Line);
        // A row of header text that has a hashtag among its words is not the hashtag row.
        Assert.Equal(3, Find("Title #1,,\nCountry,#date,\n#country+code,,#date\n")?.Line);
        var headers = string.Concat(Enumerable.Range(1, 24).Select(i => $"header {i},x\n"));
        Assert.Equal(25, Find(headers + "#country+code,#date\nSDN,2023\n")?.Line);
        Assert.Null(Find(headers + "more header,x\n#country+code,#date\nSDN,2023\n"));
        Assert.Null(Find("measure,year,office,value\nx,2023,,1\n"));
        var wide = string.Join(',', Enumerable.Repeat("#x", InputLimits.MaxSheetColumns + 1));
        Assert.Contains("a row of an HXL file has at most 1 024", Assert.Throws<InputException>(() => Find(wide + "\n")).Message, StringComparison.Ordinal);
    }
}
