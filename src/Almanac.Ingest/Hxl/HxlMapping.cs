using Almanac.Domain;
using Almanac.Domain.Observations;
using Almanac.Store.Facts;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Almanac.Ingest.Hxl;

/// <summary>What a column of an HXL file is to Almanac: the year, the office, a dimension or a measure.</summary>
public enum HxlRole
{
    Year,
    Office,
    Dimension,
    Measure,
}

/// <summary>
/// An entry of an HXL mapping: the role its columns play, the dimension or measure they give (<see cref="Name"/>:
/// "year" and "office" for those two), whether a file must have such a column, and whether its members are countries.
/// </summary>
public sealed record HxlEntry(HxlRole Role, string Name, IReadOnlyList<HxlHashtag> Tags, bool Required, bool Countries);

/// <summary>
/// Which columns of an HXL-tagged CSV file are the year (from an ISO 8601 date), the office, the dimensions and the
/// measures of the observations they make, by hashtag spec (<c>data/hxl/mapping.yaml</c> is the shipped default for the
/// common humanitarian hashtags). Read whole and checked by <see cref="Read"/>: a bad file is an
/// <see cref="InputException"/> naming the mapping file, the line, the field and the value.
/// </summary>
public sealed class HxlMapping
{
    /// <summary>Characters of a measure's name in a mapping: a dotted name such as <c>humanitarian.idps</c>.</summary>
    public const int MaxMeasureLength = 200;

    /// <summary>The shipped default's path under data/.</summary>
    public const string DefaultFile = "hxl/mapping.yaml";

    private static readonly string[] Reserved = ["measure", "year", "office", "value", "source_id", "measure_id"];
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build();

    private readonly Dictionary<HxlHashtag, HxlEntry> _byHashtag;

    private HxlMapping(string name, string text, IReadOnlyList<HxlEntry> entries)
    {
        Name = name;
        Text = text;
        Entries = entries;
        _byHashtag = entries.SelectMany(e => e.Tags.Select(t => (t, e))).ToDictionary(p => p.t, p => p.e);
    }

    /// <summary>The file the mapping was read from, as errors name it.</summary>
    public string Name { get; }

    /// <summary>The mapping's text: an import's checksum covers it, since the same file read through another mapping gives other facts.</summary>
    public string Text { get; }

    /// <summary>The year first, then the office (when mapped), the dimensions in the mapping's order, the measures.</summary>
    public IReadOnlyList<HxlEntry> Entries { get; }

    /// <summary>The entry whose columns have this hashtag spec, or null when the mapping has none (the column is left out).</summary>
    public HxlEntry? EntryOf(HxlHashtag hashtag) => _byHashtag.GetValueOrDefault(hashtag);

    /// <summary>The shipped default, <c>data/hxl/mapping.yaml</c>.</summary>
    public static HxlMapping Default()
    {
        using var reader = new StreamReader(EmbeddedData.Open(DefaultFile));
        return Read("mapping.yaml (the default HXL mapping)", reader.ReadToEnd());
    }

    /// <summary>A mapping file from disk, bounded as every YAML file is.</summary>
    public static async Task<HxlMapping> ReadFileAsync(string path, CancellationToken cancellationToken) =>
        Read(Path.GetFileName(path), await BoundedYaml.ReadFileAsync(path, Path.GetFileName(path), cancellationToken));

