using System.Globalization;
using System.Text;
using Almanac.Domain.Observations;
using Almanac.Domain.Publishing;

namespace Almanac.Publish.Publications.OpenData;

/// <summary>
/// Writes the data behind each table as a long CSV (one row per figure) with an HXL 1.1 hashtag row under the header,
/// named as the table's <see cref="PublishedTable.DataFile"/>, and an index.csv listing them.
/// </summary>
/// <remarks>
/// Hashtags follow the HXL 1.1 dictionary and the HXL working group's advice for long ("narrow") indicator data: one
/// indicator value per row, identified by <c>#indicator+code</c>, its value in <c>#indicator+value+num</c>
/// (<c>#value</c> is for money in HXL, so it is not used for headcounts and percentages).
/// <list type="bullet">
/// <item>row and column labels: <c>#meta+row</c>, <c>#meta+column</c>, with the language attribute (<c>+i_en</c>, <c>+i_fr</c>, <c>+i_es</c>)</item>
/// <item>indicator: <c>#indicator+code</c>; year: <c>#date+year</c></item>
/// <item>nationality: <c>#country+code+v_iso3+nationality</c>; country: <c>#country+code+v_iso3</c> (the ISO 3166 alpha-3
/// vocabulary; the pseudo-codes XXA and XXX are ISO's user-assigned range); region: <c>#region+code</c></item>
/// <item>sex and every other breakdown: <c>#meta+sex</c>, <c>#meta+grade</c>, <c>#meta+category</c>… HXL has no hashtag
/// for them, and its sex attributes (<c>+f</c>, <c>+m</c>) qualify a value column of a wide table, whereas here one value
/// column holds every breakdown; custom attributes on <c>#meta</c> are what the dictionary offers for row metadata.</item>
/// <item>value: <c>#indicator+value+num</c>; unit (count, percent, percentage points): <c>#indicator+unit</c>;
/// source: <c>#meta+source</c></item>
/// </list>
/// A figure not broken down by a dimension that others in the table are (a total) leaves that field empty.
/// </remarks>
public sealed class HxlCsvWriter : IPublicationWriter
{
    /// <summary>The file listing every table's data file.</summary>
    public const string IndexFile = "index.csv";

    public string Format => "csv";

    public async Task<IReadOnlyList<string>> WriteAsync(Publication publication, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publication);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var tables = publication.Tables.ToList();
        OpenDataCsv.CheckFileNames(tables.Select(t => ($"Table '{t.Id}'", t.DataFile)).Prepend(("the index", IndexFile)));
        var language = LanguageAttribute(publication.Language);

        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var table in tables)
        {
            // Built before the file is opened, so that a table that cannot be exported leaves no half-written file.
            var records = Records(publication, table, language).ToList();
            var path = Path.Combine(directory, table.DataFile);
            await OpenDataCsv.WriteAsync(path, records, cancellationToken);
            written.Add(path);
        }
        var index = Path.Combine(directory, IndexFile);
        IReadOnlyList<string>[] indexHeader = [["file", "table", "title"], ["#meta+url", "#meta+id", "#meta+title" + language]];
        await OpenDataCsv.WriteAsync(index, indexHeader.Concat(tables.Select(t => (IReadOnlyList<string>)[t.DataFile, t.Id, t.Title])), cancellationToken);
        written.Add(index);
        return written;
    }

    /// <summary>The data behind one table as the CSV text its file holds (the HTML report embeds it as the table's download).</summary>
    public static string TableText(Publication publication, PublishedTable table) =>
        OpenDataCsv.ToText(Records(publication, table, LanguageAttribute(publication.Language)));

    /// <summary>The HXL hashtag of a dimension's column.</summary>
    public static string Hashtag(string dimension) => dimension switch
    {
        Dimensions.Nationality => "#country+code+v_iso3+nationality",
        "country" => "#country+code+v_iso3",
        "region" => "#region+code",
        _ => "#meta+" + Attribute(dimension),
    };

    private static IEnumerable<IReadOnlyList<string>> Records(Publication publication, PublishedTable table, string language)
    {
        var figures = OpenDataCsv.CoordinatedFigures(table).ToList();
        var dimensions = figures.SelectMany(f => f.Coordinates.Key.Members.Keys).Distinct().Order(StringComparer.Ordinal).ToList();

        yield return ["row", "column", "indicator", "year", .. dimensions, "value", "unit", "source"];
        yield return ["#meta+row" + language, "#meta+column" + language, "#indicator+code", "#date+year", .. dimensions.Select(Hashtag), "#indicator+value+num", "#indicator+unit", "#meta+source"];
        foreach (var (row, column, cell, coordinates) in figures)
        {
            yield return
            [
                row.Label,
                column,
                coordinates.Indicator,
                coordinates.Year.ToString(CultureInfo.InvariantCulture),
                .. dimensions.Select(d => coordinates.Key[d] ?? ""),
                OpenDataCsv.Number(cell.Value!.Value),
                OpenDataCsv.Unit(cell.Kind),
                OpenDataCsv.SourceOf(publication, table, row, column, cell),
            ];
        }
    }

    // HXL attributes are lower-case letters, digits and underscores, starting with a letter.
    private static string Attribute(string name)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var ch in name.ToLowerInvariant()) builder.Append(ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? ch : '_');
        if (builder.Length == 0 || builder[0] is < 'a' or > 'z') builder.Insert(0, 'x');
        return builder.ToString();
    }

    private static string LanguageAttribute(string language) =>
        language.Length == 2 && language.All(c => c is >= 'a' and <= 'z') ? "+i_" + language : "";
}
