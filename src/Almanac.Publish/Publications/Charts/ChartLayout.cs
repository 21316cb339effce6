using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;

namespace Almanac.Publish.Publications.Charts;

/// <summary>
/// A chart laid out as shapes in a coordinate space of CSS pixels. The SVG and the PNG are both drawn from it, so the
/// picture in the Word document is the picture on the web page.
/// </summary>
internal sealed record ChartDrawing(double Width, double Height, IReadOnlyList<ChartGroup> Groups);

/// <summary>A group of shapes: the grid, the axis, the legend, or one series (<see cref="Label"/> is its name).</summary>
internal sealed record ChartGroup(string Class, string? Label, IReadOnlyList<ChartShape> Shapes);

/// <summary>A shape of a chart drawing.</summary>
internal abstract record ChartShape(string Class);

/// <summary>A straight line.</summary>
internal sealed record LineShape(string Class, double X1, double Y1, double X2, double Y2, string Stroke, double StrokeWidth) : ChartShape(Class);

/// <summary>A rectangle; <see cref="Tooltip"/> reads the value it stands for.</summary>
internal sealed record RectShape(string Class, double X, double Y, double Width, double Height, string Fill, string? Tooltip) : ChartShape(Class);

/// <summary>An SVG path (Skia parses the same data), filled or stroked.</summary>
internal sealed record PathShape(string Class, string Data, string? Fill, string? Stroke, double StrokeWidth, string? Tooltip) : ChartShape(Class);

/// <summary>Text whose baseline starts, centres or ends at (X, Y), optionally rotated about that point.</summary>
internal sealed record TextShape(string Class, double X, double Y, string Text, TextAnchor Anchor, double Rotate) : ChartShape(Class);

/// <summary>Where a text's anchor point is along its baseline.</summary>
internal enum TextAnchor
{
    Start,
    Middle,
    End,
}

/// <summary>Lays out a <see cref="ChartBlock"/>: scale, ticks, legend, marks. Pure and deterministic.</summary>
internal static class ChartLayout
{
    public const double Width = 640;
    public const double FontSize = 12;
    public const string TextColour = "#333333";
    public const string FontFamily = "'DejaVu Sans', Verdana, Arial, sans-serif";

    private const double PlotHeight = 240;
    private const double RightMargin = 16;
    private const double LegendRowHeight = 20;
    private const double LegendSwatch = 12;
    private const string GridColour = "#DDDDDD";

    /// <summary>
    /// The widest a bar is drawn: with few categories (one region chosen, two answers) a bar filling its band would be a
    /// slab hundreds of pixels wide that reads as a background rather than a value.
    /// </summary>
    public const double MaxBarWidth = 56;
    private const string AxisColour = "#595959";

    /// <summary>
    /// Okabe and Ito's palette, which readers with any common colour-vision deficiency can tell apart; ordered so the
    /// first colours contrast most with white and with each other (yellow last). Series past eight cycle.
    /// </summary>
    public static readonly IReadOnlyList<string> Palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"];

    public static string ColourOf(int series) => Palette[series % Palette.Count];

    public static ChartDrawing Lay(ChartBlock chart, string language)
    {
        var scale = Scale.For(chart);
        var tickLabels = scale.Ticks.Select(t => TickLabel(t, chart.Unit, language)).ToList();
        var left = Math.Ceiling(tickLabels.Select(TextWidth).DefaultIfEmpty(0).Max()) + 14;
        var plotLeft = left;
        var plotRight = Width - RightMargin;

        var (legend, legendHeight) = Legend(chart, plotLeft, plotRight);
        var plotTop = 8 + legendHeight + 10;
        var plotBottom = plotTop + PlotHeight;

        var categories = chart.Categories;
        var band = categories.Count == 0 ? plotRight - plotLeft : (plotRight - plotLeft) / categories.Count;
        double Cx(int i) => plotLeft + (band * (i + 0.5));
        double Y(decimal value) => plotBottom - ((double)(value - scale.Min) / (double)(scale.Max - scale.Min) * PlotHeight);

        // Labels that do not fit their band are turned 45° rather than cut: category names (regions) can be long.
        var longest = categories.Select(TextWidth).DefaultIfEmpty(0).Max();
        var rotate = longest > band - 6;
        var bottom = rotate ? 10 + (longest * Math.Sqrt(0.5)) + FontSize : 10 + FontSize + 8;
        var height = Math.Ceiling(plotBottom + bottom);

        var grid = new List<ChartShape>();
        var axis = new List<ChartShape>();
        for (var i = 0; i < scale.Ticks.Count; i++)
        {
            var y = Y(scale.Ticks[i]);
            grid.Add(new LineShape("gridline", plotLeft, y, plotRight, y, GridColour, 1));
            axis.Add(new TextShape("tick", plotLeft - 8, y + (FontSize * 0.35), tickLabels[i], TextAnchor.End, 0));
        }
        var zero = Y(0);
        axis.Add(new LineShape("baseline", plotLeft, zero, plotRight, zero, AxisColour, 1));
        for (var i = 0; i < categories.Count; i++)
        {
            axis.Add(rotate
                ? new TextShape("category", Cx(i), plotBottom + 14, categories[i], TextAnchor.End, -45)
                : new TextShape("category", Cx(i), plotBottom + 8 + FontSize, categories[i], TextAnchor.Middle, 0));
        }

        var groups = new List<ChartGroup> { new("grid", null, grid), new("axis", null, axis), new("legend", null, legend) };
        var marks = chart.Kind switch
        {
            ChartKind.Line => LineSeries(chart, language, Cx, Y),
            ChartKind.GroupedBar => GroupedBars(chart, language, band, Cx, Y),
            ChartKind.StackedBar => StackedBars(chart, language, band, Cx, Y),
            _ => throw new ArgumentOutOfRangeException(nameof(chart), chart.Kind, "Unknown chart kind."),
        };
        groups.AddRange(marks);
        return new ChartDrawing(Width, height, groups);
    }

