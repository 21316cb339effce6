using System.Text;
using CsCheck;

namespace Almanac.Fuzz;

/// <summary>What one mutation does to a seed file.</summary>
public enum MutationKind
{
    FlipBit,
    DeleteLine,
    DuplicateLine,
    SwapLines,
    ReplaceField,
    InsertHostileLine,
    RepeatLine,
    DeleteLines,
    Truncate,
    InsertHostileText,
}

/// <summary>One mutation: its kind and its arguments (positions taken modulo the size of what they index).</summary>
public sealed record Mutation(MutationKind Kind, int A, int B, int Value)
{
    public override string ToString() => $"{Kind}({A},{B},{Value})";
}

/// <summary>
/// A fuzz case: a seed file (by index) and the mutations applied to it in order, or fully random bytes; Flag is a
/// coin the target may use (e.g. <c>--replace</c>). CsCheck shrinks it towards fewer mutations, smaller arguments and
/// fewer random bytes.
/// </summary>
public sealed record FuzzCase(int Seed, Mutation[] Mutations, byte[]? Random, bool Flag)
{
    public override string ToString() => Random is null
        ? $"seed {Seed}, flag {Flag}, [{string.Join(", ", Mutations.Select(m => m.ToString()))}]"
        : $"random {Random.Length} bytes, flag {Flag}";
}

/// <summary>How a file's lines split into fields, for <see cref="MutationKind.ReplaceField"/>.</summary>
public enum FieldStyle
{
    /// <summary>Comma-separated cells.</summary>
    Csv,
    /// <summary>The value after "key: " or "- ".</summary>
    Yaml,
    /// <summary>Space-separated tokens (report text).</summary>
    Words,
    /// <summary>XML text content and attribute values.</summary>
    Xml,
}

/// <summary>Generators of fuzz cases and the mutations they describe, applied byte-exactly (text is handled as Latin-1).</summary>
public static class Mutations
{
    /// <summary>Values that break importers: huge and odd numbers, long strings, formulas, control characters, quotes.</summary>
    public static readonly string[] Hostile =
    [
        "", " ", "0", "-1", "-0", "1e400", "NaN", "Infinity", "99999999999999999999999999999", "79228162514264337593543950335",
        "79228162514264337593543950336", "2147483648", "-2147483649", "9223372036854775808", "100000000000000", "99999999999999.99995",
        "1.00000000000000000000001", "0x7fffffff", "1,000", "1 000", "12%", "(12)", "１２", "٣", "½", "∞",
        new string('A', 100), new string('x', 40_000), new string('9', 5_000),
        "=cmd|' /C calc'!A0", "+1+1", "@SUM(1)", "-2+3", "\t=1", "\r=1",
        "\0", "\u0001\u001f\u007f", "\r", "\n", "\r\n", "\u2028", "\uFEFF", "\uFFFD", "\uD83D\uDE00", "é", "I\u0307",
        "\"", "\"\"\"", "a\"b", "\"a,b\"", "'", "`", ",", ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,", ";", "\\", "%", "{", "}", "[", "]",
        "null", "~", "true", "yes", "no", "on", "NO", "<script>", "&amp;", "&#0;", "]]>", "<![CDATA[x]]>",
    ];

    /// <summary>YAML-specific hostility: anchors, aliases, tags, merge keys, deep nesting, documents, directives.</summary>
    public static readonly string[] HostileYaml =
    [
        "&a x", "*a", "*undefined", "&a [*a, *a]", "!!binary AAAA", "!!python/object:os.system", "!<tag:x> y", "!!int 9999999999999999999999",
        "<<: *a", "{a: 1, a: 2}", "[" + new string('[', 200) + new string(']', 200) + "]", string.Concat(Enumerable.Repeat("{a: ", 100)) + "1" + new string('}', 100),
        "---", "...", "%YAML 1.1", "%TAG ! tag:x,", "? complex key", "|", ">", "|-\n  x", "'unterminated", "\"unterminated", "\t", "- - - - -",
        "key: value: other", "@reserved", "%", "!", "&", "*", "0o17", "0b101", ".inf", "-.nan", "2001-12-14t21:59:43.10-05:00",
    ];

    /// <summary>Lines of YAML that build an alias bomb when inserted at the top level.</summary>
    public static readonly string[] YamlBombLines =
    [
        "a: &a [x, x, x, x, x, x, x, x, x, x]",
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
        "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
    ];

    /// <summary>XML-specific hostility: DTDs and entities, cell references past the grid, odd cell types.</summary>
    public static readonly string[] HostileXml =
    [
        "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>", "<!DOCTYPE x SYSTEM \"file:///etc/passwd\">",
        "&b;", "&xxe;", "AAAAAA1", "XFD1048577", "A0", "A99999999999", "ZZZZZZZZZZZZZZZZZZ1", "A-1", "1A", "$A$1",
        "s", "n", "b", "e", "str", "inlineStr", "d", "999999", "-1", "<c r=\"A1\" t=\"s\"><v>999999</v></c>", "<v>", "</row>",
        "<row r=\"1048577\"><c r=\"A1\"><v>1</v></c></row>", "<row r=\"0\"/>", "<row>" + string.Concat(Enumerable.Repeat("<c><v>1</v></c>", 2000)) + "</row>",
        "<?xml version=\"1.1\"?>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "<x xmlns:r=\"bad\"/>", "<!-- -->", "<?pi?>", "<![CDATA[" + new string('x', 40_000) + "]]>",
        new string('x', 40_000),
    ];

