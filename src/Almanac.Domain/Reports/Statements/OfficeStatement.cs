namespace Almanac.Domain.Reports.Statements;

/// <summary>
/// A figure a report's narrative states about offices — "In 2017, 102 IOM offices supported …", "60 offices (36%)",
/// "Seventy-two per cent of IOM offices …" — with where it is printed and what it refines. A printed figure: kept as
/// printed, checked by <see cref="StatementAudit"/>, never corrected.
/// </summary>
/// <param name="Ordinal">Its position among the document's statements (1-based, in reading order): two statements can share a line.</param>
/// <param name="Paragraph">The number printed at the start of its paragraph, when there is one.</param>
/// <param name="Line">The 1-based line on which its figure (the count, else the share) is printed.</param>
/// <param name="Year">The year the figure is about: the year the sentence names ("In 2017", "(2016: 52 offices)"), else the report's.</param>
/// <param name="Subject">What the offices did or reported, in the report's words (cut to a clause).</param>
/// <param name="Count">The number of offices, when stated.</param>
/// <param name="Qualifier">How exactly the figure is stated ("over 60" is more than 60, not 60).</param>
/// <param name="Percent">The share of offices in per cent, when stated ("two thirds" is 66.7).</param>
/// <param name="Base">The number of offices the share or the part is taken of, when stated ("of the 123 offices reporting …", "Of these" after "165 offices responded").</param>
/// <param name="Parent">The ordinal of the statement this one refines or adds to, when there is one.</param>
/// <param name="ParentLine">The line of the statement this one refines (a part, a subset, another year of it); a
/// <see cref="StatementRole.Conjunct"/> adds to its parent rather than refining it and has none.</param>
/// <param name="Section">The index of the heading-delimited section of the document it stands in (0 before the first heading).</param>
/// <param name="Text">The sentence that states it (cut to <see cref="MaxTextLength"/> characters).</param>
public sealed record OfficeStatement(
    int Ordinal,
    int? Paragraph,
    int Line,
    int Year,
    string Subject,
    int? Count,
    StatementQualifier Qualifier,
    decimal? Percent,
    int? Base,
    StatementRole Role,
    int? Parent,
    int? ParentLine,
    int Section,
    string Text)
{
    /// <summary>The longest sentence kept whole; longer ones are cut with an ellipsis.</summary>
    public const int MaxTextLength = 600;

    /// <summary>The longest subject kept whole.</summary>
    public const int MaxSubjectLength = 200;

    /// <summary>The decimals a share was printed with: a stored 36.0000 was printed as 36, 66.7 with one.</summary>
    public static int Decimals(decimal percent) => (percent / 1.0000000000000000000000000000m).Scale;

    /// <summary>The contract name of a qualifier: exact, at-least, more-than, approximately.</summary>
    public static string QualifierName(StatementQualifier qualifier) => qualifier switch
    {
        StatementQualifier.AtLeast => "at-least",
        StatementQualifier.MoreThan => "more-than",
        StatementQualifier.Approximately => "approximately",
        _ => "exact",
    };

    /// <summary>The qualifier of a contract name; throws on any other text.</summary>
    public static StatementQualifier ParseQualifier(string name) => name switch
    {
        "exact" => StatementQualifier.Exact,
        "at-least" => StatementQualifier.AtLeast,
        "more-than" => StatementQualifier.MoreThan,
        "approximately" => StatementQualifier.Approximately,
        _ => throw new AlmanacException($"'{name}' is not a statement qualifier (exact, at-least, more-than, approximately)."),
    };

    /// <summary>The figure as a reader would quote it: "more than 70 offices", "72 per cent", "60 offices (36%)".</summary>
    public string Figure
    {
        get
        {
            var qualifier = Qualifier switch
            {
                StatementQualifier.AtLeast => "at least ",
                StatementQualifier.MoreThan => "more than ",
                StatementQualifier.Approximately => "about ",
                _ => "",
            };
            var share = Percent is { } p ? $"{p.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}%" : null;
            return (Count, share) switch
            {
                (int c, string s) => $"{qualifier}{c} offices ({s})",
                (int c, null) => $"{qualifier}{c} offices",
                (null, string s) => $"{qualifier}{s} of offices",
                _ => "",
            };
        }
    }
}

/// <summary>How exactly a statement gives its figure.</summary>
public enum StatementQualifier
{
    /// <summary>As printed ("102 offices", "a total of 95 offices").</summary>
    Exact,
    /// <summary>A lower bound that the figure may equal ("at least 30 offices").</summary>
    AtLeast,
    /// <summary>A strict lower bound ("more than 70 offices", "over 60 offices").</summary>
    MoreThan,
    /// <summary>A rounded figure ("approximately", "about", "nearly", "almost two thirds").</summary>
    Approximately,
}

/// <summary>What a statement is to the one it refers to.</summary>
public enum StatementRole
{
    /// <summary>A figure of its own.</summary>
    Main,
    /// <summary>Adds to the statement before it: "One hundred and five Country Offices and eight Regional Offices" — the eight.</summary>
    Conjunct,
    /// <summary>A breakdown of its parent, printed in parentheses: "through capacity-building (80 offices)".</summary>
    Part,
    /// <summary>A subset of its parent: "Of these, 60 offices (36%) …", "Out of these offices, 28 …".</summary>
    Subset,
    /// <summary>The same measure for another year: "(2016: 52 offices)", "compared with 33 in 2017".</summary>
    Comparison,
}
