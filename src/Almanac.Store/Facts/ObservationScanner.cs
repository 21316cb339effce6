using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Almanac.Domain;

namespace Almanac.Store.Facts;

/// <summary>
/// Reads an observation file as <see cref="ObservationFile.Read"/> does, for an engine that encodes files in .NET, without
/// a string per cell: each measure and member is looked up by its characters among the names met so far and given a number
/// (1, 2, … in order of first appearance; 0 for an empty cell, a declared total). It accepts exactly the lines
/// <see cref="ObservationFile.Read"/> accepts and stops at the first one it would refuse, which that reader then names.
/// </summary>
internal sealed class ObservationScanner
{
    /// <summary>A line read: its measure's number, its year, each column's member number (office first), its value.</summary>
    public delegate void LineAction(int measure, int year, ReadOnlySpan<int> members, decimal value);

    /// <summary>
    /// The most characters a value cell may have and still be below <see cref="InputLimits.FactValueLimit"/> whatever it
    /// spells (one fewer than the limit's digits): only a longer cell is compared with the limit.
    /// </summary>
    private static readonly int ShortValueCell = decimal.Truncate(InputLimits.FactValueLimit).ToString(CultureInfo.InvariantCulture).Length - 1;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly string _name;
    private readonly Func<string, string, string?> _memberProblem;
    private readonly Names _measures = new();
    private readonly Names[] _members;

    /// <param name="name">The file's name in errors.</param>
    /// <param name="header">The file's header, read by <see cref="ObservationFile.ReadHeader"/>.</param>
    /// <param name="memberProblem">Why a member is refused in a column ("office" included), or null.</param>
    public ObservationScanner(string name, ObservationHeader header, Func<string, string, string?> memberProblem)
    {
        _name = name;
        _memberProblem = memberProblem;
        Columns = ["office", .. header.Dimensions];
        _members = [.. Columns.Select(_ => new Names())];
    }

    /// <summary>The member columns: office, then the header's dimensions.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The measures met so far; measure number n is at n − 1.</summary>
    public IReadOnlyList<string> Measures => _measures.List;

    /// <summary>The members of a column met so far; member number n is at n − 1.</summary>
    public IReadOnlyList<string> MembersOf(int column) => _members[column].List;

    /// <summary>How many measures and members the reading has met so far, all columns together: what tells a caller that a line brought a new name.</summary>
    public int NamesMet { get; private set; }

    /// <summary>
    /// Opens a part of the file (<see cref="FilePart.Split"/>; the whole file is one part from 0 to its length): the first
    /// part is read after the header, a later one from its first byte. Line numbers count from the part's start.
    /// </summary>
    public Cursor Open(string path, FilePart part) => new(this, path, part);

    /// <summary>A reading of the file, line after line, in as many calls of <see cref="Read"/> as the caller likes.</summary>
    public sealed class Cursor : IDisposable
    {
        private readonly ObservationScanner _scanner;
        private readonly StreamReader _reader;
        private readonly CsvLines _lines;
        private long _line = 1;

        internal Cursor(ObservationScanner scanner, string path, FilePart part)
        {
            _scanner = scanner;
            _reader = new StreamReader(part.Open(path), StrictUtf8, detectEncodingFromByteOrderMarks: part.Start == 0);
            _lines = new CsvLines(_reader, scanner._name, "an observation file");
            if (part.Start == 0) _lines.Next(1);
            else _line = 0;
        }

        /// <summary>
        /// Reads at most <paramref name="count"/> lines that hold an observation. Returns whether the file has more;
        /// <paramref name="refused"/> is the number of a line <see cref="ObservationFile.Read"/> refuses (nothing after it is read).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool Read(long count, LineAction action, out long? refused)
        {
            var width = _scanner.Columns.Count + 3;
            Span<Range> ranges = stackalloc Range[width + 1];
            Span<int> members = stackalloc int[_scanner.Columns.Count];
            refused = null;
            for (long read = 0; read < count;)
            {
                if (!_lines.Next(_line + 1, out var text)) return false;
                _line++;
                if (text.Length == 0) continue;
                if (!_scanner.Line(text, _line, ranges, members, action))
                {
                    refused = _line;
                    return false;
                }
                read++;
            }
            return true;
        }

