using System.Text;
using System.Text.RegularExpressions;
using Almanac.Domain;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Almanac.Ingest;

/// <summary>
/// The one way Almanac reads YAML (questionnaires, frameworks, report definitions, rule files): YamlDotNet's parser reads
/// the file once into events, which are counted against the bounds of <see cref="InputLimits"/> — size, nesting, aliases
/// and nodes once aliases are expanded — before anything is built from them. A file past a bound, or not valid YAML, is an
/// <see cref="InputException"/> naming the file, the line and the bound; no message names a .NET type.
/// </summary>
public static partial class BoundedYaml
{
    /// <summary>The root mapping of a file that must be one YAML mapping; <paramref name="shape"/> says what the file should be.</summary>
    public static YamlMappingNode Root(string file, string text, string shape)
    {
        var stream = new YamlStream();
        var parser = Parse(file, text);
        Translate(file, () => stream.Load(parser));
        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new InputException(file, 1, null, null, shape);
    }

    /// <summary>The file as <typeparamref name="T"/>, filled by <paramref name="deserializer"/>; an empty file is a new <typeparamref name="T"/>.</summary>
    public static T Deserialize<T>(IDeserializer deserializer, string file, string text) where T : new()
    {
        ArgumentNullException.ThrowIfNull(deserializer);
        var events = Events(file, text);
        RefuseEmptyEntries(file, events);
        return Translate(file, () => deserializer.Deserialize<T>(new Replay(events))) ?? new T();
    }

    /// <summary>
    /// The file as <typeparamref name="T"/>, as <see cref="Deserialize{T}"/> reads it, with the line of each of its values
    /// (<see cref="YamlLines"/>), so that a problem found in what was read is said on its line.
    /// </summary>
    public static (T Value, YamlLines Lines) DeserializeWithLines<T>(IDeserializer deserializer, string file, string text) where T : new()
    {
        ArgumentNullException.ThrowIfNull(deserializer);
        var events = Events(file, text);
        RefuseEmptyEntries(file, events);
        return (Translate(file, () => deserializer.Deserialize<T>(new Replay(events))) ?? new T(), YamlLines.Of(events));
    }

    /// <summary>
    /// The text of a YAML file on disk, refused before it is read when it is larger than the bound; <paramref name="name"/>
    /// is the name errors give.
    /// </summary>
    public static async Task<string> ReadFileAsync(string path, string name, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new InputException(name, null, null, null, "no such file");
        if (info.Length > InputLimits.MaxYamlBytes) throw TooLarge(name);
        return await File.ReadAllTextAsync(path, cancellationToken);
    }

    private static InputException TooLarge(string file) =>
        new(file, null, null, null, $"the file is larger than the {InputLimits.Number(InputLimits.MaxYamlBytes)} bytes (4 MiB) a YAML file may have");

    /// <summary>
    /// The events of <paramref name="text"/>, checked against the bounds, as a parser that replays them. Counting happens
    /// on the event stream, so an alias costs the size of what it stands for without being expanded.
    /// </summary>
    public static IParser Parse(string file, string text) => new Replay(Events(file, text));

