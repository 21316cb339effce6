using Almanac.Domain.Publishing;
using SkiaSharp;

namespace Almanac.Publish.Publications.Charts;

/// <summary>
/// Draws a <see cref="ChartBlock"/> as a PNG from the same layout as <see cref="SvgChart"/>, for documents whose readers
/// do not all render SVG (Word before 2016, LibreOffice). Text uses DejaVu Sans from the machine's fonts when it is
/// there (Debian's fonts-dejavu-core): a font file, not the machine's font configuration, so the pixels do not depend
/// on what else is installed.
/// </summary>
public static class PngChart
{
    private static readonly string[] FontFiles =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/local/share/fonts/DejaVuSans.ttf",
    ];

    private static readonly Lazy<SKTypeface> Typeface = new(LoadTypeface);

    /// <summary>The width and height in CSS pixels of the chart's drawing (the PNG has <c>scale</c> times as many pixels).</summary>
    public static (double Width, double Height) Size(ChartBlock chart, string language)
    {
        var drawing = ChartLayout.Lay(chart, language);
        return (drawing.Width, drawing.Height);
    }

    /// <summary>The chart as PNG bytes, <paramref name="scale"/> pixels per CSS pixel (2 prints sharply at the width of an A4 page).</summary>
    public static byte[] Render(ChartBlock chart, string language, int scale = 2)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        var drawing = ChartLayout.Lay(chart, language);
        var info = new SKImageInfo((int)Math.Ceiling(drawing.Width * scale), (int)Math.Ceiling(drawing.Height * scale), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Scale(scale);
        using var font = new SKFont(Typeface.Value, (float)ChartLayout.FontSize) { Subpixel = false, Edging = SKFontEdging.Antialias };
        foreach (var shape in drawing.Groups.SelectMany(g => g.Shapes)) Draw(canvas, shape, font);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static void Draw(SKCanvas canvas, ChartShape shape, SKFont font)
    {
        switch (shape)
        {
            case LineShape line:
                using (var paint = Stroke(line.Stroke, line.StrokeWidth))
                {
                    canvas.DrawLine((float)line.X1, (float)line.Y1, (float)line.X2, (float)line.Y2, paint);
                }
                break;
            case RectShape rect:
                using (var paint = Fill(rect.Fill))
                {
                    canvas.DrawRect((float)rect.X, (float)rect.Y, (float)rect.Width, (float)rect.Height, paint);
                }
                break;
            case PathShape path:
                using (var skPath = SKPath.ParseSvgPathData(path.Data))
                {
                    if (path.Fill is { } fill)
                    {
                        using var paint = Fill(fill);
                        canvas.DrawPath(skPath, paint);
                    }
                    if (path.Stroke is { } stroke)
                    {
                        using var paint = Stroke(stroke, path.StrokeWidth);
                        paint.StrokeJoin = SKStrokeJoin.Round;
                        canvas.DrawPath(skPath, paint);
                    }
                }
                break;
            case TextShape text:
                using (var paint = Fill(ChartLayout.TextColour))
                {
                    var align = text.Anchor switch
                    {
                        TextAnchor.Middle => SKTextAlign.Center,
                        TextAnchor.End => SKTextAlign.Right,
                        _ => SKTextAlign.Left,
                    };
                    canvas.Save();
                    if (text.Rotate != 0) canvas.RotateDegrees((float)text.Rotate, (float)text.X, (float)text.Y);
                    canvas.DrawText(text.Text, (float)text.X, (float)text.Y, align, font, paint);
                    canvas.Restore();
                }
                break;
            default:
                throw new InvalidOperationException($"Unknown shape {shape.GetType().Name}.");
        }
    }

    private static SKPaint Fill(string colour) => new() { Color = SKColor.Parse(colour), IsAntialias = true, Style = SKPaintStyle.Fill };

    private static SKPaint Stroke(string colour, double width) =>
        new() { Color = SKColor.Parse(colour), IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = (float)width };

    private static SKTypeface LoadTypeface()
    {
        foreach (var file in FontFiles)
        {
            if (File.Exists(file) && SKTypeface.FromFile(file) is { } typeface) return typeface;
        }
        // Without a font file the PNG keeps its shapes; its text is then left to Skia's default, which may be none.
        return SKTypeface.Default;
    }
}
