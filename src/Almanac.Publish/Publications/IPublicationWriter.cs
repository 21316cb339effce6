using Almanac.Domain.Publishing;

namespace Almanac.Publish.Publications;

/// <summary>
/// Writes a <see cref="Publication"/> in one format into a directory. The same publication gives byte-identical files:
/// writers take no timestamps, random identifiers or machine settings into them.
/// </summary>
public interface IPublicationWriter
{
    /// <summary>The format's name on the command line: "html", "docx", "xlsx", "csv" or "sdmx".</summary>
    string Format { get; }

    /// <summary>Writes the files and returns their paths, in the order written.</summary>
    Task<IReadOnlyList<string>> WriteAsync(Publication publication, string directory, CancellationToken cancellationToken);
}
