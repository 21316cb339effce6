using Almanac.Domain;
using Almanac.Publish.Publications.Docx;
using Almanac.Publish.Publications.Html;
using Almanac.Publish.Publications.OpenData;
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

    /// <summary>Every format, in the order they are written.</summary>
    public static IReadOnlyList<string> Formats { get; } = [.. Factories.Select(f => f().Format)];

    /// <summary>The writers of "html,docx"; an unknown name is an error that lists the known ones.</summary>
    public static IReadOnlyList<IPublicationWriter> Parse(string formats)
    {
        var all = Factories.Select(f => f()).ToDictionary(w => w.Format, StringComparer.OrdinalIgnoreCase);
        var chosen = new List<IPublicationWriter>();
        foreach (var name in formats.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!all.TryGetValue(name, out var writer))
            {
                throw new AlmanacException($"--format '{name}': the formats are {string.Join(", ", Formats)}.");
            }
            if (!chosen.Contains(writer)) chosen.Add(writer);
        }
        return chosen.Count > 0 ? chosen : throw new AlmanacException($"--format: name at least one of {string.Join(", ", Formats)}.");
    }
}
