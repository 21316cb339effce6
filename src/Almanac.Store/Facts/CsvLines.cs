using System.Buffers;
using System.Text;
using System.Text.Unicode;
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
    public string? Next(long line) => Next(line, out var text) ? text.ToString() : null;

    /// <summary>
    /// The next line without its end, as characters valid until the next call (no string made for it); false at the end
    /// of the file. <paramref name="line"/> is its number.
    /// </summary>
    public bool Next(long line, out ReadOnlySpan<char> text)
    {
        try
        {
            return Read(line, out text);
        }
        catch (DecoderFallbackException)
        {
            throw new InputException(name, LineOfInvalidBytes() ?? line, null, null, "not UTF-8 text");
        }
    }

    /// <summary>
    /// The line of a file's first bytes that are not UTF-8, counted from its start, or null when the reader cannot go back
    /// to it: a <see cref="StreamReader"/> decodes whole blocks ahead of the line being read, so the line read when its
    /// decoder fails can be thousands before the one that holds the bytes.
    /// </summary>
    private long? LineOfInvalidBytes()
    {
        if (reader is not StreamReader { BaseStream: { CanSeek: true } stream }) return null;
        stream.Position = 0;
        var bytes = new byte[1 << 16];
        var chars = new char[bytes.Length];
        var (line, kept) = (1L, 0);
        while (true)
        {
            var read = stream.Read(bytes, kept, bytes.Length - kept);
            var held = kept + read;
            var status = Utf8.ToUtf16(bytes.AsSpan(0, held), chars, out var decoded, out _, replaceInvalidSequences: false, isFinalBlock: read == 0);
            line += bytes.AsSpan(0, decoded).Count((byte)'\n');
            if (status == OperationStatus.InvalidData) return line;
            if (read == 0) return null;
            // A character cut by the block's end is decoded with the next block.
            kept = held - decoded;
            bytes.AsSpan(decoded, kept).CopyTo(bytes);
        }
    }

    private bool Read(long line, out ReadOnlySpan<char> text)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf('\n');
            if (newline >= 0 || (_ended && _end > _start))
            {
                var length = newline >= 0 ? newline : _end - _start;
                text = _buffer.AsSpan(_start, length > 0 && _buffer[_start + length - 1] == '\r' ? length - 1 : length);
                _start += newline >= 0 ? newline + 1 : length;
                // A character takes one to four bytes: count them only when the characters alone do not decide.
                if (text.Length * 4L > Max && Encoding.UTF8.GetByteCount(text) > Max) throw TooLong(line);
                return true;
            }
            if (_ended)
            {
                text = default;
                return false;
            }
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
