using Almanac.Domain.Reports;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;

namespace Almanac.Ingest.Tests.Reports;

/// <summary>
/// A page break leaves footers, running heads, page numbers and a repeated title inside a table; a number alone on a
/// line is a page number only where a page break stands, since elsewhere it is a row that prints only its total.
/// </summary>
public sealed class PageFurnitureTests
{
    private static int[] Furniture(params string[] lines) => [.. PageFurniture.Find(lines).Order()];

    [Fact]
    public void A_page_number_beside_a_running_head_and_the_head_itself_are_furniture()
    {
        string[] lines =
        [
            "Alpha 1 2 3", "12", "", "Northwind Statistical Office", "", "Beta 4 5 9", "Gamma 1 1 2", "",
            "Page 13", "", "", "Northwind Statistical Office", "", "Delta 2 2 4",
        ];
        // Line 2 ("12") stands before the running head; line 9 is a footer by its words; the head (4, 12) repeats at both breaks.
        Assert.Equal([2, 4, 9, 12], Furniture(lines));
    }

    [Fact]
    public void A_number_alone_between_rows_is_a_row_and_a_line_of_text_printed_once_is_no_running_head()
    {
        string[] lines = ["Lao People's Democratic", "Republic", "", "0", "", "Latvia 1 1 1", "", "Regional summary", "", "Lesotho 0"];
        Assert.Empty(Furniture(lines));
    }

    [Fact]
    public void A_repeated_heading_away_from_a_page_break_is_kept_for_the_reader()
    {
        // "Sex" heads the columns of every page of an annex: standalone and repeated, but beside no footer.
        string[] lines = ["Category/Grade", "", "Sex", "", "G-1 G-2 F M", "Chad 1 2 2 1", "", "Sex", "", "G-1 G-2 F M", "Chile 1 0 0 1"];
        Assert.Empty(Furniture(lines));
    }

    [Fact]
    public void A_title_marked_as_continued_a_document_symbol_and_a_number_before_a_form_feed_are_furniture()
    {
        string[] lines = ["Omega 3 4 7", "", "41", "\fC/110/4", "", "Table 4. Staff by year (continued)", "", "Psi 1 1 2"];
        Assert.Equal([3, 4, 6], Furniture(lines));
    }

    [Theory]
    [InlineData("C/110/4", true)]
    [InlineData("S/96/12/Rev.1", true)]
    [InlineData("Page 13 of 40", true)]
    [InlineData("Annex II (English only)", true)]
    [InlineData("Annex IV", true)]
    [InlineData("Annex IV\tGeneral Service staff worldwide", false)]
    [InlineData("Annexes", false)]
    [InlineData("Page", false)]
    [InlineData("13", false)]
    public void Footers_and_running_heads_are_known_by_their_text_in_one_place(string line, bool footer)
    {
        Assert.Equal(footer, PageFurniture.IsFooterText(line));
    }

    [Fact]
    public void An_annex_running_head_inside_a_table_anchors_the_page_number_beside_it()
    {
        string[] lines = ["Chad 1 2 3", "", "5", "", "Annex II (English only)", "", "Chile 1 1 2"];
        Assert.Equal([3, 5], Furniture(lines));
    }

    [Fact]
    public void In_running_text_a_number_alone_is_a_page_number_wherever_it_stands_but_in_a_table_only_beside_a_page_break()
    {
        string[] lines = ["Equipped with this information, decision makers will be", "", "40", "", "empowered to act.", "", "Lesotho", "", "0", "", "Latvia 1 1 1"];
        var document = new ReportDocument("unseen.txt", "", lines,
            new DocumentIdentity("IOM", DocumentKind.AnnualReport, 2019, "Annual Report for 2019"), ReferenceDataReader.ReadEmbedded());
        Assert.True(PageFurniture.IsProseFurniture(document, 3));
        Assert.False(document.IsPageFurniture(3));
        Assert.False(document.IsPageFurniture(9));
        Assert.False(PageFurniture.IsProseFurniture(document, 1));
    }

    [Theory]
    [InlineData("Austria a", "Austria")]
    [InlineData("Bosnia and Herzegovina b", "Bosnia and Herzegovina")]
    [InlineData("Staff in a", "Staff in")]
    [InlineData("Austria a b", "Austria")]
    [InlineData("Austria a, b", "Austria")]
    [InlineData("Austria", null)]
    [InlineData("a", null)]
    public void A_footnote_letter_is_a_lone_lowercase_letter_after_the_label(string label, string? without)
    {
        Assert.Equal(without, ReportLine.WithoutFootnoteLetter(label));
    }

    [Theory]
    [InlineData("Women*", "Women")]
    [InlineData("Chad¹²", "Chad")]
    [InlineData("Total †", "Total")]
    [InlineData("D-1–D-2", "D-1–D-2")]
    public void A_footnote_mark_after_a_label_is_dropped(string label, string without)
    {
        Assert.Equal(without, ReportLine.WithoutFootnoteMark(label));
    }
}
