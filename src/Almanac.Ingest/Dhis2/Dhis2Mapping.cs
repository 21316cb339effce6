using System.Xml;
using Almanac.Domain;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Almanac.Ingest.Dhis2;

/// <summary>
/// Which DHIS2 codes the stored figures are (<c>data/dhis2/mapping.yaml</c> is the shipped default): measures ↔ data
/// elements, dimension members ↔ category options (which make the category and attribute option combos), offices ↔
/// organisation units, years ↔ yearly periods. Read whole and checked by <see cref="Read"/>; both directions are looked
/// up here, so that an export and an import of the same file agree.
/// </summary>
public sealed class Dhis2Mapping
{
    /// <summary>DHIS2's bound on a code (its <c>code</c> columns are 50 characters).</summary>
    public const int MaxCodeLength = 50;

    /// <summary>What joins the option codes of a combo into the combo's code.</summary>
    public const char ComboSeparator = '_';

    /// <summary>The ADX attributes that are not categories: a category code may not take one of these names.</summary>
    private static readonly HashSet<string> AdxAttributes = new(StringComparer.Ordinal)
    {
        "dataElement", "value", "orgUnit", "period", "dataSet", "dataSetComplete", "comment", "exported", "annotation",
    };

    private static readonly IDeserializer Deserializer = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build();

    private readonly IReadOnlyDictionary<string, string> _officeToOrgUnit;
    private readonly Dictionary<string, string> _orgUnitToOffice;
    private readonly IReadOnlyDictionary<string, Dhis2DataElement> _byMeasure;
    private readonly IReadOnlyDictionary<string, Dhis2DataElement> _byDataElement;

    private Dhis2Mapping(string name, string organization, IReadOnlyDictionary<string, string> offices, bool otherOfficesSameCode, string defaultCombo,
        IReadOnlyDictionary<string, Dhis2Category> categories, IReadOnlyList<Dhis2DataElement> dataElements)
    {
        Name = name;
        Organization = organization;
        _officeToOrgUnit = offices;
        _orgUnitToOffice = offices.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
        OtherOfficesSameCode = otherOfficesSameCode;
        DefaultCombo = defaultCombo;
        Categories = categories;
        CategoriesByCode = categories.Values.ToDictionary(c => c.Category, StringComparer.Ordinal);
        DataElements = dataElements;
        _byMeasure = dataElements.ToDictionary(d => d.Measure, StringComparer.Ordinal);
        _byDataElement = dataElements.ToDictionary(d => d.DataElement, StringComparer.Ordinal);
    }

    /// <summary>The file the mapping was read from, as errors and import summaries name it.</summary>
    public string Name { get; }

    /// <summary>The organisation unit of figures that name no office.</summary>
    public string Organization { get; }

    /// <summary>Whether an office the mapping does not list is its own code as organisation unit.</summary>
    public bool OtherOfficesSameCode { get; }

    /// <summary>The code of DHIS2's default category option combo (and attribute option combo).</summary>
    public string DefaultCombo { get; }

    /// <summary>Dimension → its DHIS2 category.</summary>
    public IReadOnlyDictionary<string, Dhis2Category> Categories { get; }

    /// <summary>DHIS2 category code → its dimension's category.</summary>
    public IReadOnlyDictionary<string, Dhis2Category> CategoriesByCode { get; }

    public IReadOnlyList<Dhis2DataElement> DataElements { get; }

    public Dhis2DataElement? ForMeasure(string measure) => _byMeasure.GetValueOrDefault(measure);

    public Dhis2DataElement? ForDataElement(string code) => _byDataElement.GetValueOrDefault(code);

    /// <summary>The organisation unit of an office (null: the organization as a whole), or null when the mapping has none for it.</summary>
    public string? OrgUnitOf(string? office) =>
        office is null ? Organization
        : _officeToOrgUnit.TryGetValue(office, out var unit) ? unit
        : OtherOfficesSameCode && !_orgUnitToOffice.ContainsKey(office) && office != Organization ? office
        : null;

    /// <summary>The office of an organisation unit: (true, null) for the organization as a whole; (false, null) when the mapping has none.</summary>
    public (bool Known, string? Office) OfficeOf(string orgUnit) =>
        orgUnit == Organization ? (true, null)
        : _orgUnitToOffice.TryGetValue(orgUnit, out var office) ? (true, office)
        : OtherOfficesSameCode && !_officeToOrgUnit.ContainsKey(orgUnit) ? (true, orgUnit)
        : (false, null);

    /// <summary>The shipped default, <c>data/dhis2/mapping.yaml</c>.</summary>
    public static Dhis2Mapping Default()
    {
        using var reader = new StreamReader(EmbeddedData.Open(DefaultFile));
        return Read("mapping.yaml (the default DHIS2 mapping)", reader.ReadToEnd());
    }

    /// <summary>The shipped default's path under data/.</summary>
    public const string DefaultFile = "dhis2/mapping.yaml";

