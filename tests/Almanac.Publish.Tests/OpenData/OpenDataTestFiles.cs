using System.Text;
using Almanac.Domain.Publishing;

namespace Almanac.Publish.Tests.OpenData;

/// <summary>A temporary output folder for one test, and helpers to read back what a writer put there.</summary>
internal sealed class OpenDataTestFiles : IDisposable
{
    public OpenDataTestFiles() => Directory = System.IO.Directory.CreateTempSubdirectory("almanac-opendata-").FullName;

    public string Directory { get; }

    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>The file's text, after checking it is UTF-8 without a byte order mark.</summary>
    public string Text(string fileName)
    {
        var bytes = File.ReadAllBytes(PathOf(fileName));
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, $"{fileName} starts with a byte order mark");
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    /// <summary>The publication with more tables appended in a section of their own.</summary>
    public static Publication WithTables(Publication publication, params PublishedTable[] tables) =>
        publication with { Sections = [.. publication.Sections, new PublicationSection("extra", "Extra", [.. tables.Select(t => new TableBlock(t))])] };
}