    /// <summary>A fuzz case over <paramref name="seeds"/> seed files: mostly mutations of one, sometimes random bytes.</summary>
    public static Gen<FuzzCase> Cases(int seeds, int maxMutations = 8, int maxRandomBytes = 4096)
    {
        var mutation = Gen.Select(Gen.Enum<MutationKind>(), Gen.Int[0, 1 << 30], Gen.Int[0, 1 << 30], Gen.Int[0, 1 << 16],
            (kind, a, b, value) => new Mutation(kind, a, b, value));
        var mutated = Gen.Select(Gen.Int[0, seeds - 1], mutation.Array[0, maxMutations], Gen.Bool,
            (seed, list, flag) => new FuzzCase(seed, list, null, flag));
        var text = Gen.Char.Array[0, maxRandomBytes].Select(chars => Encoding.UTF8.GetBytes(chars));
        var random = Gen.Select(Gen.OneOf(Gen.Byte.Array[0, maxRandomBytes], text), Gen.Bool, (bytes, flag) => new FuzzCase(0, [], bytes, flag));
        return Gen.Frequency((9, mutated), (1, random));
    }

    /// <summary>Applies the case's mutations to its seed; random cases are their bytes.</summary>
    public static byte[] Apply(FuzzCase c, IReadOnlyList<byte[]> seeds, FieldStyle style)
    {
        if (c.Random is not null) return c.Random;
        var text = Encoding.Latin1.GetString(seeds[c.Seed % seeds.Count]);
        foreach (var m in c.Mutations) text = Apply(m, text, style);
        return Encoding.Latin1.GetBytes(text);
    }

    /// <summary>A hostile value as Latin-1 text of its UTF-8 bytes (so that it can be spliced into a byte-exact file).</summary>
    private static string Latin1(string value) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(value));

    private static string HostileFor(FieldStyle style, int value)
    {
        var extra = style switch { FieldStyle.Yaml => HostileYaml, FieldStyle.Xml => HostileXml, _ => [] };
        var all = value % 3 == 0 && extra.Length > 0 ? extra : Hostile;
        return Latin1(all[value / 3 % all.Length]);
    }

    public static string Apply(Mutation m, string text, FieldStyle style)
    {
        if (m.Kind == MutationKind.FlipBit)
        {
            if (text.Length == 0) return text;
            var chars = text.ToCharArray();
            var at = m.A % chars.Length;
            chars[at] = (char)((chars[at] ^ (1 << (m.B % 8))) & 0xFF);
            return new string(chars);
        }
        if (m.Kind == MutationKind.Truncate) return text.Length == 0 ? text : text[..(m.A % text.Length)];
        if (m.Kind == MutationKind.InsertHostileText)
        {
            var at = text.Length == 0 ? 0 : m.A % (text.Length + 1);
            return text[..at] + HostileFor(style, m.Value) + text[at..];
        }
        var lines = text.Split('\n').ToList();
        var i = m.A % lines.Count;
        var j = m.B % lines.Count;
        switch (m.Kind)
        {
            case MutationKind.DeleteLine:
                lines.RemoveAt(i);
                break;
            case MutationKind.DuplicateLine:
                lines.Insert(i, lines[i]);
                break;
            case MutationKind.SwapLines:
                (lines[i], lines[j]) = (lines[j], lines[i]);
                break;
            case MutationKind.RepeatLine:
                lines.InsertRange(i, Enumerable.Repeat(lines[i], 1 + m.Value % 2000));
                break;
            case MutationKind.DeleteLines:
                lines.RemoveRange(i, Math.Min(lines.Count - i, 1 + m.B % 64));
                break;
            case MutationKind.InsertHostileLine:
                lines.Insert(i, style == FieldStyle.Yaml && m.Value % 4 == 0
                    ? string.Join('\n', YamlBombLines.Take(1 + m.B % YamlBombLines.Length))
                    : HostileFor(style, m.Value));
                break;
            case MutationKind.ReplaceField:
                lines[i] = ReplaceField(lines[i], m.B, HostileFor(style, m.Value), style);
                break;
        }
        return string.Join('\n', lines);
    }

    private static string ReplaceField(string line, int which, string value, FieldStyle style)
    {
        switch (style)
        {
            case FieldStyle.Csv:
                {
                    var cells = line.Split(',');
                    cells[which % cells.Length] = value;
                    return string.Join(',', cells);
                }
            case FieldStyle.Yaml:
                {
                    var colon = line.IndexOf(": ", StringComparison.Ordinal);
                    if (colon >= 0) return line[..(colon + 2)] + value;
                    var dash = line.IndexOf("- ", StringComparison.Ordinal);
                    return dash >= 0 ? line[..(dash + 2)] + value : line + value;
                }
            case FieldStyle.Words:
                {
                    var words = line.Split(' ');
                    var nonEmpty = Enumerable.Range(0, words.Length).Where(k => words[k].Length > 0).ToList();
                    if (nonEmpty.Count == 0) return value;
                    words[nonEmpty[which % nonEmpty.Count]] = value;
                    return string.Join(' ', words);
                }
            default:
                {
                    // The which-th text content (between '>' and '<') or attribute value (between quotes).
                    var spans = new List<(int Start, int End)>();
                    for (var k = 0; k < line.Length; k++)
                    {
                        var close = line[k] switch { '>' => '<', '"' => '"', _ => '\0' };
                        if (close == '\0') continue;
                        var end = line.IndexOf(close, k + 1);
                        if (end < 0) break;
                        if (line[k] == '>' || end > k + 1) spans.Add((k + 1, end));
                        if (line[k] == '"') k = end;
                    }
                    if (spans.Count == 0) return line + value;
                    var (start, stop) = spans[which % spans.Count];
                    return line[..start] + value + line[stop..];
                }
        }
    }
}