    /// <summary>A mapping file from disk, bounded as every YAML file is.</summary>
    public static async Task<Dhis2Mapping> ReadFileAsync(string path, CancellationToken cancellationToken) =>
        Read(Path.GetFileName(path), await BoundedYaml.ReadFileAsync(path, Path.GetFileName(path), cancellationToken));

    /// <summary>
    /// A mapping from its YAML text, checked whole: the first problem is an <see cref="InputException"/> naming the file,
    /// the line, the field and the value; nothing is returned from a bad file.
    /// </summary>
    public static Dhis2Mapping Read(string file, string text)
    {
        var (dto, lines) = BoundedYaml.DeserializeWithLines<MappingFile>(Deserializer, file, text);
        InputException Problem(string path, string field, string? value, string problem) => new(file, lines.Of(path), field, value, problem);
        void CheckCode(string path, string field, string? code, bool option = false)
        {
            if (string.IsNullOrWhiteSpace(code)) throw Problem(path, field, code, "a DHIS2 code is needed here");
            if (code.Length > MaxCodeLength) throw Problem(path, field, code, $"a DHIS2 code has at most {MaxCodeLength} characters");
            if (code != code.Trim() || code.Any(char.IsControl)) throw Problem(path, field, code, "a DHIS2 code has no control characters and no space at either end");
            // A spreadsheet would run a CSV cell that begins so; DHIS2 would then read the quote that guards it as part of the code.
            if (code[0] is '=' or '+' or '-' or '@') throw Problem(path, field, code, "a DHIS2 code does not begin with '=', '+', '-' or '@'");
            if (option && code.Contains(ComboSeparator, StringComparison.Ordinal))
                throw Problem(path, field, code, $"an option code has no '{ComboSeparator}': it joins the options of a combo");
        }

        if (dto.OrgUnits is null) throw Problem("org-units", "org-units", null, "the mapping needs its org-units (organization, offices)");
        CheckCode("org-units.organization", "org-units.organization", dto.OrgUnits.Organization);
        var offices = new Dictionary<string, string>(StringComparer.Ordinal);
        var units = new HashSet<string>(StringComparer.Ordinal) { dto.OrgUnits.Organization! };
        foreach (var (office, unit) in dto.OrgUnits.Offices ?? [])
        {
            var path = $"org-units.offices.{office}";
            CheckCode(path, path, unit);
            if (!units.Add(unit)) throw Problem(path, path, unit, "two offices (or an office and the organization) have this organisation unit");
            offices[office] = unit;
        }
        var sameCode = dto.OrgUnits.OtherOffices switch
        {
            null or "conflict" => false,
            "same-code" => true,
            var other => throw Problem("org-units.other-offices", "org-units.other-offices", other, "other-offices is same-code or conflict"),
        };
        var defaultCombo = dto.DefaultCombo ?? "default";
        CheckCode("default-combo", "default-combo", defaultCombo);

        var categories = new Dictionary<string, Dhis2Category>(StringComparer.Ordinal);
        var categoryCodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (dimension, category) in dto.Categories ?? [])
        {
            var path = $"categories.{dimension}";
            if (category is null) throw Problem(path, path, null, "a category needs its category code and options");
            CheckCode($"{path}.category", $"{path}.category", category.Category);
            if (!IsXmlName(category.Category!) || AdxAttributes.Contains(category.Category!))
                throw Problem($"{path}.category", $"{path}.category", category.Category, "a category code is an ADX attribute name: letters, digits, '-', '_' and '.', beginning with a letter or '_', and none of " + string.Join(", ", AdxAttributes.Order(StringComparer.Ordinal)));
            if (!categoryCodes.Add(category.Category!)) throw Problem($"{path}.category", $"{path}.category", category.Category, "two dimensions have this category");
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (member, option) in category.Options ?? [])
            {
                CheckCode($"{path}.options.{member}", $"{path}.options.{member}", option, option: true);
                if (!seen.Add(option)) throw Problem($"{path}.options.{member}", $"{path}.options.{member}", option, "two members have this option");
                options[member] = option;
            }
            var otherSame = category.OtherOptions switch
            {
                null or "conflict" => false,
                "same-code" => true,
                var other => throw Problem($"{path}.other-options", $"{path}.other-options", other, "other-options is same-code or conflict"),
            };
            if (category.Total is not null)
            {
                CheckCode($"{path}.total", $"{path}.total", category.Total, option: true);
                if (!seen.Add(category.Total)) throw Problem($"{path}.total", $"{path}.total", category.Total, "a member has this option too");
            }
            if (options.Count == 0 && !otherSame) throw Problem(path, path, null, "a category needs options, or other-options: same-code");
            categories[dimension] = new Dhis2Category(dimension, category.Category!, options, otherSame, category.Total);
        }

        var elements = new List<Dhis2DataElement>();
        foreach (var (entry, i) in (dto.DataElements ?? []).Select((e, i) => (e, i)))
        {
            var path = $"data-elements[{i}]";
            if (string.IsNullOrWhiteSpace(entry.Measure)) throw Problem($"{path}.measure", "data-elements.measure", entry.Measure, "a data element needs the measure it is");
            CheckCode($"{path}.data-element", $"{entry.Measure}.data-element", entry.DataElement);
            if (elements.Any(e => e.Measure == entry.Measure)) throw Problem($"{path}.measure", "data-elements.measure", entry.Measure, "this measure has a data element already");
            if (elements.Any(e => e.DataElement == entry.DataElement)) throw Problem($"{path}.data-element", $"{entry.Measure}.data-element", entry.DataElement, "another measure has this data element");
            var dimensions = new List<string>();
            foreach (var (list, name) in new[] { (entry.Categories, "categories"), (entry.Attributes, "attributes") })
            {
                foreach (var (dimension, d) in (list ?? []).Select((x, d) => (x, d)))
                {
                    var at = $"{path}.{name}[{d}]";
                    if (dimension is null || !categories.ContainsKey(dimension))
                        throw Problem(at, $"{entry.Measure}.{name}", dimension, "not a dimension of the mapping's categories");
                    if (dimensions.Contains(dimension)) throw Problem(at, $"{entry.Measure}.{name}", dimension, "a dimension is named once");
                    dimensions.Add(dimension);
                }
            }
            if (dimensions.Count > Store.Facts.FactColumns.Slots)
                throw Problem(path, entry.Measure, null, $"a measure has at most {Store.Facts.FactColumns.Slots} dimensions besides office and year");
            elements.Add(new Dhis2DataElement(entry.Measure, entry.DataElement!, entry.Categories ?? [], entry.Attributes ?? []));
        }
        if (elements.Count == 0) throw Problem("data-elements", "data-elements", null, "the mapping needs at least one data element");
        return new Dhis2Mapping(file, dto.OrgUnits.Organization!, offices, sameCode, defaultCombo, categories, elements);
    }

    private static bool IsXmlName(string name)
    {
        try
        {
            XmlConvert.VerifyNCName(name);
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private sealed class MappingFile
    {
        public OrgUnitsFile? OrgUnits { get; set; }
        public string? DefaultCombo { get; set; }
        public Dictionary<string, CategoryFile?>? Categories { get; set; }
        public List<DataElementFile>? DataElements { get; set; }
    }

    private sealed class OrgUnitsFile
    {
        public string? Organization { get; set; }
        public Dictionary<string, string>? Offices { get; set; }
        public string? OtherOffices { get; set; }
    }

    private sealed class CategoryFile
    {
        public string? Category { get; set; }
        public Dictionary<string, string>? Options { get; set; }
        public string? OtherOptions { get; set; }
        public string? Total { get; set; }
    }

    private sealed class DataElementFile
    {
        public string? Measure { get; set; }
        public string? DataElement { get; set; }
        public List<string>? Categories { get; set; }
        public List<string>? Attributes { get; set; }
    }
}

/// <summary>A dimension that is a DHIS2 category: its code and the option code of each member.</summary>
/// <param name="SameCode">Whether a member the options do not list is its own code as option.</param>
/// <param name="Total">The option of a declared total (a figure over every member), or null when totals have none.</param>
public sealed record Dhis2Category(string Dimension, string Category, IReadOnlyDictionary<string, string> Options, bool SameCode, string? Total)
{
    /// <summary>The option of a member (null: the declared total), or null when there is none.</summary>
    public string? OptionOf(string? member) =>
        member is null ? Total
        : Options.TryGetValue(member, out var option) ? option
        : SameCode && IsOptionCode(member) && !Options.Values.Contains(member) && member != Total ? member
        : null;

    /// <summary>The member of an option: (true, null) for the total; (false, null) when the mapping has none.</summary>
    public (bool Known, string? Member) MemberOf(string option)
    {
        if (option == Total) return (true, null);
        foreach (var (member, code) in Options)
        {
            if (code == option) return (true, member);
        }
        return SameCode && !Options.ContainsKey(option) && IsOptionCode(option) ? (true, option) : (false, null);
    }

    private static bool IsOptionCode(string code) =>
        code.Length is > 0 and <= Dhis2Mapping.MaxCodeLength && !code.Contains(Dhis2Mapping.ComboSeparator, StringComparison.Ordinal)
        && code == code.Trim() && !code.Any(char.IsControl) && code[0] is not ('=' or '+' or '-' or '@');
}

/// <summary>A measure that is a DHIS2 data element, with the dimensions that make its category and attribute option combos (in order).</summary>
public sealed record Dhis2DataElement(string Measure, string DataElement, IReadOnlyList<string> Categories, IReadOnlyList<string> Attributes)
{
    /// <summary>Every dimension the data element carries, categories first.</summary>
    public IEnumerable<string> Dimensions => Categories.Concat(Attributes);
}
