using Almanac.Domain.Publishing;
using Almanac.Publish.Publications.Html;

namespace Almanac.Publish.Publications.Pdf;

/// <summary>
/// Writes a publication as PDF: its HTML (<see cref="HtmlWriter"/>) printed by a headless Chromium through the print
/// stylesheet — A4, page numbers in the margin, the contents on their own page, every section on a new page, table headers
/// repeated on each page a table runs over — with the headings as PDF bookmarks, the text searchable and the fonts
/// embedded. Unlike the other formats it is not byte-identical from run to run: Chromium dates the file.
/// </summary>
public sealed class PdfWriter(HeadlessChromium chromium) : IPublicationWriter
{
    public const string FormatName = "pdf";

    public string Format => FormatName;

    public async Task<IReadOnlyList<string>> WriteAsync(Publication publication, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publication);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, publication.FileName(Format));
        var work = Directory.CreateTempSubdirectory("almanac-pdf-");
        try
        {
            // The page Chromium prints is the HTML publication itself, so that the PDF and the HTML never say different things.
            var page = Path.Combine(work.FullName, publication.FileName("html"));
            await File.WriteAllTextAsync(page, HtmlWriter.Render(publication), new System.Text.UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            var printed = Path.Combine(work.FullName, publication.FileName(Format));
            await chromium.PrintToPdfAsync(page, printed, cancellationToken).ConfigureAwait(false);
            File.Move(printed, path, overwrite: true);
        }
        finally
        {
            work.Delete(recursive: true);
        }
        return [path];
    }
}
