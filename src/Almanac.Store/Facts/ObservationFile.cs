using System.Globalization;
using System.Text;
using Almanac.Domain;

namespace Almanac.Store.Facts;

/// <summary>The columns of a long observation file: measure, year, office, the dimensions in file order, value.</summary>
public sealed record ObservationHeader(IReadOnlyList<string> Dimensions);

/// <summary>One line of an observation file, checked: a null office or member is a declared total over it.</summary>
internal sealed record ObservationLine(long Line, string Measure, int Year, string? Office, string?[] Members, decimal Value);

/// <summary>
/// Reads a long observation file (UTF-8 CSV with a header row <c>measure,year,office,&lt;dimension…&gt;,value</c>; an
/// empty dimension or office cell is the total over it; values with '.' as the decimal separator). Neither engine loads
/// through it: DuckDB parses the file itself, PostgreSQL's load reads it with <see cref="ObservationScanner"/> (which
/// accepts the same lines); this reader says where a file either refused went wrong, so both report the same file,
/// line, column and value.
/// </summary>
public static class ObservationFile
{
    public const int MinYear = 1900;
    public const int MaxYear = 2200;
    private static readonly string[] Reserved = ["measure", "year", "office", "value", "source_id", "measure_id"];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads and checks the header row; <paramref name="name"/> is the file name errors give.</summary>
    public static ObservationHeader ReadHeader(string path, string name)
    {
        string? first;
        using (var reader = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: true))
        {
            first = new CsvLines(reader, name, "an observation file").Next(1);
        }
        if (string.IsNullOrWhiteSpace(first)) throw new InputException(name, 1, null, null, "empty file: the first line is the header measure,year,office,<dimensions…>,value");
        var columns = CsvLines.Split(first, name, 1).Select(c => c.Trim()).ToArray();
        if (columns.Length < 4 || columns[0] != "measure" || columns[1] != "year" || columns[2] != "office" || columns[^1] != "value")
        {
            throw new InputException(name, 1, null, first, "the header is measure,year,office,<dimension…>,value");
        }
        var dimensions = columns[3..^1];
        if (dimensions.Length > FactColumns.Slots)
        {
            throw new InputException(name, 1, dimensions[FactColumns.Slots], null, $"at most {FactColumns.Slots} dimension columns besides office and year");
        }
        foreach (var dimension in dimensions)
        {
            if (dimension.Length == 0 || !char.IsAsciiLetterLower(dimension[0]) || !dimension.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                throw new InputException(name, 1, dimension, null, "a dimension name is lower-case letters, digits and '_'");
            }
            if (Reserved.Contains(dimension) || dimensions.Count(d => d == dimension) > 1)
            {
                throw new InputException(name, 1, dimension, null, "a dimension column appears once and is not measure, year, office or value");
            }
        }
        return new ObservationHeader(dimensions);
    }

    /// <summary>
    /// Whether a cell, once its spaces are trimmed, still begins or ends with white space (a tab, a no-break space): cells
    /// are trimmed of spaces only, as both engines trim them, so such a cell is refused rather than read two ways.
    /// </summary>
    internal static bool IsPaddedOtherThanBySpaces(ReadOnlySpan<char> cell)
    {
        var trimmed = cell.Trim(' ');
        return !trimmed.IsEmpty && (char.IsWhiteSpace(trimmed[0]) || char.IsWhiteSpace(trimmed[^1]));
    }

    /// <summary>
    /// The lines of the file after the header, each checked; the first bad one throws an <see cref="InputException"/>.
    /// <paramref name="memberProblem"/> says why a member is refused in a dimension ("office" included), or null.
    /// </summary>
    internal static IEnumerable<ObservationLine> Read(string path, string name, ObservationHeader header, Func<string, string, string?> memberProblem)
    {
        using var reader = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: true);
        var lines = new CsvLines(reader, name, "an observation file");
        var lineNumber = 1L;
        lines.Next(1);
        var width = header.Dimensions.Count + 4;
        while (true)
        {
            var text = lines.Next(lineNumber + 1);
            if (text is null) yield break;
            lineNumber++;
            if (text.Length == 0) continue;
            var cells = CsvLines.Split(text, name, lineNumber);
            if (cells.Count != width) throw new InputException(name, lineNumber, null, null, $"{cells.Count} cells where the header has {width}");
            for (var i = 0; i < width; i++)
            {
                if (IsPaddedOtherThanBySpaces(cells[i]))
                {
                    var column = i switch { 0 => "measure", 1 => "year", 2 => "office", _ when i == width - 1 => "value", _ => header.Dimensions[i - 3] };
                    throw new InputException(name, lineNumber, column, cells[i], "a cell may be padded with spaces, not with tabs or other white space");
                }
            }
            var measure = cells[0].Trim(' ');
            if (measure.Length == 0) throw new InputException(name, lineNumber, "measure", "", "every line names its measure");
            if (!int.TryParse(cells[1].Trim(' '), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < MinYear or > MaxYear)
            {
                throw new InputException(name, lineNumber, "year", cells[1], $"a year is a whole number from {MinYear} to {MaxYear}");
            }
            var office = Member(cells[2], "office", lineNumber);
            var members = new string?[header.Dimensions.Count];
            for (var i = 0; i < members.Length; i++) members[i] = Member(cells[i + 3], header.Dimensions[i], lineNumber);
            if (!decimal.TryParse(cells[^1].Trim(' '), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                || Math.Abs(value) >= InputLimits.FactValueLimit)
            {
                throw new InputException(name, lineNumber, "value", cells[^1], "a value is a number with '.' as the decimal separator (no thousands separator), below 10^14");
            }
            yield return new ObservationLine(lineNumber, measure, year, office, members, value);
        }

        string? Member(string cell, string dimension, long line)
        {
            var member = cell.Trim(' ');
            if (member.Length == 0) return null;
            if (memberProblem(dimension, member) is { } problem) throw new InputException(name, line, dimension, member, problem);
            return member;
        }
    }
}