    private static List<ParsingEvent> Events(string file, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // A character takes one to three bytes of UTF-8: count bytes only when the characters alone do not decide.
        if (text.Length > InputLimits.MaxYamlBytes || (text.Length * 3L > InputLimits.MaxYamlBytes && Encoding.UTF8.GetByteCount(text) > InputLimits.MaxYamlBytes))
        {
            throw TooLarge(file);
        }
        var events = new List<ParsingEvent>();
        // Each anchor's size in nodes, its own aliases expanded; an anchor's collection is open until its end event.
        var anchors = new Dictionary<AnchorName, long>();
        var open = new Stack<(AnchorName Anchor, long NodesBefore)>();
        long nodes = 0;
        var aliases = 0;
        // YamlDotNet's scanner takes a NUL for the end of the text, and its loader then meets events it cannot build from
        // (an ArgumentException: "# a\0: b"; found by bench/Almanac.Fuzz). YAML allows no NUL: it is refused where it is.
        if (text.IndexOf('\0', StringComparison.Ordinal) is var nul and >= 0)
        {
            var line = text.AsSpan(0, nul).Count('\n') + 1;
            var column = nul - text.LastIndexOf('\n', Math.Max(0, nul - 1));
            throw new InputException(file, line, null, null, $"a NUL character at column {column}, which YAML does not allow (is this a text file?)");
        }
        var scanner = new Scanner(new StringReader(text));
        var parser = new Parser(scanner);
        Translate(file, () =>
        {
            while (Next(parser, scanner, file))
            {
                var current = parser.Current!;
                var line = current.Start.Line;
                switch (current)
                {
                    case Scalar scalar:
                        nodes++;
                        if (!scalar.Anchor.IsEmpty) anchors[scalar.Anchor] = 1;
                        break;
                    case MappingStart or SequenceStart:
                        open.Push((((NodeEvent)current).Anchor, nodes));
                        nodes++;
                        if (open.Count > InputLimits.MaxYamlDepth)
                        {
                            throw new InputException(file, line, null, null,
                                $"mappings and lists nest more than {InputLimits.MaxYamlDepth} deep, the most a YAML file may");
                        }
                        break;
                    case MappingEnd or SequenceEnd:
                        var (anchor, before) = open.Pop();
                        if (!anchor.IsEmpty) anchors[anchor] = nodes - before;
                        break;
                    case AnchorAlias alias:
                        if (++aliases > InputLimits.MaxYamlAliases)
                        {
                            throw new InputException(file, line, null, null, $"more than {InputLimits.Number(InputLimits.MaxYamlAliases)} aliases, the most a YAML file may use");
                        }
                        // An anchor still open is one the alias stands inside of: a loop, which no reader could expand.
                        nodes += anchors.TryGetValue(alias.Value, out var size)
                            ? size
                            : throw new InputException(file, line, null, null, $"the alias *{alias.Value} refers to no complete anchor &{alias.Value} before it");
                        break;
                }
                if (nodes > InputLimits.MaxYamlNodes)
                {
                    throw new InputException(file, line, null, null, current is AnchorAlias a
                        ? $"with the alias *{a.Value} the file expands to more than {InputLimits.Number(InputLimits.MaxYamlNodes)} values, lists and mappings, the most a YAML file may hold once its aliases are expanded"
                        : $"more than {InputLimits.Number(InputLimits.MaxYamlNodes)} values, lists and mappings, the most a YAML file may hold");
                }
                events.Add(current);
            }
        });
        return events;
    }

    /// <summary>
    /// Refuses an empty entry in a list (<c>-</c> with nothing after it, or <c>~</c>): a file read into fields would
    /// otherwise hold a null where every reader expects an entry (found by bench/Almanac.Fuzz: a questionnaire's empty
    /// question was a NullReferenceException).
    /// </summary>
    private static void RefuseEmptyEntries(string file, List<ParsingEvent> events)
    {
        var inList = new Stack<bool>();
        foreach (var current in events)
        {
            switch (current)
            {
                case SequenceStart:
                    inList.Push(true);
                    break;
                case MappingStart:
                    inList.Push(false);
                    break;
                case SequenceEnd or MappingEnd:
                    inList.Pop();
                    break;
                case Scalar { Style: ScalarStyle.Plain, Tag.IsEmpty: true, Value: "" or "~" or "null" or "Null" or "NULL" } when inList.TryPeek(out var list) && list:
                    throw new InputException(file, current.Start.Line, null, null, "an empty entry in a list (a '-' with nothing after it, or ~)");
            }
        }
    }

    /// <summary>
    /// The parser's next event. YamlDotNet's scanner fails on some broken flow collections (a '{' or '[' left open over
    /// the lines after it) with a bare <see cref="InvalidOperationException"/>, and on a tag it cannot name with an
    /// <see cref="ArgumentException"/>, rather than a <see cref="YamlException"/> (found by bench/Almanac.Fuzz): those are
    /// said as bad YAML at the scanner's position too.
    /// </summary>
    private static bool Next(Parser parser, Scanner scanner, string file)
    {
        // The end of the last event read: the scanner has read ahead of it.
        var last = parser.Current?.End;
        try
        {
            return parser.MoveNext();
        }
        catch (InvalidOperationException)
        {
            var at = scanner.CurrentPosition;
            throw new InputException(file, at.Line, null, null,
                $"not valid YAML at column {at.Column}: the file cannot be read past this point (a '{{' or '[' not closed before it?)");
        }
        catch (ArgumentException e)
        {
            // A tag YamlDotNet cannot make a name of ("[!!a:b]": "Global tags must be valid URIs."; found by bench/Almanac.Fuzz),
            // just after the last event read.
            var at = last ?? scanner.CurrentPosition;
            throw new InputException(file, at.Line, null, null, $"not valid YAML at column {at.Column}: {ParameterName().Replace(e.Message, "")}");
        }
    }

    /// <summary>Runs a step of reading, turning YamlDotNet's exceptions into an <see cref="InputException"/> in the file's own words.</summary>
    private static T Translate<T>(string file, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (YamlException e)
        {
            throw new InputException(file, e.Start.Line, null, null, Plain(e));
        }
    }

    private static void Translate(string file, Action read) => Translate(file, () => { read(); return 0; });

