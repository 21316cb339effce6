using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using Almanac.Publish.Publications.Charts;
using SkiaSharp;

namespace Almanac.Publish.Tests;

public sealed partial class SvgChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Funding by region: values of very different sizes, a gap and a zero.</summary>
    private static ChartBlock Funding(ChartKind kind) => new(
        "funding-by-region",
        "Funding requirements by region and category",
        kind,
        ["Asia and the Pacific", "Europe", "Middle East and North Africa"],
        [
            new("Humanitarian", [1_200_000m, null, 300_000m]),
            new("Development", [500_000m, 100_000m, 0m]),
            new("Migration governance", [250_000m, 50_000m, 25_000m]),
        ],
        CellKind.Count,
        "Bar chart of funding requirements by region and category.");

    private static ChartBlock WomenByGrade => SamplePublication.Create().Charts.Single();

    private static XElement Parse(string svg) => XElement.Parse(svg);

    private static List<XElement> Marks(XElement svg) => [.. svg.Descendants().Where(e => (string?)e.Attribute("class") == "mark")];

    private static List<XElement> SeriesGroups(XElement svg) => [.. svg.Elements(Svg + "g").Where(g => (string?)g.Attribute("class") == "series")];

    [Theory]
    [InlineData(ChartKind.GroupedBar)]
    [InlineData(ChartKind.StackedBar)]
    public void One_category_draws_a_bar_no_wider_than_a_bar_of_many_not_a_slab_across_the_chart(ChartKind kind)
    {
        // One region chosen on the results page: a single category whose band is the whole plot.
        var one = new ChartBlock("one-region", "Participation", kind, ["West and Central Africa"], [new("Responded (%)", [87m])], CellKind.Percent, "One bar.");
        var bar = Assert.Single(Marks(Parse(SvgChart.Render(one, "en"))));
        var width = double.Parse((string)bar.Attribute("width")!, CultureInfo.InvariantCulture);
        Assert.InRange(width, 1, 56);
        // Centred in its band: the middle of the plot, not its left edge.
        var x = double.Parse((string)bar.Attribute("x")!, CultureInfo.InvariantCulture);
        Assert.InRange(x + (width / 2), 300, 360);
        // Many categories keep the widths they had: a band's share, below the cap.
        var many = Marks(Parse(SvgChart.Render(Funding(kind), "en")));
        Assert.All(many, m => Assert.True(double.Parse((string)m.Attribute("width")!, CultureInfo.InvariantCulture) <= 56));
    }

    [Fact]
    public void The_svg_is_an_image_named_by_its_title_and_described_by_the_text_alternative()
    {
        var chart = WomenByGrade;
        var svg = Parse(SvgChart.Render(chart, "en"));

        Assert.Equal(Svg + "svg", svg.Name);
        Assert.Equal("img", (string?)svg.Attribute("role"));
        var title = svg.Element(Svg + "title")!;
        var desc = svg.Element(Svg + "desc")!;
        Assert.Equal(chart.Title, title.Value);
        Assert.Equal(chart.AltText, desc.Value);
        Assert.Equal($"{(string?)title.Attribute("id")} {(string?)desc.Attribute("id")}", (string?)svg.Attribute("aria-labelledby"));
        var viewBox = ((string)svg.Attribute("viewBox")!).Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal([0, 0], viewBox[..2]);
        Assert.True(viewBox[2] > 100 && viewBox[3] > 100, $"viewBox {svg.Attribute("viewBox")}");
    }

    [Fact]
    public void Ids_stay_unique_when_charts_are_inlined_side_by_side()
    {
        var one = Parse(SvgChart.Render(WomenByGrade, "en"));
        var other = Parse(SvgChart.Render(Funding(ChartKind.StackedBar), "en"));
        var ids = one.DescendantsAndSelf().Concat(other.DescendantsAndSelf()).Select(e => (string?)e.Attribute("id")).OfType<string>().ToList();
        Assert.Equal(4, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [InlineData(ChartKind.Line)]
    [InlineData(ChartKind.GroupedBar)]
    [InlineData(ChartKind.StackedBar)]
    public void Every_value_has_one_mark_that_reads_its_value_and_a_missing_value_has_none(ChartKind kind)
    {
        var chart = Funding(kind);
        var svg = Parse(SvgChart.Render(chart, "en"));

        var expected = chart.Series.SelectMany(s => s.Values.Select((v, c) => (s.Name, Category: chart.Categories[c], Value: v)))
            .Where(x => x.Value is not null)
            .Select(x => $"{x.Name}, {x.Category}: {NumberFormat.Format(Cell.Count(x.Value), "en")}")
            .ToList();
        var marks = Marks(svg);
        Assert.Equal(expected, marks.Select(m => m.Element(Svg + "title")!.Value));
        Assert.All(marks, m => Assert.Equal(kind == ChartKind.Line ? Svg + "path" : Svg + "rect", m.Name));
        Assert.Equal(chart.Series.Select(s => s.Name), SeriesGroups(svg).Select(g => (string?)g.Attribute("aria-label")));
    }

    [Fact]
    public void A_line_breaks_at_a_missing_value_instead_of_joining_its_neighbours()
    {
        var chart = new ChartBlock("gaps", "Gaps", ChartKind.Line, ["2019", "2020", "2021", "2022", "2023"],
            [new("With a hole", [10m, 12m, null, 14m, 15m]), new("Missing at the end", [20m, 21m, 22m, null, null])], CellKind.Count, "Gaps.");
        var series = SeriesGroups(Parse(SvgChart.Render(chart, "en")));

        static string Line(XElement group) => (string)group.Elements(Svg + "path").Single(p => (string?)p.Attribute("class") == "line").Attribute("d")!;
        Assert.Equal(2, Line(series[0]).Count(c => c == 'M'));
        Assert.Equal(2, Line(series[0]).Count(c => c == 'L'));
        Assert.Equal(1, Line(series[1]).Count(c => c == 'M'));
        Assert.Equal(2, Line(series[1]).Count(c => c == 'L'));
    }

    [Fact]
    public void Grouped_bars_are_as_tall_as_their_values_and_a_zero_is_flat()
    {
        var chart = Funding(ChartKind.GroupedBar);
        var bars = Marks(Parse(SvgChart.Render(chart, "en")));
        var heights = bars.Select(b => double.Parse((string)b.Attribute("height")!, CultureInfo.InvariantCulture)).ToList();
        var values = chart.Series.SelectMany(s => s.Values).OfType<decimal>().Select(v => (double)v).ToList();

        // Pixels per unit is the same for every bar (to the 0.01 px the SVG keeps).
        var perUnit = heights[0] / values[0];
        for (var i = 0; i < values.Count; i++) Assert.Equal(values[i] * perUnit, heights[i], 0.02);
        Assert.Equal(0, heights[values.IndexOf(0)]);
    }

    [Fact]
    public void Stacked_bars_sit_on_each_other_and_reach_the_total()
    {
        var chart = Funding(ChartKind.StackedBar);
        var svg = Parse(SvgChart.Render(chart, "en"));
        var bars = Marks(svg).Select(b => (
            Title: b.Element(Svg + "title")!.Value,
            X: double.Parse((string)b.Attribute("x")!, CultureInfo.InvariantCulture),
            Y: double.Parse((string)b.Attribute("y")!, CultureInfo.InvariantCulture),
            Height: double.Parse((string)b.Attribute("height")!, CultureInfo.InvariantCulture))).ToList();
        var baseline = double.Parse((string)svg.Descendants(Svg + "line").Single(l => (string?)l.Attribute("class") == "baseline").Attribute("y1")!, CultureInfo.InvariantCulture);

        var asia = bars.Where(b => b.Title.Contains("Asia and the Pacific", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, asia.Count);
        Assert.Single(asia.Select(b => b.X).Distinct());
        Assert.Equal(baseline, asia[0].Y + asia[0].Height, 0.02);
        Assert.Equal(asia[0].Y, asia[1].Y + asia[1].Height, 0.02);
        Assert.Equal(asia[1].Y, asia[2].Y + asia[2].Height, 0.02);
        var europe = bars.Where(b => b.Title.Contains("Europe", StringComparison.Ordinal)).ToList();
        // 1 950 000 against 150 000: the totals keep their proportion.
        Assert.Equal(1_950_000.0 / 150_000.0, (baseline - asia[2].Y) / (baseline - europe[^1].Y), 0.01);
    }

    [Fact]
    public void The_axis_is_labelled_in_the_reports_number_format_from_zero_past_the_largest_value()
    {
        var percent = Parse(SvgChart.Render(WomenByGrade, "en"));
        var ticks = percent.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "tick").Select(t => t.Value).ToList();
        Assert.Equal("0%", ticks[0]);
        Assert.All(ticks, t => Assert.EndsWith("%", t, StringComparison.Ordinal));
        Assert.True(decimal.Parse(ticks[^1].TrimEnd('%'), CultureInfo.InvariantCulture) >= 58, string.Join(", ", ticks));
        Assert.Equal(ticks.Count, percent.Descendants(Svg + "line").Count(l => (string?)l.Attribute("class") == "gridline"));

        var french = Parse(SvgChart.Render(Funding(ChartKind.StackedBar), "fr"));
        var frenchTicks = french.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "tick").Select(t => t.Value).ToList();
        Assert.Contains("1\u202F000\u202F000", frenchTicks);
        Assert.Contains("2\u202F000\u202F000", frenchTicks);
    }

    [Fact]
    public void The_legend_names_every_series_in_a_distinct_colour_blind_safe_colour()
    {
        string[] okabeIto = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"];
        var svg = Parse(SvgChart.Render(Funding(ChartKind.GroupedBar), "en"));
        var legend = svg.Elements(Svg + "g").Single(g => (string?)g.Attribute("class") == "legend");
        Assert.Equal(["Humanitarian", "Development", "Migration governance"], legend.Elements(Svg + "text").Select(t => t.Value));
        var colours = SeriesGroups(svg).Select(g => (string)g.Elements().First().Attribute("fill")!).ToList();
        Assert.Equal(3, colours.Distinct().Count());
        Assert.All(colours, c => Assert.Contains(c, okabeIto));
        Assert.Equal(colours, legend.Elements(Svg + "rect").Select(r => (string)r.Attribute("fill")!));
    }

    [Fact]
    public void The_same_chart_gives_the_same_text_with_fixed_decimals_and_no_script()
    {
        foreach (var chart in new[] { Funding(ChartKind.StackedBar), WomenByGrade })
        {
            var text = SvgChart.Render(chart, "en");
            Assert.Equal(text, SvgChart.Render(chart with { Series = [.. chart.Series] }, "en"));

            var svg = Parse(text);
            string[] geometry = ["x", "y", "width", "height", "x1", "y1", "x2", "y2", "stroke-width"];
            var attributes = svg.DescendantsAndSelf().SelectMany(e => e.Attributes()).Where(a => geometry.Contains(a.Name.LocalName)).Select(a => a.Value).ToList();
            Assert.NotEmpty(attributes);
            Assert.All(attributes, n => Assert.Matches(FixedDecimals(), n));
            // Path data also holds the arc flags (0, 1); every coordinate in it has a decimal point.
            var coordinates = svg.Descendants(Svg + "path").SelectMany(p => DecimalInPath().Matches((string)p.Attribute("d")!).Select(m => m.Value)).ToList();
            Assert.All(coordinates, n => Assert.Matches(FixedDecimals(), n));
            Assert.Empty(svg.DescendantsAndSelf(Svg + "script"));
            Assert.DoesNotContain(svg.DescendantsAndSelf().SelectMany(e => e.Attributes()), a => a.Name.LocalName.StartsWith("on", StringComparison.Ordinal));
        }
        Assert.NotEmpty(Parse(SvgChart.Render(WomenByGrade, "en")).Descendants(Svg + "path"));
    }

    [Fact]
    public void Text_is_escaped()
    {
        var chart = WomenByGrade with { Title = "Men & women <P-2>", Categories = ["P&2", "P<3", "P>4"] };
        var svg = Parse(SvgChart.Render(chart, "en"));
        Assert.Equal("Men & women <P-2>", svg.Element(Svg + "title")!.Value);
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "P<3");
    }

    [Fact]
    public void The_png_is_drawn_from_the_same_layout_at_twice_the_size()
    {
        var chart = Funding(ChartKind.GroupedBar);
        var (width, height) = PngChart.Size(chart, "en");
        var png = PngChart.Render(chart, "en");
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((int)Math.Ceiling(width * 2), bitmap.Width);
        Assert.Equal((int)Math.Ceiling(height * 2), bitmap.Height);

        // The middle of each bar the SVG draws is the series' colour in the PNG.
        var svg = Parse(SvgChart.Render(chart, "en"));
        foreach (var bar in Marks(svg).Where(b => double.Parse((string)b.Attribute("height")!, CultureInfo.InvariantCulture) > 4))
        {
            double At(string name) => double.Parse((string)bar.Attribute(name)!, CultureInfo.InvariantCulture);
            var pixel = bitmap.GetPixel((int)((At("x") + (At("width") / 2)) * 2), (int)((At("y") + (At("height") / 2)) * 2));
            Assert.Equal(SKColor.Parse((string)bar.Attribute("fill")!), pixel);
        }
        Assert.Equal(png, PngChart.Render(chart, "en"));
    }

    [GeneratedRegex(@"-?\d+\.\d+")]
    private static partial Regex DecimalInPath();

    [GeneratedRegex(@"^-?\d+\.\d\d$")]
    private static partial Regex FixedDecimals();
}
