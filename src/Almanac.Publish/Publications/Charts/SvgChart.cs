using System.Globalization;
using System.Text;
using System.Xml;
using Almanac.Domain.Publishing;

namespace Almanac.Publish.Publications.Charts;

/// <summary>
/// Draws a <see cref="ChartBlock"/> as a self-contained, accessible SVG: role="img" with the title and the text
/// alternative, a value axis with gridlines, a legend, and one mark per value whose own title reads the value. No
/// script and no style sheet, so the same text can be inlined in HTML or embedded in a Word document.
/// </summary>
public static class SvgChart
{
    private const string Namespace = "http://www.w3.org/2000/svg";

    /// <summary>The chart as an SVG element (no XML declaration), identical for the same chart and language.</summary>
    public static string Render(ChartBlock chart, string language)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var drawing = ChartLayout.Lay(chart, language);
        var id = "chart-" + Svg.IdPart(chart.Id);
        var text = new StringBuilder();
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true, IndentChars = " ", NewLineChars = "\n", Encoding = Encoding.UTF8 };
        using (var xml = XmlWriter.Create(new StringWriter(text, CultureInfo.InvariantCulture), settings))
        {
            xml.WriteStartElement("svg", Namespace);
            xml.WriteAttributeString("viewBox", $"0 0 {Svg.Number(drawing.Width)} {Svg.Number(drawing.Height)}");
            xml.WriteAttributeString("width", Svg.Number(drawing.Width));
            xml.WriteAttributeString("height", Svg.Number(drawing.Height));
            xml.WriteAttributeString("role", "img");
            xml.WriteAttributeString("aria-labelledby", $"{id}-title {id}-desc");
            xml.WriteAttributeString("class", "chart chart-" + chart.Kind.ToString().ToLowerInvariant());
            xml.WriteAttributeString("font-family", ChartLayout.FontFamily);
            xml.WriteAttributeString("font-size", Svg.Number(ChartLayout.FontSize));
            xml.WriteStartElement("title", Namespace);
            xml.WriteAttributeString("id", id + "-title");
            xml.WriteString(chart.Title);
            xml.WriteEndElement();
            xml.WriteStartElement("desc", Namespace);
            xml.WriteAttributeString("id", id + "-desc");
            xml.WriteString(chart.AltText);
            xml.WriteEndElement();
            xml.WriteStartElement("rect", Namespace);
            xml.WriteAttributeString("class", "background");
            xml.WriteAttributeString("width", Svg.Number(drawing.Width));
            xml.WriteAttributeString("height", Svg.Number(drawing.Height));
            xml.WriteAttributeString("fill", "#FFFFFF");
            xml.WriteEndElement();
            foreach (var group in drawing.Groups) WriteGroup(xml, group);
            xml.WriteEndElement();
        }
        return text.ToString();
    }

    private static void WriteGroup(XmlWriter xml, ChartGroup group)
    {
        xml.WriteStartElement("g", Namespace);
        xml.WriteAttributeString("class", group.Class);
        if (group.Label is { } label) xml.WriteAttributeString("aria-label", label);
        foreach (var shape in group.Shapes)
        {
            switch (shape)
            {
                case LineShape line:
                    xml.WriteStartElement("line", Namespace);
                    xml.WriteAttributeString("class", line.Class);
                    xml.WriteAttributeString("x1", Svg.Number(line.X1));
                    xml.WriteAttributeString("y1", Svg.Number(line.Y1));
                    xml.WriteAttributeString("x2", Svg.Number(line.X2));
                    xml.WriteAttributeString("y2", Svg.Number(line.Y2));
                    xml.WriteAttributeString("stroke", line.Stroke);
                    xml.WriteAttributeString("stroke-width", Svg.Number(line.StrokeWidth));
                    xml.WriteEndElement();
                    break;
                case RectShape rect:
                    xml.WriteStartElement("rect", Namespace);
                    xml.WriteAttributeString("class", rect.Class);
                    xml.WriteAttributeString("x", Svg.Number(rect.X));
                    xml.WriteAttributeString("y", Svg.Number(rect.Y));
                    xml.WriteAttributeString("width", Svg.Number(rect.Width));
                    xml.WriteAttributeString("height", Svg.Number(rect.Height));
                    xml.WriteAttributeString("fill", rect.Fill);
                    WriteTooltip(xml, rect.Tooltip);
                    xml.WriteEndElement();
                    break;
                case PathShape path:
                    xml.WriteStartElement("path", Namespace);
                    xml.WriteAttributeString("class", path.Class);
                    xml.WriteAttributeString("d", path.Data);
                    xml.WriteAttributeString("fill", path.Fill ?? "none");
                    if (path.Stroke is { } stroke)
                    {
                        xml.WriteAttributeString("stroke", stroke);
                        xml.WriteAttributeString("stroke-width", Svg.Number(path.StrokeWidth));
                        xml.WriteAttributeString("stroke-linejoin", "round");
                    }
                    WriteTooltip(xml, path.Tooltip);
                    xml.WriteEndElement();
                    break;
                case TextShape text:
                    xml.WriteStartElement("text", Namespace);
                    xml.WriteAttributeString("class", text.Class);
                    xml.WriteAttributeString("x", Svg.Number(text.X));
                    xml.WriteAttributeString("y", Svg.Number(text.Y));
                    if (text.Anchor != TextAnchor.Start) xml.WriteAttributeString("text-anchor", text.Anchor == TextAnchor.Middle ? "middle" : "end");
                    if (text.Rotate != 0)
                    {
                        xml.WriteAttributeString("transform", $"rotate({Svg.Number(text.Rotate)} {Svg.Number(text.X)} {Svg.Number(text.Y)})");
                    }
                    xml.WriteAttributeString("fill", ChartLayout.TextColour);
                    xml.WriteString(text.Text);
                    xml.WriteEndElement();
                    break;
                default:
                    throw new InvalidOperationException($"Unknown shape {shape.GetType().Name}.");
            }
        }
        xml.WriteEndElement();
    }

    private static void WriteTooltip(XmlWriter xml, string? tooltip)
    {
        if (tooltip is null) return;
        xml.WriteStartElement("title", Namespace);
        xml.WriteString(tooltip);
        xml.WriteEndElement();
    }
}

/// <summary>How the chart drawings print numbers and identifiers into SVG.</summary>
internal static class Svg
{
    /// <summary>Two decimals, invariant culture: the same drawing gives the same text on every machine.</summary>
    public static string Number(double value) =>
        // Rounding can leave "-0.00", which would make two equal drawings differ.
        Math.Abs(value) < 0.005 ? "0.00" : value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The chart id reduced to characters safe in an XML id and a CSS selector.</summary>
    public static string IdPart(string id) =>
        new([.. id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
}
