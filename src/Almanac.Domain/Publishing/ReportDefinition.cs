namespace Almanac.Domain.Publishing;

/// <summary>
/// What a report contains, as an editor writes it (a YAML file, not code): sections of paragraphs with live figures,
/// pivot tables and charts over the store's measures and dimensions.
/// </summary>
/// <param name="Labels">Fixed words of the rendered report by key ("sources", "findings"…), in every language.</param>
/// <param name="Dimensions">What the engine must know of the dimensions to add up: complete member sets and named groups.</param>
/// <param name="Indicators">Measures computed from other measures or the reference data when the store holds no printed value.</param>
public sealed record ReportDefinition(
    string Id,
    LocalizedText Title,
    IReadOnlyDictionary<string, LocalizedText> Labels,
    IReadOnlyDictionary<string, DimensionDefinition> Dimensions,
    IReadOnlyDictionary<string, IndicatorDefinition> Indicators,
    IReadOnlyList<SectionDefinition> Sections);

/// <summary>A text in several languages; <see cref="In"/> falls back to English, then to any text.</summary>
public sealed record LocalizedText(IReadOnlyDictionary<string, string> Texts)
{
    public static LocalizedText Plain(string text) => new(new Dictionary<string, string> { ["en"] = text });

    public string In(string language) =>
        Texts.TryGetValue(language, out var text) ? text
        : Texts.TryGetValue("en", out var english) ? english
        : Texts.Values.First();

    /// <summary>True when a translation is written for the language (no fallback).</summary>
    public bool Has(string language) => Texts.ContainsKey(language);

    /// <summary>Equal when the same texts are written in the same languages (a value, not the dictionary's identity).</summary>
    public bool Equals(LocalizedText? other) =>
        other is not null && Texts.Count == other.Texts.Count && Texts.All(t => other.Texts.TryGetValue(t.Key, out var text) && text == t.Value);

    public override int GetHashCode() =>
        Texts.OrderBy(t => t.Key, StringComparer.Ordinal).Aggregate(0, (hash, t) => HashCode.Combine(hash, t.Key, t.Value));
}

/// <summary>
/// What the engine knows of a dimension: <paramref name="Complete"/> lists all its members when they partition the
/// whole (F and M), so that a total may be the sum of its parts; <paramref name="Groups"/> names member sets that a
/// table may print as one ("P-5+").
/// </summary>
public sealed record DimensionDefinition(IReadOnlyList<string> Complete, IReadOnlyDictionary<string, IReadOnlyList<string>> Groups);

/// <summary>A measure computed where the store holds no value for it.</summary>
public abstract record IndicatorDefinition;

/// <summary>The number of distinct members of <paramref name="Dimension"/> with a positive value of <paramref name="Of"/> (nationalities represented).</summary>
public sealed record CountDistinctIndicator(string Dimension, string Of, Selection Where) : IndicatorDefinition;

/// <summary>A count the reference data answers: "member-states" is the number of Member States in the year.</summary>
public sealed record ReferenceIndicator(string Name) : IndicatorDefinition;

/// <summary>A part of the report with a heading; omitted when <paramref name="OmitWhenEmpty"/> and none of its tables or paragraphs has a figure.</summary>
public sealed record SectionDefinition(string Id, LocalizedText Title, bool OmitWhenEmpty, IReadOnlyList<BlockDefinition> Blocks);

/// <summary>A block of a section.</summary>
public abstract record BlockDefinition;

/// <summary>A paragraph whose text names figures in braces ("{total}"), each a query; "{year}" is the report year.</summary>
public sealed record ParagraphDefinition(LocalizedText Text, IReadOnlyDictionary<string, FigureQuery> Figures) : BlockDefinition;

/// <summary>
/// The results of the report year's questionnaire under one node of a results framework, as sentences: one paragraph
/// per questionnaire section of the node, made of the sentences its statement links carry (<c>StatementLink.Say</c>),
/// each figure counted from the locked year's answers. <paramref name="Lead"/> opens the first paragraph ("Partnerships.").
/// Nothing is written for a year whose questionnaire follows another framework or has no such section.
/// </summary>
public sealed record FindingsDefinition(string Framework, string Node, LocalizedText? Lead) : BlockDefinition;

/// <summary>One figure: a measure at coordinates and a year relative to the report's, or a share of it.</summary>
/// <param name="SharePart">When set, the figure is the percentage that this part makes of the selection.</param>
public sealed record FigureQuery(string Measure, Selection Where, int YearOffset, Selection? SharePart);

/// <summary>A pivot table; its rows and columns are <see cref="AxisItem"/>s, its cells the measure at their crossing.</summary>
public sealed record TableDefinition(string Id, LocalizedText Title, LocalizedText Stub, PivotDefinition Pivot, IReadOnlyList<LocalizedText> Notes) : BlockDefinition;

/// <summary>A chart of a pivot: each row is a series, each column a category.</summary>
public sealed record ChartDefinition(string Id, LocalizedText Title, ChartKind Kind, PivotDefinition Pivot) : BlockDefinition;