    /// <summary>A mapping from its YAML text, checked whole; the first problem is an <see cref="InputException"/>.</summary>
    public static HxlMapping Read(string file, string text)
    {
        var (dto, lines) = BoundedYaml.DeserializeWithLines<MappingFile>(Deserializer, file, text);
        InputException Problem(string path, string? value, string problem) => new(file, lines.Of(path), path, value, problem);
        var seen = new Dictionary<HxlHashtag, string>();
        List<HxlHashtag> Tags(string path, List<string>? tags)
        {
            if (tags is null || tags.Count == 0) throw Problem($"{path}.tags", null, "an entry needs its tags: the hashtag specs of its columns, e.g. [\"#affected+idps\"]");
            var parsed = new List<HxlHashtag>();
            foreach (var (tag, i) in tags.Select((t, i) => (t, i)))
            {
                var hashtag = HxlHashtag.Parse(tag ?? "")
                    ?? throw Problem($"{path}.tags[{i}]", tag, "not an HXL hashtag spec: '#', a letter, then letters, digits and '_', and any attributes each as '+name'");
                if (seen.TryGetValue(hashtag, out var other)) throw Problem($"{path}.tags[{i}]", tag, $"{other} has this hashtag spec already (as {hashtag})");
                seen[hashtag] = path;
                parsed.Add(hashtag);
            }
            return parsed;
        }

        if (dto.Year is null) throw Problem("year", null, "the mapping needs its year entry: the tags of the date column");
        var entries = new List<HxlEntry> { new(HxlRole.Year, "year", Tags("year", dto.Year.Tags), Required: true, Countries: false) };
        if (dto.Office is not null)
        {
            entries.Add(new HxlEntry(HxlRole.Office, "office", Tags("office", dto.Office.Tags), dto.Office.Required, Countries: false));
        }
        var dimensions = dto.Dimensions ?? [];
        if (dimensions.Count > FactColumns.Slots) throw Problem("dimensions", null, $"at most {FactColumns.Slots} dimensions besides office and year");
        foreach (var (entry, i) in dimensions.Select((d, i) => (d, i)))
        {
            var path = $"dimensions[{i}]";
            var name = entry.Dimension;
            if (string.IsNullOrEmpty(name) || !char.IsAsciiLetterLower(name[0]) || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                throw Problem($"{path}.dimension", name, "a dimension name is lower-case letters, digits and '_', beginning with a letter");
            }
            if (Reserved.Contains(name) || entries.Any(e => e.Role == HxlRole.Dimension && e.Name == name))
            {
                throw Problem($"{path}.dimension", name, "a dimension is named once and is not measure, year, office or value");
            }
            var countries = entry.Members switch
            {
                null => false,
                "country" => true,
                var other => throw Problem($"{path}.members", other, "members is 'country' (ISO 3166 alpha-3 codes of the reference data) or left out (any member)"),
            };
            entries.Add(new HxlEntry(HxlRole.Dimension, name, Tags(path, entry.Tags), entry.Required, countries || name == Dimensions.Nationality));
        }
        if (dto.Measures is null || dto.Measures.Count == 0) throw Problem("measures", null, "the mapping needs at least one measure");
        foreach (var (entry, i) in dto.Measures.Select((m, i) => (m, i)))
        {
            var path = $"measures[{i}]";
            var name = entry.Measure;
            if (string.IsNullOrWhiteSpace(name) || name.Length > MaxMeasureLength || name != name.Trim() || name.Any(char.IsControl) || name.IndexOfAny([',', '"']) >= 0)
            {
                throw Problem($"{path}.measure", name, $"a measure is named in at most {MaxMeasureLength} characters, without a comma, a quote, a control character or a space at either end");
            }
            if (entries.Any(e => e.Role == HxlRole.Measure && e.Name == name)) throw Problem($"{path}.measure", name, "a measure is named once");
            entries.Add(new HxlEntry(HxlRole.Measure, name, Tags(path, entry.Tags), entry.Required, Countries: false));
        }
        return new HxlMapping(file, text, entries);
    }

    private sealed class MappingFile
    {
        public EntryFile? Year { get; set; }
        public EntryFile? Office { get; set; }
        public List<DimensionFile>? Dimensions { get; set; }
        public List<MeasureFile>? Measures { get; set; }
    }

    private sealed class EntryFile
    {
        public List<string>? Tags { get; set; }
        public bool Required { get; set; }
    }

    private sealed class DimensionFile
    {
        public string? Dimension { get; set; }
        public List<string>? Tags { get; set; }
        public string? Members { get; set; }
        public bool Required { get; set; }
    }

    private sealed class MeasureFile
    {
        public string? Measure { get; set; }
        public List<string>? Tags { get; set; }
        public bool Required { get; set; }
    }
}