        public void Dispose() => _reader.Dispose();
    }

    // Compiled optimized from the first line (as Cursor.Read and the file load's line action): a load is one long loop
    // run once, and the tiers it went through before (instrumented code calling the runtime's profiling helpers, then
    // rejitted mid-file) took about a tenth of the reading threads' time (bench/RESULTS.md, 2026-12-06 late morning).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Line(ReadOnlySpan<char> text, long number, Span<Range> ranges, Span<int> members, LineAction action)
    {
        // A quote or a carriage return inside the line: the cells as ObservationFile splits them (rare; a string per cell).
        var quoted = text.ContainsAny('"', '\r') ? CsvLines.Split(text.ToString(), _name, number) : null;
        var cells = new Cells(text, ranges, quoted);
        if (cells.Count != ranges.Length - 1) return false;
        if (!TryTrim(cells[0], out var measure) || measure.IsEmpty) return false;
        if (!TryTrim(cells[1], out var yearCell) || !TryParseYear(yearCell, out var year)) return false;
        for (var i = 0; i < members.Length; i++)
        {
            if (!TryTrim(cells[i + 2], out var member)) return false;
            if (member.IsEmpty) members[i] = 0;
            else if (!_members[i].TryGet(member, out members[i]))
            {
                var name = member.ToString();
                if (_memberProblem(Columns[i], name) is not null) return false;
                members[i] = _members[i].Add(name);
                NamesMet++;
            }
        }
        if (!TryTrim(cells[^1], out var valueCell) || !TryParseValue(valueCell, out var value)
            || (valueCell.Length > ShortValueCell && Math.Abs(value) >= InputLimits.FactValueLimit))
        {
            return false;
        }
        if (!_measures.TryGet(measure, out var measureNumber))
        {
            measureNumber = _measures.Add(measure.ToString());
            NamesMet++;
        }
        action(measureNumber, year, members, value);
        return true;
    }

    /// <summary>
    /// A cell trimmed of its spaces, as <see cref="ObservationFile.Read"/> trims it; false for a cell it refuses as padded
    /// with other white space (<see cref="ObservationFile.IsPaddedOtherThanBySpaces"/>). A cell that begins and ends with
    /// a printable ASCII character other than a space, the common one, is taken as it is.
    /// </summary>
    private static bool TryTrim(ReadOnlySpan<char> cell, out ReadOnlySpan<char> trimmed)
    {
        if (!cell.IsEmpty && cell[0] is > ' ' and < '\x7f' && cell[^1] is > ' ' and < '\x7f')
        {
            trimmed = cell;
            return true;
        }
        trimmed = cell.Trim(' ');
        return !ObservationFile.IsPaddedOtherThanBySpaces(cell);
    }

