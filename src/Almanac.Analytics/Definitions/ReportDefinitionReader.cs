using System.Globalization;
using Almanac.Domain;
using Almanac.Domain.Publishing;
using YamlDotNet.RepresentationModel;

namespace Almanac.Analytics.Definitions;

/// <summary>
/// Reads a report definition from YAML (the format is described at the top of data/reports/annual-report.yaml). Every
/// mistake is an <see cref="InputException"/> naming the file, the line, the field and the value.
/// </summary>
public sealed class ReportDefinitionReader
{
    private static readonly string[] Languages = ["en", "fr", "es"];
    private readonly string _file;

    private ReportDefinitionReader(string file) => _file = file;

    /// <summary>Parses <paramref name="yaml"/>; <paramref name="file"/> is the name errors give.</summary>
    public static ReportDefinition Read(string yaml, string file)
    {
        var root = YamlFile.Root(yaml, file, "a report definition is one YAML mapping (id, title, sections…)");
        return new ReportDefinitionReader(file).Definition(root);
    }

    private ReportDefinition Definition(YamlMappingNode root)
    {
        Only(root, "id", "title", "labels", "dimensions", "indicators", "sections");
        var sections = Sequence(root, "sections", required: true).Select(Section).ToList();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (block, node) in sections.SelectMany(s => s.Blocks).Zip(Sequence(root, "sections", true).SelectMany(s => Sequence((YamlMappingNode)s, "blocks", true))))
        {
            var id = block switch { TableDefinition t => t.Id, ChartDefinition c => c.Id, _ => null };
            if (id is not null && !ids.Add(id)) Fail(node, "id", id, "two tables or charts have this id; each needs its own (it names the CSV file)");
        }
        return new ReportDefinition(
            Text(root, "id"),
            Localized(root, "title"),
            Map(root, "labels").ToDictionary(kv => kv.Key, kv => Localized(kv.Value, kv.Key), StringComparer.Ordinal),
            Map(root, "dimensions").ToDictionary(kv => kv.Key, kv => Dimension(kv.Value), StringComparer.Ordinal),
            Map(root, "indicators").ToDictionary(kv => kv.Key, kv => Indicator(kv.Value), StringComparer.Ordinal),
            sections);
    }

    private DimensionDefinition Dimension(YamlNode node)
    {
        var mapping = Mapping(node, "dimension");
        Only(mapping, "complete", "groups");
        return new DimensionDefinition(
            Strings(mapping, "complete"),
            Map(mapping, "groups").ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)StringList(kv.Value, kv.Key), StringComparer.Ordinal));
    }

    private IndicatorDefinition Indicator(YamlNode node)
    {
        var mapping = Mapping(node, "indicator");
        if (Has(mapping, "count-distinct"))
        {
            Only(mapping, "count-distinct", "of", "where");
            return new CountDistinctIndicator(Text(mapping, "count-distinct"), Text(mapping, "of"), Where(mapping, "where"));
        }
        if (Has(mapping, "reference"))
        {
            Only(mapping, "reference");
            var name = Text(mapping, "reference");
            if (name != "member-states") Fail(Child(mapping, "reference")!, "reference", name, "the reference data answers only 'member-states'");
            return new ReferenceIndicator(name);
        }
        Fail(node, "indicator", null, "an indicator is {count-distinct: dimension, of: measure} or {reference: member-states}");
        return null!;
    }

    private SectionDefinition Section(YamlNode node)
    {
        var mapping = Mapping(node, "section");
        Only(mapping, "id", "title", "omit-when-empty", "blocks");
        return new SectionDefinition(
            Text(mapping, "id"),
            Localized(mapping, "title"),
            Bool(mapping, "omit-when-empty"),
            [.. Sequence(mapping, "blocks", required: true).Select(Block)]);
    }

    private BlockDefinition Block(YamlNode node)
    {
        var mapping = Mapping(node, "block");
        if (mapping.Children.Count != 1) Fail(node, "block", null, "a block is one of paragraph, table, chart or findings");
        var (key, value) = mapping.Children.Single();
        // A key that is itself a list or mapping is said as such, not cast (an InvalidCastException; found by bench/Almanac.Fuzz).
        var kind = Scalar(key, "block");
        var body = Mapping(value, kind);
        switch (kind)
        {
            case "paragraph":
                Only(body, "text", "figures");
                return new ParagraphDefinition(
                    Localized(body, "text"),
                    Map(body, "figures").ToDictionary(kv => kv.Key, kv => Figure(kv.Value), StringComparer.Ordinal));
            case "table":
                Only(body, "id", "title", "stub", "measure", "where", "year", "rows", "columns", "notes");
                return new TableDefinition(
                    Text(body, "id"),
                    Localized(body, "title"),
                    Has(body, "stub") ? Localized(body, "stub") : LocalizedText.Plain(""),
                    Pivot(body),
                    [.. Sequence(body, "notes", required: false).Select(n => Localized(n, "notes"))]);
            case "chart":
                Only(body, "id", "title", "kind", "measure", "where", "year", "rows", "columns");
                var chartKind = Text(body, "kind") switch
                {
                    "line" => ChartKind.Line,
                    "grouped-bar" => ChartKind.GroupedBar,
                    "stacked-bar" => ChartKind.StackedBar,
                    var other => Fail<ChartKind>(Child(body, "kind")!, "kind", other, "a chart is line, grouped-bar or stacked-bar"),
                };
                return new ChartDefinition(Text(body, "id"), Localized(body, "title"), chartKind, Pivot(body));
            case "findings":
                Only(body, "framework", "node", "lead");
                return new FindingsDefinition(Text(body, "framework"), Text(body, "node"), Has(body, "lead") ? Localized(body, "lead") : null);
            default:
                return Fail<BlockDefinition>(key, "block", kind, "a block is one of paragraph, table, chart or findings");
        }
    }

    private FigureQuery Figure(YamlNode node)
    {
        var mapping = Mapping(node, "figure");
        Only(mapping, "measure", "where", "year", "share");
        return new FigureQuery(Text(mapping, "measure"), Where(mapping, "where"), Offset(mapping, "year"),
            Has(mapping, "share") ? Where(mapping, "share") : null);
    }

    private PivotDefinition Pivot(YamlMappingNode body)
    {
        var rows = Sequence(body, "rows", required: true).Select(Axis).ToList();
        var columns = Sequence(body, "columns", required: true).Select(Axis).ToList();
        return new PivotDefinition(Text(body, "measure"), Where(body, "where"), Offset(body, "year"), rows, columns);
    }

    private AxisItem Axis(YamlNode node)
    {
        var mapping = Mapping(node, "row or column");
        if (Has(mapping, "each"))
        {
            Only(mapping, "each", "members", "optional", "labels", "combine");
            var members = Child(mapping, "members");
            MemberList list = members switch
            {
                YamlSequenceNode => new ListedMembers(StringList(members!, "members")),
                YamlMappingNode countries => Countries(countries),
                _ => Fail<MemberList>(mapping, "members", null, "members is a list, or {countries: [member, observer, non-member, pseudo]}"),
            };
            return new EachItem(
                Text(mapping, "each"),
                list,
                Strings(mapping, "optional").ToHashSet(StringComparer.Ordinal),
                Map(mapping, "labels").ToDictionary(kv => kv.Key, kv => Localized(kv.Value, kv.Key), StringComparer.Ordinal),
                Has(mapping, "combine") ? Localized(mapping, "combine") : null);
        }
        if (Has(mapping, "years"))
        {
            Only(mapping, "years");
            var span = StringList(Child(mapping, "years")!, "years");
            if (span.Count != 2) Fail(mapping, "years", string.Join(", ", span), "years is [from, to], e.g. [-4, 0]");
            return new YearsItem(Int(mapping, "years", span[0]), Int(mapping, "years", span[1]));
        }
        if (Has(mapping, "year") && !Has(mapping, "label") && !Has(mapping, "ratio"))
        {
            Only(mapping, "year");
            return new YearItem(Year(mapping, "year"));
        }
        if (Has(mapping, "section"))
        {
            Only(mapping, "section");
            return new SectionItem(Localized(mapping, "section"));
        }
        if (Has(mapping, "total"))
        {
            Only(mapping, "total", "id", "where");
            return new TotalItem(Optional(mapping, "id"), Localized(mapping, "total"), Has(mapping, "where") ? Where(mapping, "where") : null);
        }
        if (Has(mapping, "ratio"))
        {
            Only(mapping, "ratio", "id", "part", "of", "to", "year", "printed");
            if (Has(mapping, "part") == Has(mapping, "of")) Fail(mapping, "ratio", null, "a ratio has either a part ({sex: F}) or of: an item id");
            return new RatioItem(Optional(mapping, "id"), Localized(mapping, "ratio"), Has(mapping, "part") ? Where(mapping, "part") : null,
                Optional(mapping, "of"), Optional(mapping, "to"), Offset(mapping, "year"), Optional(mapping, "printed"));
        }
        if (Has(mapping, "change"))
        {
            Only(mapping, "change", "of", "from", "to");
            return new ChangeItem(Localized(mapping, "change"), Text(mapping, "of"), Offset(mapping, "from"), Offset(mapping, "to"));
        }
        Only(mapping, "label", "id", "where", "measure", "year");
        if (!Has(mapping, "label")) Fail(mapping, "row or column", null, "an item is one of label, each, years, year, section, total, ratio or change");
        return new MemberItem(Optional(mapping, "id"), Localized(mapping, "label"), Where(mapping, "where"), Optional(mapping, "measure"),
            Has(mapping, "year") ? Year(mapping, "year") : null);
    }

    private CountryMembers Countries(YamlMappingNode node)
    {
        Only(node, "countries", "with-data");
        string[] known = ["member", "observer", "non-member", "pseudo"];
        var statuses = Strings(node, "countries");
        var withData = Strings(node, "with-data");
        foreach (var status in statuses.Concat(withData).Where(s => !known.Contains(s)))
        {
            Fail(node, "countries", status, $"a country status is one of {string.Join(", ", known)}");
        }
        return new CountryMembers(statuses, withData.ToHashSet(StringComparer.Ordinal));
    }

    private Selection Where(YamlMappingNode parent, string field) =>
        !Has(parent, field)
            ? Selection.All
            : new(Map(parent, field).ToDictionary(
                kv => kv.Key,
                kv => (IReadOnlyList<string>)(kv.Value is YamlSequenceNode ? StringList(kv.Value, kv.Key) : [Scalar(kv.Value, kv.Key)]),
                StringComparer.Ordinal));

    private YearRef Year(YamlMappingNode parent, string field)
    {
        var value = Int(Child(parent, field)!, field, Text(parent, field));
        return value is >= 1900 and <= 2999 ? new YearRef(value, Absolute: true) : new YearRef(value, Absolute: false);
    }

    private int Offset(YamlMappingNode parent, string field) => Has(parent, field) ? Int(Child(parent, field)!, field, Text(parent, field)) : 0;

    private int Int(YamlNode node, string field, string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : Fail<int>(node, field, text, "expected a whole number");

    private bool Bool(YamlMappingNode parent, string field) =>
        Has(parent, field) && (Text(parent, field) switch
        {
            "true" => true,
            "false" => false,
            var other => Fail<bool>(Child(parent, field)!, field, other, "expected true or false"),
        });

    private LocalizedText Localized(YamlMappingNode parent, string field) =>
        Child(parent, field) is { } node ? Localized(node, field) : Fail<LocalizedText>(parent, field, null, "missing");

    private LocalizedText Localized(YamlNode node, string field)
    {
        if (node is YamlScalarNode scalar) return LocalizedText.Plain(scalar.Value ?? "");
        var mapping = Mapping(node, field);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            // A text with an unquoted '{…}' in a flow mapping makes that a mapping key: said, not cast (an InvalidCastException;
            // found by bench/Almanac.Fuzz).
            var language = Scalar(key, field);
            if (!Languages.Contains(language)) Fail(key, field, language, $"a text is given per language: {string.Join(", ", Languages)}");
            texts[language] = Scalar(value, field);
        }
        if (!texts.ContainsKey("en")) Fail(node, field, null, "the English text (en) is required; French (fr) and Spanish (es) fall back to it");
        return new LocalizedText(texts);
    }

    private IEnumerable<KeyValuePair<string, YamlNode>> Map(YamlMappingNode parent, string field) =>
        Child(parent, field) is not { } node
            ? []
            : Mapping(node, field).Children.Select(kv => new KeyValuePair<string, YamlNode>(Scalar(kv.Key, field), kv.Value));

    private IEnumerable<YamlNode> Sequence(YamlMappingNode parent, string field, bool required)
    {
        var node = Child(parent, field);
        if (node is null) return required ? Fail<YamlNode[]>(parent, field, null, "missing") : [];
        return node as YamlSequenceNode ?? Fail<IEnumerable<YamlNode>>(node, field, null, "expected a list");
    }

    private string[] Strings(YamlMappingNode parent, string field) => Child(parent, field) is { } node ? [.. StringList(node, field)] : [];

    private List<string> StringList(YamlNode node, string field) =>
        node is YamlSequenceNode sequence
            ? [.. sequence.Children.Select(c => Scalar(c, field))]
            : Fail<List<string>>(node, field, null, "expected a list, e.g. [F, M]");

    private string Text(YamlMappingNode parent, string field) =>
        Child(parent, field) is { } node ? Scalar(node, field) : Fail<string>(parent, field, null, "missing");

    private string? Optional(YamlMappingNode parent, string field) => Child(parent, field) is { } node ? Scalar(node, field) : null;

    private string Scalar(YamlNode node, string field) =>
        node is YamlScalarNode { Value: { } value } ? value : Fail<string>(node, field, null, "expected a single value");

    private YamlMappingNode Mapping(YamlNode node, string field) =>
        node as YamlMappingNode ?? Fail<YamlMappingNode>(node, field, (node as YamlScalarNode)?.Value, "expected a mapping of fields");

    private static bool Has(YamlMappingNode parent, string field) => parent.Children.ContainsKey(new YamlScalarNode(field));

    private static YamlNode? Child(YamlMappingNode parent, string field) =>
        parent.Children.TryGetValue(new YamlScalarNode(field), out var node) ? node : null;

    private void Only(YamlMappingNode mapping, params string[] fields)
    {
        foreach (var key in mapping.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is null || !fields.Contains(name)) Fail(key, name ?? "?", null, $"unknown field; expected one of {string.Join(", ", fields)}");
        }
    }

    private void Fail(YamlNode node, string field, string? value, string problem) => throw new InputException(_file, node.Start.Line, field, value, problem);

    private T Fail<T>(YamlNode node, string field, string? value, string problem) => throw new InputException(_file, node.Start.Line, field, value, problem);
}
