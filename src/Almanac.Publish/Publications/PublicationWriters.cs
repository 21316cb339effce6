using Almanac.Domain;
using Almanac.Publish.Publications.Docx;
using Almanac.Publish.Publications.Html;
using Almanac.Publish.Publications.OpenData;
using Almanac.Publish.Publications.Pdf;
using Almanac.Publish.Publications.Xlsx;

namespace Almanac.Publish.Publications;

/// <summary>The publication formats Almanac writes, by their command-line names.</summary>
public static class PublicationWriters
{
    private static readonly Func<IPublicationWriter>[] Factories =
    [
        () => new HtmlWriter(),
        () => new DocxWriter(),
        () => new XlsxWriter(),
        () => new HxlCsvWriter(),
        () => new SdmxCsvWriter(),
    ];

    /// <summary>Every format written by default, in the order they are written.</summary>
    public static IReadOnlyList<string> Formats { get; } = [.. Factories.Select(f => f().Format)];

    /// <summary>Every format there is: the default ones and PDF, written only when asked for (it needs a Chromium).</summary>
    public static IReadOnlyList<string> AllFormats { get; } = [.. Formats, PdfWriter.FormatName];

    /// <summary>
    /// The writers of "html,docx,pdf"; an unknown name is an error that lists the known ones. PDF is printed by the Chromium
    /// <paramref name="chromium"/> names, or the one <see cref="HeadlessChromium.Find"/> finds: an error before anything is
    /// written when there is none.
    /// </summary>
    public static IReadOnlyList<IPublicationWriter> Parse(string formats, string? chromium = null)
    {
        var all = Factories.Select(f => f()).ToDictionary(w => w.Format, StringComparer.OrdinalIgnoreCase);
        var names = formats.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Contains(PdfWriter.FormatName, StringComparer.OrdinalIgnoreCase)) all[PdfWriter.FormatName] = new PdfWriter(HeadlessChromium.Required(chromium));
        var chosen = new List<IPublicationWriter>();
        foreach (var name in names)
        {
            if (!all.TryGetValue(name, out var writer))
            {
                throw new AlmanacException($"--format '{name}': the formats are {string.Join(", ", AllFormats)}.");
            }
            if (!chosen.Contains(writer)) chosen.Add(writer);
        }
        return chosen.Count > 0 ? chosen : throw new AlmanacException($"--format: name at least one of {string.Join(", ", AllFormats)}.");
    }
}
