using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Almanac.Domain;
using Almanac.Domain.Reference;
using Almanac.Domain.Workforce;

namespace Almanac.Ingest.Staff;

/// <summary>
/// Reads a staff list (CSV in UTF-8, or XLSX), one row per staff member, and validates every row against the
/// reference data. Rows are produced lazily so that a million-row list streams; any bad value throws an
/// <see cref="InputException"/> naming the file, line, column and value — the store's transaction then writes nothing.
/// </summary>
public static class StaffListReader
{
    /// <summary>Accepted column headers (compared without case, spaces, underscores or hyphens).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Columns = new Dictionary<string, string[]>
    {
        [StaffColumns.Id] = ["staffid", "id", "pseudonymousid", "personid"],
        [StaffColumns.Nationality] = ["nationality", "countryofnationality", "nationalityiso3"],
        [StaffColumns.Grade] = ["grade"],
        [StaffColumns.Sex] = ["sex", "gender"],
        [StaffColumns.Category] = ["category", "staffcategory"],
        [StaffColumns.DutyStation] = ["dutystation", "dutystationcountry"],
    };

    private static readonly string[] Required = [StaffColumns.Id, StaffColumns.Nationality, StaffColumns.Grade, StaffColumns.Sex];

    /// <summary>Checks the file's encoding and returns its SHA-256, so that the same file imported twice is known.</summary>
    public static async Task<string> ChecksumAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Reads the rows of a staff list; throws <see cref="InputException"/> at the first bad one.</summary>
    public static IEnumerable<(long Line, StaffMember Member)> Read(string path, ReferenceData reference)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path)) throw new InputException(path, null, null, null, "no such file");
        var rows = TabularRows.Read(path, name, sheet: null);
        return Validate(rows, name, reference);
    }

    private static IEnumerable<(long Line, StaffMember Member)> Validate(IEnumerable<(long Line, string[] Cells)> rows, string name, ReferenceData reference)
    {
        Positions? at = null;
        var seen = new IdRegistry();
        // A list repeats a few hundred nationalities and a few dozen grades and codes over its rows: each distinct
        // text is parsed once (the parsers are pure), not once per row.
        var countries = new Memo<Country?>(reference.Resolve);
        var grades = new Memo<Grade?>(Grades.Parse);
        var sexes = new Memo<Sex?>(SexCodes.Parse);
        var categories = new Memo<StaffCategory?>(StaffCategoryCodes.Parse);
        foreach (var (line, cells) in rows)
        {
            if (at is null)
            {
                at = new Positions(HeaderIndex(cells, name, line));
                continue;
            }
            if (IsBlank(cells)) continue;
            string Cell(int i) => i >= 0 && i < cells.Length ? cells[i].Trim() : "";
            InputException Bad(string column, int i, string problem) => new(name, line, column, Cell(i), problem);

            var id = Cell(at.Id);
            if (id.Length == 0) throw Bad(StaffColumns.Id, at.Id, "a staff member needs an id");
            if (!seen.TryAdd(id, line, out var firstLine)) throw Bad(StaffColumns.Id, at.Id, $"duplicate id: already on line {firstLine}");

            var nationality = countries.Get(Cell(at.Nationality))
                ?? throw Bad(StaffColumns.Nationality, at.Nationality, "unknown nationality: give an ISO 3166 code or a country name from the reference list");
            var grade = grades.Get(Cell(at.Grade))
                ?? throw Bad(StaffColumns.Grade, at.Grade, $"unknown grade: expected one of {string.Join(", ", Grades.All.Select(g => g.Code))}");
            var sex = sexes.Get(Cell(at.Sex)) ?? throw Bad(StaffColumns.Sex, at.Sex, "unknown sex: expected F or M");
            StaffCategory? category = null;
            var categoryText = Cell(at.Category);
            if (categoryText.Length > 0)
            {
                category = categories.Get(categoryText)
                    ?? throw Bad(StaffColumns.Category, at.Category, "unknown category: expected GS (General Service / National Officer) or PH (Professional and higher)");
                if (grade.Category is not null && grade.Category != category)
                {
                    throw Bad(StaffColumns.Category, at.Category, $"grade {grade.Code} belongs to category {grade.Category.Value.Code()}");
                }
            }
            category ??= grade.Category ?? throw Bad(StaffColumns.Category, at.Category, "an ungraded staff member needs a category (GS or PH)");
            string? duty = null;
            var dutyText = Cell(at.DutyStation);
            if (dutyText.Length > 0)
            {
                duty = countries.Get(dutyText)?.Iso3 ?? throw Bad(StaffColumns.DutyStation, at.DutyStation, "unknown duty-station country");
            }
            yield return (line, new StaffMember(id, nationality.Iso3, grade, category.Value, sex, duty));
        }
        if (at is null) throw new InputException(name, null, null, null, $"the file is empty: expected a header row with the columns {string.Join(", ", Required)}");
    }

    private static bool IsBlank(string[] cells)
    {
        foreach (var cell in cells)
        {
            if (!string.IsNullOrWhiteSpace(cell)) return false;
        }
        return true;
    }

    /// <summary>Where each logical column is in the file's rows; -1 when the header has no such column.</summary>
    private sealed class Positions(Dictionary<string, int> index)
    {
        public int Id { get; } = index.GetValueOrDefault(StaffColumns.Id, -1);
        public int Nationality { get; } = index.GetValueOrDefault(StaffColumns.Nationality, -1);
        public int Grade { get; } = index.GetValueOrDefault(StaffColumns.Grade, -1);
        public int Sex { get; } = index.GetValueOrDefault(StaffColumns.Sex, -1);
        public int Category { get; } = index.GetValueOrDefault(StaffColumns.Category, -1);
        public int DutyStation { get; } = index.GetValueOrDefault(StaffColumns.DutyStation, -1);
    }

    /// <summary>
    /// The ids seen so far, each with its line. Kept as strings in a dictionary, a million ids are a million
    /// long-lived objects that the garbage collector promotes and traces again and again while the list streams, plus
    /// the dictionary's regrowth: that cost more than the rest of the validation together, and some 70 MB of peak
    /// memory. Here their characters go into large blocks filled in order and the entries into chunks that are never
    /// copied; only the open-addressing table is rebuilt as it grows, and the collector has nothing in it to trace.
    /// The comparison stays exact and ordinal: ASCII ids, nearly all of them, take one byte per character; any other
    /// keeps its UTF-16 code units, so two ids match exactly when they are equal strings.
    /// </summary>
    private sealed class IdRegistry
    {
        private const int BlockSize = 1 << 20;
        private const int ChunkBits = 16;
        private readonly List<byte[]> _blocks = [];
        private readonly List<Entry[]> _chunks = [];
        private int _used = BlockSize;
        private int _count;
        // Each slot: the id's hash in the high half, its entry number + 1 in the low half; 0 is an empty slot. With
        // the hash in the slot, a probe reads an entry only when the hashes match. At most half full.
        private long[] _table = new long[1 << 12];

        /// <summary>Records the id on a line; false, with the line that has it already, when it is a duplicate.</summary>
        public bool TryAdd(string id, long line, out long firstLine)
        {
            var wide = !Ascii.IsValid(id);
            var length = wide ? id.Length * sizeof(char) : id.Length;
            if (length > BlockSize - _used)
            {
                _blocks.Add(new byte[Math.Max(BlockSize, length)]);
                _used = 0;
            }
            var bytes = _blocks[^1].AsSpan(_used, length);
            if (wide) MemoryMarshal.AsBytes(id.AsSpan()).CopyTo(bytes);
            else Ascii.FromUtf16(id, bytes, out _);

            var hash = new HashCode();
            hash.AddBytes(bytes);
            hash.Add(wide);
            var code = hash.ToHashCode();
            var mask = _table.Length - 1;
            var slot = code & mask;
            for (long value; (value = _table[slot]) != 0; slot = (slot + 1) & mask)
            {
                if ((int)(value >> 32) != code) continue;
                ref readonly var other = ref At((int)value - 1);
                if (other.Wide == wide && _blocks[other.Block].AsSpan(other.Offset, other.Length).SequenceEqual(bytes))
                {
                    firstLine = other.Line;
                    return false;
                }
            }

            if ((_count >> ChunkBits) == _chunks.Count) _chunks.Add(new Entry[1 << ChunkBits]);
            At(_count) = new Entry(_blocks.Count - 1, _used, length, wide, line);
            _table[slot] = Slot(code, ++_count);
            _used += length;
            if (_count * 2 > _table.Length) Grow();
            firstLine = line;
            return true;
        }

        private ref Entry At(int entry) => ref _chunks[entry >> ChunkBits][entry & ((1 << ChunkBits) - 1)];

        /// <summary>Doubles the table; the old slots already carry each entry's hash.</summary>
        private void Grow()
        {
            var old = _table;
            _table = new long[old.Length * 2];
            var mask = _table.Length - 1;
            foreach (var value in old)
            {
                if (value == 0) continue;
                var slot = (int)(value >> 32) & mask;
                while (_table[slot] != 0) slot = (slot + 1) & mask;
                _table[slot] = value;
            }
        }

        private static long Slot(int code, int entry) => ((long)code << 32) | (uint)entry;

        private readonly record struct Entry(int Block, int Offset, int Length, bool Wide, long Line);
    }

    /// <summary>Remembers a pure parse per distinct text (up to a bound, so that odd input cannot make it grow without end).</summary>
    private sealed class Memo<T>(Func<string, T> parse)
    {
        private const int Capacity = 4096;
        private readonly Dictionary<string, T> _known = new(StringComparer.Ordinal);

        public T Get(string text)
        {
            if (_known.TryGetValue(text, out var value)) return value;
            value = parse(text);
            if (_known.Count < Capacity) _known[text] = value;
            return value;
        }
    }

    private static Dictionary<string, int> HeaderIndex(string[] header, string name, long line)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            var key = new string([.. header[i].Where(char.IsLetterOrDigit)]).ToLowerInvariant();
            var column = Columns.FirstOrDefault(c => c.Value.Contains(key)).Key;
            if (column is null) continue;
            if (index.ContainsKey(column)) throw new InputException(name, line, header[i], null, $"a second column for '{column}'");
            index[column] = i;
        }
        foreach (var column in Required.Where(c => !index.ContainsKey(c)))
        {
            throw new InputException(name, line, column, null,
                $"missing column '{column}' (the header has: {InputLimits.Quote(string.Join(", ", header.Select(h => h.Trim())))})");
        }
        return index;
    }
}

/// <summary>The logical columns of a staff list.</summary>
public static class StaffColumns
{
    public const string Id = "staff_id";
    public const string Nationality = "nationality";
    public const string Grade = "grade";
    public const string Sex = "sex";
    public const string Category = "category";
    public const string DutyStation = "duty_station";
}
