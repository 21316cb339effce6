using System.Globalization;
using System.Text;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Platform;
using Almanac.Store.Facts;

namespace Almanac.Ingest.Hxl;

/// <summary>
/// What an HXL file held: the line of its hashtag row, the observations written, the measures they are of, and for each
/// line of the observation file after its header the line of the HXL file it came from.
/// </summary>
public sealed record HxlCsvContent(long HashtagRow, long Observations, IReadOnlyList<string> Measures, IReadOnlyList<long> SourceLines);

/// <summary>
/// Reads an HXL-tagged CSV file (HXL 1.1: the hashtag row is the first row, or follows up to 24 rows of header text; a
/// row is the hashtag row when every cell that is not empty is a hashtag spec) through an <see cref="HxlMapping"/>, and
/// writes its figures as a long observation file (see <see cref="ObservationFile"/>): each row gives one figure per
/// mapped measure column that holds a number. Every cell is checked here, so a problem names the HXL file's line, the
/// column by its hashtag and the value.
/// </summary>
public static class HxlCsvReader
{
    /// <summary>HXL 1.1 allows up to 24 rows of header text before the hashtag row: it is one of the first 25 rows.</summary>
    public const int MaxHashtagRow = 25;

    private static readonly string[] DateFormats = ["yyyy", "yyyy-MM", "yyyy-MM-dd"];

    /// <summary>The hashtag row of a file: its line and its cells (a hashtag spec, or null where a cell is empty).</summary>
    public sealed record HashtagRow(long Line, IReadOnlyList<HxlHashtag?> Hashtags, IReadOnlyList<string> Cells);

    /// <summary>
    /// The hashtag row among the first <see cref="MaxHashtagRow"/> lines of <paramref name="lines"/>, which are read up to
    /// it; null when none of them is one (the file is not HXL-tagged).
    /// </summary>
    public static HashtagRow? FindHashtagRow(CsvLines lines, string name)
    {
        ArgumentNullException.ThrowIfNull(lines);
        for (var line = 1L; line <= MaxHashtagRow; line++)
        {
            var text = lines.Next(line);
            if (text is null) return null;
            if (text.Length == 0) continue;
            var cells = CsvLines.Split(text.TrimStart('\uFEFF'), name, line);
            if (cells.Count > InputLimits.MaxSheetColumns)
            {
                throw new InputException(name, line, null, null, $"{InputLimits.Number(cells.Count)} cells: a row of an HXL file has at most {InputLimits.Number(InputLimits.MaxSheetColumns)}");
            }
            var hashtags = cells.Select(HxlHashtag.Parse).ToList();
            var given = cells.Count(c => c.Trim().Length > 0);
            if (given > 0 && hashtags.Count(h => h is not null) == given) return new HashtagRow(line, hashtags, [.. cells.Select(c => c.Trim())]);
        }
        return null;
    }

    /// <summary>
    /// Reads <paramref name="input"/> (named <paramref name="name"/> in errors) and writes the observation file to
    /// <paramref name="observations"/>. <paramref name="countries"/> are the ISO 3166 alpha-3 codes of the reference data.
    /// </summary>
    public static HxlCsvContent Convert(string name, TextReader input, HxlMapping mapping, IReadOnlySet<string> countries, TextWriter observations)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(countries);
        ArgumentNullException.ThrowIfNull(observations);
        var lines = new CsvLines(input, name, "an HXL file");
        var row = FindHashtagRow(lines, name) ?? throw new InputException(name, null, null, null,
            $"no hashtag row in the first {MaxHashtagRow} lines: an HXL file has a row whose cells are hashtags (#country+code, #date, …), the first row or after the rows of header text");