    /// <summary>A rough width of a text in the chart's font: layout must not depend on the fonts of the machine.</summary>
    public static double TextWidth(string text) => text.Length * FontSize * 0.62;

    private static string TickLabel(decimal tick, CellKind unit, string language) =>
        // "-" is how the reports print no change in a cell, but on an axis it would read as a minus sign.
        unit == CellKind.PercentagePointChange && tick == 0 ? "0" : NumberFormat.Format(new Cell(tick, unit), language);

    private static string Tooltip(ChartBlock chart, int series, int category, decimal value, string language) =>
        $"{chart.Series[series].Name}, {chart.Categories[category]}: {NumberFormat.Format(new Cell(value, chart.Unit), language)}";

    private static (List<ChartShape> Shapes, double Height) Legend(ChartBlock chart, double left, double right)
    {
        var shapes = new List<ChartShape>();
        if (chart.Series.Count == 0) return (shapes, 0);
        var x = left;
        var row = 0;
        for (var s = 0; s < chart.Series.Count; s++)
        {
            var name = chart.Series[s].Name;
            var itemWidth = LegendSwatch + 6 + TextWidth(name) + 18;
            if (x > left && x + itemWidth > right)
            {
                x = left;
                row++;
            }
            var middle = 8 + (row * LegendRowHeight) + (LegendRowHeight / 2);
            var colour = ColourOf(s);
            if (chart.Kind == ChartKind.Line)
            {
                shapes.Add(new LineShape("swatch", x - 4, middle, x + LegendSwatch + 4, middle, colour, 2));
                shapes.Add(new PathShape("swatch", Marker(s, x + (LegendSwatch / 2), middle), colour, null, 0, null));
            }
            else
            {
                shapes.Add(new RectShape("swatch", x, middle - (LegendSwatch / 2), LegendSwatch, LegendSwatch, colour, null));
            }
            shapes.Add(new TextShape("legend-label", x + LegendSwatch + 6, middle + (FontSize * 0.35), name, TextAnchor.Start, 0));
            x += itemWidth;
        }
        return (shapes, (row + 1) * LegendRowHeight);
    }

    private static List<ChartGroup> LineSeries(ChartBlock chart, string language, Func<int, double> cx, Func<decimal, double> y)
    {
        var groups = new List<ChartGroup>();
        for (var s = 0; s < chart.Series.Count; s++)
        {
            var values = chart.Series[s].Values;
            var colour = ColourOf(s);
            var shapes = new List<ChartShape>();
            // A null value is a gap: the line stops and starts again, never drawn through a missing year.
            var segments = new List<List<(double X, double Y)>>();
            List<(double X, double Y)>? current = null;
            for (var c = 0; c < chart.Categories.Count; c++)
            {
                var value = c < values.Count ? values[c] : null;
                if (value is null)
                {
                    current = null;
                    continue;
                }
                if (current is null)
                {
                    current = [];
                    segments.Add(current);
                }
                current.Add((cx(c), y(value.Value)));
            }
            var data = string.Join(" ", segments.Where(p => p.Count > 1)
                .Select(p => string.Join(" ", p.Select((point, i) => $"{(i == 0 ? "M" : "L")}{Svg.Number(point.X)},{Svg.Number(point.Y)}"))));
            if (data.Length > 0) shapes.Add(new PathShape("line", data, null, colour, 2, null));
            for (var c = 0; c < chart.Categories.Count; c++)
            {
                if (c >= values.Count || values[c] is not { } value) continue;
                shapes.Add(new PathShape("mark", Marker(s, cx(c), y(value)), colour, "#FFFFFF", 1, Tooltip(chart, s, c, value, language)));
            }
            groups.Add(new ChartGroup("series", chart.Series[s].Name, shapes));
        }
        return groups;
    }

