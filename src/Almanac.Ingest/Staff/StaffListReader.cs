using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using Almanac.Domain;
using Almanac.Domain.Reference;
using Almanac.Domain.Workforce;
using CsvHelper;
using CsvHelper.Configuration;

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
        var rows = Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase)
            ? XlsxRows.Read(path, name)
            : CsvRows(path, name);
        return Validate(rows, name, reference);
    }

    private static IEnumerable<(long Line, StaffMember Member)> Validate(IEnumerable<(long Line, string[] Cells)> rows, string name, ReferenceData reference)
    {
        Dictionary<string, int>? index = null;
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (line, cells) in rows)
        {
            if (index is null)
            {
                index = HeaderIndex(cells, name, line);
                continue;
            }
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            string Cell(string column) => index.TryGetValue(column, out var i) && i < cells.Length ? cells[i].Trim() : "";
            InputException Bad(string column, string problem) => new(name, line, column, Cell(column), problem);

            var id = Cell(StaffColumns.Id);
            if (id.Length == 0) throw Bad(StaffColumns.Id, "a staff member needs an id");
            if (seen.TryGetValue(id, out var firstLine)) throw Bad(StaffColumns.Id, $"duplicate id: already on line {firstLine}");
            seen[id] = line;

            var nationality = reference.Resolve(Cell(StaffColumns.Nationality))
                ?? throw Bad(StaffColumns.Nationality, "unknown nationality: give an ISO 3166 code or a country name from the reference list");
            var grade = Grades.Parse(Cell(StaffColumns.Grade))
                ?? throw Bad(StaffColumns.Grade, $"unknown grade: expected one of {string.Join(", ", Grades.All.Select(g => g.Code))}");
            var sex = SexCodes.Parse(Cell(StaffColumns.Sex)) ?? throw Bad(StaffColumns.Sex, "unknown sex: expected F or M");
            StaffCategory? category = null;
            if (Cell(StaffColumns.Category).Length > 0)
            {
                category = StaffCategoryCodes.Parse(Cell(StaffColumns.Category))
                    ?? throw Bad(StaffColumns.Category, "unknown category: expected GS (General Service / National Officer) or PH (Professional and higher)");
                if (grade.Category is not null && grade.Category != category)
                {
                    throw Bad(StaffColumns.Category, $"grade {grade.Code} belongs to category {grade.Category.Value.Code()}");
                }
            }
            category ??= grade.Category ?? throw Bad(StaffColumns.Category, "an ungraded staff member needs a category (GS or PH)");
            string? duty = null;
            if (Cell(StaffColumns.DutyStation).Length > 0)
            {
                duty = reference.Resolve(Cell(StaffColumns.DutyStation))?.Iso3
                    ?? throw Bad(StaffColumns.DutyStation, "unknown duty-station country");
            }
            yield return (line, new StaffMember(id, nationality.Iso3, grade, category.Value, sex, duty));
        }
        if (index is null) throw new InputException(name, null, null, null, $"the file is empty: expected a header row with the columns {string.Join(", ", Required)}");
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
                $"missing column '{column}' (the header has: {string.Join(", ", header.Select(h => h.Trim()))})");
        }
        return index;
    }

    private static IEnumerable<(long Line, string[] Cells)> CsvRows(string path, string name)
    {
        CheckUtf8(path, name);
        using var reader = new StreamReader(path, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: false);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            BadDataFound = args => throw new InputException(name, args.Context.Parser?.RawRow, null, args.Field, "malformed CSV (a stray quote?)"),
        };
        using var parser = new CsvParser(reader, config);
        while (parser.Read())
        {
            yield return (parser.RawRow, parser.Record ?? []);
        }
    }

    /// <summary>Fails with the line of the first byte sequence that is not UTF-8 (a Latin-1 export, say).</summary>
    private static void CheckUtf8(string path, string name)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[1 << 16];
        var chars = new char[buffer.Length];
        long line = 1;
        var carried = 0;
        int read;
        var first = true;
        ReadOnlySpan<byte> utf16Le = [0xFF, 0xFE];
        ReadOnlySpan<byte> utf16Be = [0xFE, 0xFF];
        while ((read = stream.Read(buffer, carried, buffer.Length - carried)) > 0 || carried > 0)
        {
            var length = carried + read;
            var data = buffer.AsSpan(0, length);
            if (first)
            {
                first = false;
                if (!data.StartsWith("\uFEFF"u8) && (data.StartsWith(utf16Le) || data.StartsWith(utf16Be)))
                {
                    throw new InputException(name, 1, null, null, "the file is UTF-16: save it as CSV UTF-8");
                }
            }
            var status = Utf8.ToUtf16(data, chars, out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: read == 0);
            line += data[..consumed].Count((byte)'\n');
            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                throw new InputException(name, line, null, $"0x{data[consumed]:X2}", "the file is not UTF-8 (is it Latin-1 or Windows-1252?): save it as CSV UTF-8");
            }
            carried = length - consumed;
            data[consumed..].CopyTo(buffer);
            if (read == 0) break;
        }
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