/// <summary>
/// A pivot: <paramref name="Measure"/> restricted to <paramref name="Where"/>, for the report year plus
/// <paramref name="YearOffset"/> unless an axis sets the year.
/// </summary>
public sealed record PivotDefinition(string Measure, Selection Where, int YearOffset, IReadOnlyList<AxisItem> Rows, IReadOnlyList<AxisItem> Columns);

/// <summary>Dimension → the members a figure is restricted to (one member, a named group, or a set summed).</summary>
public sealed record Selection(IReadOnlyDictionary<string, IReadOnlyList<string>> Members)
{
    public static readonly Selection All = new(new Dictionary<string, IReadOnlyList<string>>());

    public bool IsEmpty => Members.Count == 0;

    /// <summary>This selection with the other's members; the other wins where both restrict a dimension.</summary>
    public Selection With(Selection other)
    {
        if (other.IsEmpty) return this;
        var members = new Dictionary<string, IReadOnlyList<string>>(Members, StringComparer.Ordinal);
        foreach (var (dimension, values) in other.Members) members[dimension] = values;
        return new(members);
    }

    public Selection Without(string dimension)
    {
        var members = new Dictionary<string, IReadOnlyList<string>>(Members, StringComparer.Ordinal);
        members.Remove(dimension);
        return new(members);
    }

    public static Selection Of(string dimension, params string[] members) =>
        new(new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { [dimension] = members });

    public override string ToString() =>
        string.Join(';', Members.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={string.Join('|', m.Value)}"));
}

/// <summary>An entry of a pivot's rows or columns; some stand for one row or column, some for several.</summary>
public abstract record AxisItem;

/// <summary>One row or column restricted to <paramref name="Where"/>; it may name its own measure and year.</summary>
/// <param name="Id">Lets ratio and change items refer to it.</param>
public sealed record MemberItem(string? Id, LocalizedText Label, Selection Where, string? Measure, YearRef? Year) : AxisItem;

/// <summary>One row or column per member of <paramref name="Dimension"/>.</summary>
/// <param name="Optional">Members dropped when all their cells are empty (G-1A where no staff hold it).</param>
/// <param name="Labels">Labels by member; members without one are labelled by their name (countries) or code.</param>
public sealed record EachItem(
    string Dimension,
    MemberList Members,
    IReadOnlySet<string> Optional,
    IReadOnlyDictionary<string, LocalizedText> Labels,
    LocalizedText? CombineAs) : AxisItem;

/// <summary>Which members an <see cref="EachItem"/> runs over.</summary>
public abstract record MemberList;

/// <summary>The members as listed.</summary>
public sealed record ListedMembers(IReadOnlyList<string> Members) : MemberList;

/// <summary>
/// Countries by their status in the report year ("member", "observer", "non-member"), or "pseudo" (entries such as
/// stateless that are no country); countries of a status in <paramref name="WithDataOnly"/> are kept only when they have
/// a figure. Sorted by name in the publication's language.
/// </summary>
public sealed record CountryMembers(IReadOnlyList<string> Statuses, IReadOnlySet<string> WithDataOnly) : MemberList;

/// <summary>One column per year from <paramref name="From"/> to <paramref name="To"/> (both relative to the report year).</summary>
public sealed record YearsItem(int From, int To) : AxisItem;

/// <summary>A year: absolute (2005) or relative to the report year (-1).</summary>
public sealed record YearRef(int Value, bool Absolute)
{
    public int Resolve(int reportYear) => Absolute ? Value : reportYear + Value;
}

/// <summary>A column for one year.</summary>
public sealed record YearItem(YearRef Year) : AxisItem;

/// <summary>A heading row; totals add up the rows since the last heading.</summary>
public sealed record SectionItem(LocalizedText Label) : AxisItem;

/// <summary>
/// The total of the items since the last heading: the measure over all their members (a printed total where the store
/// has one, checked against the parts shown), or over <paramref name="Where"/> when the parts are not all of one dimension.
/// </summary>
public sealed record TotalItem(string? Id, LocalizedText Label, Selection? Where = null) : AxisItem;

/// <summary>
/// A percentage: either <paramref name="Part"/> of the crossing, in the year shifted by <paramref name="YearOffset"/>
/// (where the counts are missing, <paramref name="Printed"/> names the measure that holds the printed percentage); or
/// the figures of line <paramref name="Of"/> divided by those of line <paramref name="To"/> — a line of the same axis
/// (Table 4: Professional of Total), or of the other axis (a region's share: its Total column of the Total row).
/// </summary>
public sealed record RatioItem(string? Id, LocalizedText Label, Selection? Part, string? Of, string? To, int YearOffset, string? Printed) : AxisItem;

/// <summary>The change in percentage points of ratio item <paramref name="Of"/> from the year shifted by <paramref name="From"/> to the year shifted by <paramref name="To"/>.</summary>
public sealed record ChangeItem(LocalizedText Label, string Of, int From, int To) : AxisItem;