        // The column of each entry the file has; a column without a hashtag, or whose hashtag the mapping lacks, is left out.
        var columns = new Dictionary<HxlEntry, int>();
        for (var i = 0; i < row.Hashtags.Count; i++)
        {
            if (row.Hashtags[i] is not { } hashtag || mapping.EntryOf(hashtag) is not { } entry) continue;
            if (columns.TryGetValue(entry, out var other))
            {
                throw new InputException(name, row.Line, row.Cells[i], null,
                    $"the columns {InputLimits.Quote(row.Cells[other])} and {InputLimits.Quote(row.Cells[i])} are both the mapping's {Describe(entry)}: a file gives it once");
            }
            columns[entry] = i;
        }
        var fileTags = string.Join(", ", row.Cells.Where(c => c.Length > 0));
        foreach (var entry in mapping.Entries.Where(e => e.Required && !columns.ContainsKey(e)))
        {
            throw new InputException(name, row.Line, entry.Tags[0].Text, null,
                $"the mapping {mapping.Name} requires a column tagged {string.Join(" or ", entry.Tags.Select(t => t.Text))} ({Describe(entry)}); the file's hashtags are {fileTags}");
        }
        var measures = mapping.Entries.Where(e => e.Role == HxlRole.Measure && columns.ContainsKey(e)).ToList();
        if (measures.Count == 0)
        {
            throw new InputException(name, row.Line, null, null,
                $"no column is a measure of the mapping {mapping.Name} ({string.Join(", ", mapping.Entries.Where(e => e.Role == HxlRole.Measure).SelectMany(e => e.Tags).Select(t => t.Text))}); the file's hashtags are {fileTags}");
        }
        var year = mapping.Entries.Single(e => e.Role == HxlRole.Year);
        var office = mapping.Entries.SingleOrDefault(e => e.Role == HxlRole.Office && columns.ContainsKey(e));
        var dimensions = mapping.Entries.Where(e => e.Role == HxlRole.Dimension && columns.ContainsKey(e)).ToList();
        observations.Write(string.Join(',', ["measure", "year", "office", .. dimensions.Select(d => d.Name), "value"]));
        observations.Write('\n');

        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var sourceLines = new List<long>();
        var written = 0L;
        var line = row.Line;
        var members = new string[dimensions.Count];
        var text = new StringBuilder();
        while (lines.Next(line + 1) is { } next)
        {
            line++;
            if (next.Length == 0) continue;
            var cells = CsvLines.Split(next, name, line);
            if (cells.Count > InputLimits.MaxSheetColumns)
            {
                throw new InputException(name, line, null, null, $"{InputLimits.Number(cells.Count)} cells: a row of an HXL file has at most {InputLimits.Number(InputLimits.MaxSheetColumns)}");
            }
            if (cells.All(c => c.Trim().Length == 0)) continue;
            string Cell(HxlEntry entry)
            {
                var i = columns[entry];
                var cell = i < cells.Count ? cells[i] : "";
                if (cell.Length > InputLimits.MaxCellLength)
                {
                    throw new InputException(name, line, row.Cells[i], null, $"a cell of {InputLimits.Number(cell.Length)} characters: a cell has at most {InputLimits.Number(InputLimits.MaxCellLength)}");
                }
                var trimmed = cell.Trim();
                if (trimmed.Any(char.IsControl)) throw new InputException(name, line, row.Cells[i], trimmed, "a cell has no control characters");
                return trimmed;
            }
            string Required(HxlEntry entry, string cell) =>
                cell.Length == 0 && entry.Required ? throw new InputException(name, line, row.Cells[columns[entry]], "", $"every row gives its {Describe(entry)} (the mapping requires it)") : cell;

            var yearText = Required(year, Cell(year));
            var yearValue = Year(yearText) ?? throw new InputException(name, line, row.Cells[columns[year]], yearText,
                $"a date is an ISO 8601 date (2023, 2023-06 or 2023-06-30) of a year from {ObservationFile.MinYear} to {ObservationFile.MaxYear}");
            var officeCode = "";
            if (office is not null)
            {
                officeCode = Required(office, Cell(office));
                if (officeCode.Length > 0 && OfficeRules.CodeProblem(officeCode) is { } refusal)
                {
                    throw new InputException(name, line, row.Cells[columns[office]], officeCode, $"not an office code: {refusal.Message}");
                }
            }
            for (var d = 0; d < dimensions.Count; d++)
            {
                var dimension = dimensions[d];
                var member = Required(dimension, Cell(dimension));
                if (member.Length > 0 && dimension.Countries)
                {
                    var code = member.ToUpperInvariant();
                    if (!countries.Contains(code))
                    {
                        throw new InputException(name, line, row.Cells[columns[dimension]], member, "unknown country: not an ISO 3166 alpha-3 code of the reference data");
                    }
                    member = code;
                }
                else if (member.Length > 0 && Hierarchies.Problem(dimension.Name, member) is { } problem)
                {
                    throw new InputException(name, line, row.Cells[columns[dimension]], member, problem);
                }
                members[d] = member;
            }
            foreach (var measure in measures)
            {
                var valueText = Required(measure, Cell(measure));
                if (valueText.Length == 0) continue;
                if (!decimal.TryParse(valueText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                    || !InputLimits.FitsFactTable(value))
                {
                    throw new InputException(name, line, row.Cells[columns[measure]], valueText,
                        $"a figure is a number with '.' as the decimal separator (no thousands separator), below 10^14 either side of zero, with at most {InputLimits.FactDecimals} decimals");
                }
                if (written >= InputLimits.MaxHxlObservations)
                {
                    throw new InputException(name, line, null, null, $"more than {InputLimits.Number(InputLimits.MaxHxlObservations)} figures: split the file");
                }
                var key = string.Join('\u0001', [measure.Name, yearValue.ToString(CultureInfo.InvariantCulture), officeCode, .. members]);
                if (seen.TryGetValue(key, out var earlier))
                {
                    throw new InputException(name, line, row.Cells[columns[measure]], valueText,
                        $"the same figure ({measure.Name}, {yearValue}{string.Concat(members.Where(m => m.Length > 0).Select(m => ", " + m))}) as line {earlier}: Almanac keeps one figure a year (two dates of one year?)");
                }
                seen[key] = line;
                text.Clear();
                text.AppendJoin(',', [Quote(measure.Name), yearValue.ToString(CultureInfo.InvariantCulture), Quote(officeCode), .. members.Select(Quote), value.ToString(CultureInfo.InvariantCulture)]);
                if (text.Length * 4L > InputLimits.MaxObservationLineBytes && Encoding.UTF8.GetByteCount(text.ToString()) > InputLimits.MaxObservationLineBytes)
                {
                    throw new InputException(name, line, null, null, $"the figure of {measure.Name} takes more than the {InputLimits.Number(InputLimits.MaxObservationLineBytes)} bytes an observation may: shorten its members");
                }
                text.Append('\n');
                observations.Write(text);
                sourceLines.Add(line);
                written++;
            }
        }
        if (written == 0) throw new InputException(name, null, null, null, "the file holds no figure: no row gives a number in a measure's column");
        return new HxlCsvContent(row.Line, written, [.. measures.Select(m => m.Name)], sourceLines);
    }

    /// <summary>The year of an ISO 8601 date (a year, a month or a day), or null when it is not one or out of range.</summary>
    private static int? Year(string date) =>
        DateTime.TryParseExact(date, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
        && date.Length is 4 or 7 or 10 && parsed.Year is >= ObservationFile.MinYear and <= ObservationFile.MaxYear
            ? parsed.Year
            : null;

    private static string Describe(HxlEntry entry) => entry.Role switch
    {
        HxlRole.Year => "year (the date column)",
        HxlRole.Office => "office",
        HxlRole.Dimension => $"dimension {entry.Name}",
        _ => $"measure {entry.Name}",
    };

    /// <summary>A cell of the observation file: quoted when it holds a comma or a quote.</summary>
    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
