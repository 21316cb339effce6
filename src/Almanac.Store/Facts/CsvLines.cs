using System.Text;
using Almanac.Domain;

namespace Almanac.Store.Facts;

/// <summary>
/// The lines of a UTF-8 CSV file read one by one (observation files, SDMX-CSV): as <see cref="TextReader.ReadLine"/> reads
/// them, but a line longer than <see cref="InputLimits.MaxObservationLineBytes"/> is refused before more of it is held,
/// and bytes that are not UTF-8 are refused with their line. <paramref name="what"/> names the file's kind in the error.
/// </summary>
public sealed class CsvLines(TextReader reader, string name, string what)
{
    private const int Max = InputLimits.MaxObservationLineBytes;
    // Room for a line at the bound (its characters are at most its bytes) with its "\r\n".
    private readonly char[] _buffer = new char[Max + 2];
    private int _start;
    private int _end;
    private bool _ended;

    /// <summary>The next line without its end, or null at the end of the file; <paramref name="line"/> is its number.</summary>
    public string? Next(long line)
    {
        try
        {
            return Read(line);
        }
        catch (DecoderFallbackException)
        {
            throw new InputException(name, line, null, null, "not UTF-8 text");
        }
    }

    private string? Read(long line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf('\n');
            if (newline >= 0 || (_ended && _end > _start))
            {
                var length = newline >= 0 ? newline : _end - _start;
                var text = new string(_buffer, _start, length > 0 && _buffer[_start + length - 1] == '\r' ? length - 1 : length);
                _start += newline >= 0 ? newline + 1 : length;
                // A character takes one to four bytes: count them only when the characters alone do not decide.
                if (text.Length * 4L > Max && Encoding.UTF8.GetByteCount(text) > Max) throw TooLong(line);
                return text;
            }
            if (_ended) return null;
            if (_end - _start > Max + 1) throw TooLong(line);
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
            var read = reader.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) _ended = true;
            _end += read;
        }
    }

    private InputException TooLong(long line) =>
        new(name, line, null, null, $"the line is longer than the {InputLimits.Number(Max)} bytes a line of {what} may have");

    /// <summary>Splits a CSV line on commas; a quoted cell may hold commas and doubled quotes, and closes on its line.</summary>
    public static List<string> Split(string line, string name, long lineNumber)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') cell.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else if (c != '\r' || i != line.Length - 1) cell.Append(c);
        }
        if (quoted) throw new InputException(name, lineNumber, null, null, "a quoted cell is not closed on its line");
        cells.Add(cell.ToString());
        return cells;
    }
}