    private static List<ChartGroup> GroupedBars(ChartBlock chart, string language, double band, Func<int, double> cx, Func<decimal, double> y)
    {
        var groups = new List<ChartGroup>();
        var groupWidth = Math.Min(band * 0.8, MaxBarWidth * Math.Max(chart.Series.Count, 1));
        var barWidth = chart.Series.Count == 0 ? 0 : groupWidth / chart.Series.Count;
        var gap = barWidth > 6 ? 1 : 0;
        for (var s = 0; s < chart.Series.Count; s++)
        {
            var values = chart.Series[s].Values;
            var shapes = new List<ChartShape>();
            for (var c = 0; c < chart.Categories.Count; c++)
            {
                if (c >= values.Count || values[c] is not { } value) continue;
                var top = y(Math.Max(value, 0));
                var bottom = y(Math.Min(value, 0));
                var x = cx(c) - (groupWidth / 2) + (s * barWidth);
                shapes.Add(new RectShape("mark", x + gap, top, barWidth - (2 * gap), bottom - top, ColourOf(s), Tooltip(chart, s, c, value, language)));
            }
            groups.Add(new ChartGroup("series", chart.Series[s].Name, shapes));
        }
        return groups;
    }

    private static List<ChartGroup> StackedBars(ChartBlock chart, string language, double band, Func<int, double> cx, Func<decimal, double> y)
    {
        var groups = new List<ChartGroup>();
        var barWidth = Math.Min(band * 0.6, MaxBarWidth);
        // Positive values stack up from zero and negative ones down, so a negative part never hides a positive one.
        var above = new decimal[chart.Categories.Count];
        var below = new decimal[chart.Categories.Count];
        for (var s = 0; s < chart.Series.Count; s++)
        {
            var values = chart.Series[s].Values;
            var shapes = new List<ChartShape>();
            for (var c = 0; c < chart.Categories.Count; c++)
            {
                if (c >= values.Count || values[c] is not { } value) continue;
                decimal from, to;
                if (value >= 0)
                {
                    (from, to) = (above[c], above[c] + value);
                    above[c] = to;
                }
                else
                {
                    (from, to) = (below[c] + value, below[c]);
                    below[c] = from;
                }
                var top = y(to);
                shapes.Add(new RectShape("mark", cx(c) - (barWidth / 2), top, barWidth, y(from) - top, ColourOf(s), Tooltip(chart, s, c, value, language)));
            }
            groups.Add(new ChartGroup("series", chart.Series[s].Name, shapes));
        }
        return groups;
    }

    /// <summary>
    /// A marker of a line series: its shape as well as its colour tells series apart, for readers who cannot tell the
    /// colours apart and for prints in grey.
    /// </summary>
    private static string Marker(int series, double x, double y)
    {
        const double r = 4;
        static string N(double v) => Svg.Number(v);
        return (series % 4) switch
        {
            0 => $"M{N(x - r)},{N(y)} A{N(r)},{N(r)} 0 1,0 {N(x + r)},{N(y)} A{N(r)},{N(r)} 0 1,0 {N(x - r)},{N(y)} Z",
            1 => $"M{N(x - r)},{N(y - r)} L{N(x + r)},{N(y - r)} L{N(x + r)},{N(y + r)} L{N(x - r)},{N(y + r)} Z",
            2 => $"M{N(x)},{N(y - r - 1)} L{N(x + r + 1)},{N(y + r)} L{N(x - r - 1)},{N(y + r)} Z",
            _ => $"M{N(x)},{N(y - r - 1)} L{N(x + r + 1)},{N(y)} L{N(x)},{N(y + r + 1)} L{N(x - r - 1)},{N(y)} Z",
        };
    }

    /// <summary>The value axis: from <see cref="Min"/> to <see cref="Max"/>, both on a tick, with zero always in range.</summary>
    private sealed record Scale(decimal Min, decimal Max, IReadOnlyList<decimal> Ticks)
    {
        public static Scale For(ChartBlock chart)
        {
            var values = new List<decimal>();
            if (chart.Kind == ChartKind.StackedBar)
            {
                for (var c = 0; c < chart.Categories.Count; c++)
                {
                    var column = chart.Series.Select(s => c < s.Values.Count ? s.Values[c] : null).OfType<decimal>().ToList();
                    values.Add(column.Where(v => v > 0).Sum());
                    values.Add(column.Where(v => v < 0).Sum());
                }
            }
            else
            {
                values.AddRange(chart.Series.SelectMany(s => s.Values).OfType<decimal>());
            }
            var low = Math.Min(0, values.DefaultIfEmpty(0).Min());
            var high = Math.Max(0, values.DefaultIfEmpty(0).Max());
            if (low == high) high = low + 1;

            var step = NiceStep((high - low) / 5);
            var min = decimal.Floor(low / step) * step;
            var max = decimal.Ceiling(high / step) * step;
            var ticks = new List<decimal>();
            for (var t = min; t <= max; t += step) ticks.Add(t);
            return new Scale(min, max, ticks);
        }

        /// <summary>1, 2 or 5 times a power of ten: steps a reader adds up without effort.</summary>
        private static decimal NiceStep(decimal raw)
        {
            var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)raw)));
            var normalized = raw / magnitude;
            var nice = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10;
            return nice * magnitude;
        }
    }
}