    /// <summary>A year cell as <see cref="ObservationFile.Read"/> reads it (digits only, within its bounds), four digits read without the general parse.</summary>
    private static bool TryParseYear(ReadOnlySpan<char> cell, out int year)
    {
        if (cell.Length == 4 && !cell.ContainsAnyExceptInRange('0', '9'))
        {
            year = (cell[0] - '0') * 1000 + (cell[1] - '0') * 100 + (cell[2] - '0') * 10 + (cell[3] - '0');
        }
        else if (!int.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out year))
        {
            return false;
        }
        return year is >= ObservationFile.MinYear and <= ObservationFile.MaxYear;
    }

    /// <summary>
    /// A value cell as <see cref="ObservationFile.Read"/> reads it (<c>decimal.TryParse</c>, a sign and a decimal point
    /// allowed), the same decimal to the scale, with the common cell — digits, at most one point with digits either side —
    /// read without the general parse, which took a twelfth of the reading's time.
    /// </summary>
    internal static bool TryParseValue(ReadOnlySpan<char> cell, out decimal value)
    {
        var point = cell.IndexOf('.');
        var whole = point < 0 ? cell : cell[..point];
        var fraction = point < 0 ? [] : cell[(point + 1)..];
        // At most 18 characters: fewer than 10^18, which a ulong holds.
        if (cell.Length <= 18 && !whole.IsEmpty && (point < 0 || !fraction.IsEmpty)
            && !whole.ContainsAnyExceptInRange('0', '9') && !fraction.ContainsAnyExceptInRange('0', '9'))
        {
            ulong digits = 0;
            foreach (var c in cell)
            {
                if (c != '.') digits = digits * 10 + (uint)(c - '0');
            }
            value = new decimal((int)(uint)digits, (int)(uint)(digits >> 32), 0, isNegative: false, (byte)fraction.Length);
            return true;
        }
        return decimal.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The cells of a line: ranges of it split on commas, or the strings a quoted line was split into.</summary>
    private readonly ref struct Cells
    {
        private readonly ReadOnlySpan<char> _line;
        private readonly ReadOnlySpan<Range> _ranges;
        private readonly List<string>? _split;

        public Cells(ReadOnlySpan<char> line, Span<Range> ranges, List<string>? split)
        {
            _line = line;
            _split = split;
            // One range more than the header's cells: a line with more commas shows as a count past the width. Split as
            // MemoryExtensions.Split splits, the last range holding the rest, by one look at each character: its search for
            // each comma anew cost a fifth of the reading on lines of eight short cells.
            if (split is null)
            {
                var (count, start) = (0, 0);
                for (var i = 0; i < line.Length && count < ranges.Length - 1; i++)
                {
                    if (line[i] == ',') (ranges[count++], start) = (start..i, i + 1);
                }
                ranges[count++] = start..line.Length;
                Count = count;
            }
            else Count = split.Count;
            _ranges = ranges;
        }

        public int Count { get; }

        public ReadOnlySpan<char> this[int index] => _split is null ? _line[_ranges[index]] : _split[index];

        public ReadOnlySpan<char> this[Index index] => this[index.GetOffset(Count)];
    }

    /// <summary>
    /// Names numbered 1, 2, … as they are met, found again by their characters without a string; the name found last is
    /// compared first, as files mostly repeat a measure or office for many lines.
    /// </summary>
    /// <remarks>
    /// A name of at most eight ASCII characters — codes such as "M01", "F", "G-1" or "ABW", most of a file's cells — is
    /// looked up by its characters packed into one number, not hashed and compared as text: the look-up of names was a
    /// quarter of the reading alone (bench/RESULTS.md, 2026-12-06 late morning).
    /// </remarks>
    private sealed class Names
    {
        private const int PackedLength = sizeof(ulong);
        private readonly Dictionary<ulong, int> _packed = [];
        private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private int _lastNumber;

        public Names() => _lookup = _numbers.GetAlternateLookup<ReadOnlySpan<char>>();

        public List<string> List { get; } = [];

        public bool TryGet(ReadOnlySpan<char> name, out int number)
        {
            // The last name by its number alone: keeping the string as well cost a write barrier a cell.
            if (_lastNumber != 0 && name.SequenceEqual(List[_lastNumber - 1]))
            {
                number = _lastNumber;
                return true;
            }
            if (!(TryPack(name, out var packed) ? _packed.TryGetValue(packed, out number) : _lookup.TryGetValue(name, out number))) return false;
            _lastNumber = number;
            return true;
        }

        public int Add(string name)
        {
            List.Add(name);
            if (TryPack(name, out var packed)) _packed[packed] = List.Count;
            else _numbers[name] = List.Count;
            return List.Count;
        }

        /// <summary>
        /// A name of one to eight characters from U+0001 to U+007F as one number, a byte a character: no character is 0,
        /// so names of different lengths never pack alike.
        /// </summary>
        private static bool TryPack(ReadOnlySpan<char> name, out ulong packed)
        {
            packed = 0;
            if (name.IsEmpty || name.Length > PackedLength) return false;
            for (var i = 0; i < name.Length; i++)
            {
                if (name[i] - 1u > 0x7Eu) return false;
                packed |= (ulong)name[i] << (8 * i);
            }
            return true;
        }
    }
}
