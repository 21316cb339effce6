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

/// <summary>A writer whose output is one file made in memory, named after the publication and its format ("annual-report-2023-en.docx").</summary>
public abstract class SingleFileWriter : IPublicationWriter
{
    public abstract string Format { get; }

    public async Task<IReadOnlyList<string>> WriteAsync(Publication publication, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publication);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, publication.FileName(Format));
        await File.WriteAllBytesAsync(path, Bytes(publication), cancellationToken).ConfigureAwait(false);
        return [path];
    }

    /// <summary>The file's content.</summary>
    protected abstract byte[] Bytes(Publication publication);
}