    /// <summary>
    /// What a YamlDotNet error means to the person who wrote the file. Its messages about the deserializer's target name
    /// .NET types and assembly versions; those are said as the kind of value the field takes.
    /// </summary>
    private static string Plain(YamlException e)
    {
        var message = e.InnerException is { } inner and not YamlException ? inner.Message : e.Message;
        if (UnknownField().Match(message) is { Success: true } unknown) return $"unknown field '{unknown.Groups["field"].Value}'";
        if (TargetType().Match(message) is { Success: true } target) return $"expected {KindOf(target.Groups["type"].Value)} here";
        if (e.InnerException is FormatException or OverflowException) return "expected a number (or true or false) in range here";
        if (UnresolvedTag().Match(message) is { Success: true } tag) return $"the tag {tag.Groups["tag"].Value} is not one this file uses";
        // The parser's own messages ("did not find expected key") are about YAML's syntax and name no type; anything else
        // is said without its text, which might.
        return message.Contains("System.", StringComparison.Ordinal) || message.Contains("Version=", StringComparison.Ordinal)
            ? "a value of the wrong kind here"
            : $"not valid YAML: {message}";
    }

    private static string KindOf(string type) =>
        type.StartsWith("System.Collections.Generic.Dictionary", StringComparison.Ordinal) ? "a mapping"
        : type.StartsWith("System.Collections.Generic.", StringComparison.Ordinal) || type.Contains("[]", StringComparison.Ordinal) ? "a list"
        : type.Contains("System.String", StringComparison.Ordinal) ? "a single value, not a list or a mapping"
        : type.Contains("System.Boolean", StringComparison.Ordinal) ? "true or false"
        : type.StartsWith("System.", StringComparison.Ordinal) ? "a number"
        : "a mapping of fields";

    [GeneratedRegex(@"Property '(?<field>[^']*)' not found on type")]
    private static partial Regex UnknownField();

    [GeneratedRegex(@"(?:into type |to ')(?<type>[^']+?)'?\.?$")]
    private static partial Regex TargetType();

    [GeneratedRegex(@" \(Parameter '[^']*'\)$")]
    private static partial Regex ParameterName();

    [GeneratedRegex(@"unresolved tag '(?<tag>[^']*)'")]
    private static partial Regex UnresolvedTag();

    /// <summary>Replays checked events to YamlDotNet's loader or deserializer.</summary>
    private sealed class Replay(List<ParsingEvent> events) : IParser
    {
        private int _next;

        public ParsingEvent? Current { get; private set; }

        public bool MoveNext()
        {
            Current = _next < events.Count ? events[_next++] : null;
            return Current is not null;
        }
    }
}

/// <summary>
/// Where each value of a YAML file stands: its path ("sections[2].questions[0].kind", a list's entries by their place
/// from 0) to the line of its key, or of the entry in a list. A path not in the file gives the line of the nearest
/// value above it that is.
/// </summary>
public sealed class YamlLines
{
    private readonly Dictionary<string, long> _lines;

    private YamlLines(Dictionary<string, long> lines) => _lines = lines;

    /// <summary>The line of the value at <paramref name="path"/>, or of the nearest value above it; null when not even the file's root has one.</summary>
    public long? Of(string path)
    {
        for (var current = path; ; current = Parent(current))
        {
            if (_lines.TryGetValue(current, out var line)) return line;
            if (current.Length == 0) return null;
        }
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? "" : path[..cut];
    }

    internal static YamlLines Of(IReadOnlyList<ParsingEvent> events)
    {
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<Container>();
        foreach (var current in events)
        {
            if (current is MappingEnd or SequenceEnd)
            {
                open.Pop();
                continue;
            }
            if (current is not (Scalar or AnchorAlias or MappingStart or SequenceStart)) continue;
            string path;
            if (open.Count == 0)
            {
                path = "";
            }
            else if (open.Peek() is { Mapping: true } mapping)
            {
                if (mapping.Key is null)
                {
                    // A key: its value's path is the mapping's with the key, on the key's line.
                    mapping.Key = current is Scalar key ? key.Value : "?";
                    path = mapping.Path.Length == 0 ? mapping.Key : $"{mapping.Path}.{mapping.Key}";
                    lines.TryAdd(path, current.Start.Line);
                    continue;
                }
                path = mapping.Path.Length == 0 ? mapping.Key : $"{mapping.Path}.{mapping.Key}";
                mapping.Key = null;
            }
            else
            {
                var list = open.Peek();
                path = $"{list.Path}[{list.Entries++}]";
            }
            lines.TryAdd(path, current.Start.Line);
            if (current is MappingStart or SequenceStart) open.Push(new Container(path, current is MappingStart));
        }
        return new YamlLines(lines);
    }

    private sealed class Container(string path, bool mapping)
    {
        public string Path { get; } = path;
        public bool Mapping { get; } = mapping;
        public string? Key { get; set; }
        public int Entries { get; set; }
    }
}
