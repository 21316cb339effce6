using System.Globalization;
using System.Text.RegularExpressions;
using Almanac.Domain.Observations;
using Almanac.Domain.Tables;
using Almanac.Domain.Workforce;

namespace Almanac.Ingest.Reports.Narrative;

/// <summary>What a statement about the staff tables states: the kinds of statement the text is read for.</summary>
public enum StaffStatementKind
{
    /// <summary>The number of staff: "the total number of staff was 10,978", "from 10,184 in 2016 to 10,978 in 2017".</summary>
    StaffTotal,
    /// <summary>Staff in a category, by sex: "1,492 women and 1,502 men belonged to the international Professional category".</summary>
    StaffInCategory,
    /// <summary>Staff at a grade or grade band: "226 members of staff working at the P-5, D-1 and D-2 levels".</summary>
    StaffInGradeBand,
    /// <summary>Nationalities represented among Professional staff: "represented 131 nationalities (2016: 127)".</summary>
    NationalitiesRepresented,
    /// <summary>The share of Member States represented among Professional staff: "73 per cent of Member States are represented".</summary>
    MemberStatesRepresented,
    /// <summary>The share of women (overall, in a category, at a grade or grade band): "women represented 47 per cent of the total workforce".</summary>
    WomenShare,
    /// <summary>The share of men: "53 per cent male and 47 per cent female staff".</summary>
    MenShare,
    /// <summary>The share of all staff in a category: "the percentage of international staff and national staff was 14 per cent and 86 per cent".</summary>
    CategoryShare,
}

/// <summary>A figure a sentence states about the staff: its kind, what it is a figure of (measure and key), the year, the value and the line it is printed on.</summary>
public sealed record StaffStatement(StaffStatementKind Kind, string Measure, DimensionKey Key, int Year, decimal Value, int Line)
{
    public CellKind CellKind => Measure == Measures.StaffHeadcount || Measure == Measures.NationalitiesRepresented ? CellKind.Count : CellKind.Percent;

    /// <summary>What it states, as the row of "narrative-figures" names it: "Women among staff in the Professional and higher categories at P-4 in 2017 (per cent)".</summary>
    public string Label
    {
        get
        {
            var population = Population(Key);
            return Kind switch
            {
                StaffStatementKind.NationalitiesRepresented => $"Nationalities represented among Professional staff in {Year}",
                StaffStatementKind.MemberStatesRepresented => $"Member States represented among Professional staff in {Year} (per cent)",
                StaffStatementKind.WomenShare => $"Women among {population} in {Year} (per cent)",
                StaffStatementKind.MenShare => $"Men among {population} in {Year} (per cent)",
                StaffStatementKind.CategoryShare => $"Staff in the {Category(Key)} among all staff in {Year} (per cent)",
                _ => $"{(Key[Dimensions.Sex] is "F" ? "Women among " : Key[Dimensions.Sex] is "M" ? "Men among " : "")}{Population(Key.Without(Dimensions.Sex))} in {Year}",
            };
        }
    }

    private static string Category(DimensionKey key) => StaffCategoryCodes.Parse(key[Dimensions.Category] ?? "") is { } c ? c.Label() : "staff";

    private static string Population(DimensionKey key)
    {
        if (key[Dimensions.Category] is null) return "all staff";
        var grade = key[Dimensions.Grade];
        return "staff in the " + Category(key) + (grade is null ? "" : grade == Dimensions.GradeP5AndHigher ? " at P-5 and higher" : $" at {grade}");
    }
}

/// <summary>
/// The grammar of the statements a report's text makes about its staff tables, whatever the report and its wording:
/// a subject (all staff, a category, a grade or grade band, nationalities, Member States, women or men), a quantity (a
/// count or a per cent, in figures or words) and a year (the report's, one the sentence states, or one a parenthesis
/// gives for a previous figure: "(2016: 127)"). Only kinds the tables can check are read: shares of staff in the field
/// or at headquarters, in hardship locations or from the global South are stated by the reports but printed by no table.
/// </summary>
internal static partial class StaffStatementGrammar
{
    /// <summary>The statements of a document's paragraphs, in text order.</summary>
    public static IEnumerable<StaffStatement> Find(IEnumerable<NarrativeParagraph> paragraphs, int reportYear)
    {
        foreach (var paragraph in paragraphs)
        {
            StaffStatement? previous = null;
            foreach (var sentence in NarrativeText.Sentences(paragraph.Text))
            {
                var text = sentence.Text;
                var refersBack = previous is not null && Anaphora().IsMatch(text);
                if (!StaffAnchor().IsMatch(text) && !refersBack) continue;
                var year = SentenceYear().Match(text) is { Success: true } y ? ParseYear(y.Groups["y"]) : reportYear;
                int LineAt(int offset) => paragraph.LineAt(sentence.Offset + offset);
                var found = Counts(text, year, LineAt).Concat(Shares(text, year, LineAt, previous)).ToList();
                foreach (var statement in found) yield return statement;
                if (found.Count > 0) previous = found[^1];
            }
        }
    }

    // ---- counts ----

    private static IEnumerable<StaffStatement> Counts(string text, int year, Func<int, int> lineAt)
    {
        var found = new List<(int Index, StaffStatement Statement)>();
        void Add(StaffStatementKind kind, string measure, DimensionKey key, int at, Group value, Match match)
        {
            // "A total of 470 staff were trained": the words up to the clause's end say what the figure counts.
            var rest = text[(match.Index + match.Length)..];
            if (Excluded().IsMatch(match.Value + (ClauseEnd().Match(rest) is { Success: true } end ? rest[..end.Index] : rest))) return;
            found.Add((value.Index, new StaffStatement(kind, measure, key, at, ParseCount(value), lineAt(value.Index))));
            // "(2016: 127)": the same figure for an earlier year.
            if (PreviousYearCount().Match(text, match.Index + match.Length) is { Success: true } earlier && earlier.Index == match.Index + match.Length)
            {
                found.Add((earlier.Index, new StaffStatement(kind, measure, key, ParseYear(earlier.Groups["y"]), ParseCount(earlier.Groups["n"]), lineAt(earlier.Groups["n"].Index))));
            }
        }
        foreach (Match m in TotalWas().Matches(text)) Add(StaffStatementKind.StaffTotal, Measures.StaffHeadcount, DimensionKey.Empty, year, m.Groups["n"], m);
        foreach (Match m in TotalOfStaff().Matches(text)) Add(StaffStatementKind.StaffTotal, Measures.StaffHeadcount, DimensionKey.Empty, year, m.Groups["n"], m);
        foreach (Match m in TotalFromTo().Matches(text))
        {
            Add(StaffStatementKind.StaffTotal, Measures.StaffHeadcount, DimensionKey.Empty, ParseYear(m.Groups["y1"]), m.Groups["n1"], m);
            Add(StaffStatementKind.StaffTotal, Measures.StaffHeadcount, DimensionKey.Empty, ParseYear(m.Groups["y2"]), m.Groups["n2"], m);
        }
        foreach (Match m in WomenAndMenInCategory().Matches(text))
        {
            var category = CategoryKey(m.Groups["c"].Value);
            Add(StaffStatementKind.StaffInCategory, Measures.StaffHeadcount, category.With(Dimensions.Sex, SexCode(m.Groups["s1"].Value)), year, m.Groups["n1"], m);
            Add(StaffStatementKind.StaffInCategory, Measures.StaffHeadcount, category.With(Dimensions.Sex, SexCode(m.Groups["s2"].Value)), year, m.Groups["n2"], m);
        }
        foreach (Match m in StaffAtGrade().Matches(text))
        {
            if (PopulationKey(m.Groups["band"].Value) is { } band) Add(StaffStatementKind.StaffInGradeBand, Measures.StaffHeadcount, band, year, m.Groups["n"], m);
        }
        foreach (Match m in ProfessionalRepresentedNationalities().Matches(text))
        {
            Add(StaffStatementKind.NationalitiesRepresented, Measures.NationalitiesRepresented, DimensionKey.Empty, year, m.Groups["n"], m);
        }
        foreach (Match m in NationalitiesRepresentedAmongProfessional().Matches(text))
        {
            Add(StaffStatementKind.NationalitiesRepresented, Measures.NationalitiesRepresented, DimensionKey.Empty, year, m.Groups["n"], m);
        }
        return found.OrderBy(f => f.Index).Select(f => f.Statement);
    }

    // ---- shares ----

    /// <summary>What a per cent is a share of: the part (women, men, a category, Member States represented) and the population it is taken among.</summary>
    private sealed record Share(StaffStatementKind Kind, DimensionKey Whole, DimensionKey? NextCategory = null);

    private static IEnumerable<StaffStatement> Shares(string text, int sentenceYear, Func<int, int> lineAt, StaffStatement? previous)
    {
        var mentions = Percent().Matches(text).Where(m => PercentValue(m) is not null).ToList();
        Share? last = null;
        var clauseEnd = 0;
        for (var i = 0; i < mentions.Count; i++)
        {
            var m = mentions[i];
            // Left: from the end of the previous figure's clause; right: up to the next figure; the clause: the right up to a break.
            var left = text[Math.Min(clauseEnd, m.Index)..m.Index];
            var sincePrevious = text[(i == 0 ? 0 : mentions[i - 1].Index + mentions[i - 1].Length)..m.Index];
            var right = text[(m.Index + m.Length)..(i + 1 < mentions.Count ? mentions[i + 1].Index : text.Length)];
            var clause = ClauseEnd().Match(right) is { Success: true } end ? right[..end.Index] : right;
            clauseEnd = m.Index + m.Length + clause.Length;
            var value = PercentValue(m)!.Value;
            // Figures side by side with nothing between them are a table's row, which the tables' readers read.
            if ((i > 0 && Blank(text, mentions[i - 1], m)) || (i + 1 < mentions.Count && Blank(text, m, mentions[i + 1])))
            {
                last = null;
                continue;
            }
            if (NarrativeText.PreviousYearOpening().Match(left) is { Success: true } parenthesis)
            {
                // "(2016: 70%)": the previous figure's share, for the year the parenthesis names.
                if (last is not null) yield return Statement(last, ParseYear(parenthesis.Groups["y"]), value, lineAt(m.Index));
                continue;
            }
            // A change ("(1% increase compared with 2016)") sits between the figures of a list, which goes on after it.
            if (Change().IsMatch(right) || ChangeOrApproximation().IsMatch(left)) continue;
            if (Excluded().IsMatch(left + clause))
            {
                last = null;
                continue;
            }
            var share = Classify(text, m.Index, left, sincePrevious, clause, last, previous);
            last = share;
            if (share is null) continue;
            var year = ExplicitYear().Match(clause) is { Success: true } y ? ParseYear(y.Groups["y"]) : sentenceYear;
            yield return Statement(share, year, value, lineAt(m.Index));
            if (share.NextCategory is { } next) last = share with { Whole = next, NextCategory = null };
        }
    }

    private static bool Blank(string text, Match first, Match second) => string.IsNullOrWhiteSpace(text[(first.Index + first.Length)..second.Index]);

    private static StaffStatement Statement(Share share, int year, decimal value, int line) => share.Kind switch
    {
        StaffStatementKind.WomenShare => new(share.Kind, Measures.WomenPercent, share.Whole, year, value, line),
        StaffStatementKind.MenShare => new(share.Kind, Measures.MenPercent, share.Whole, year, value, line),
        StaffStatementKind.CategoryShare => new(share.Kind, Measures.CategoryPercent, share.Whole, year, value, line),
        _ => new(share.Kind, Measures.MemberStatesRepresentedPercent, DimensionKey.Empty, year, value, line),
    };

    private static Share? Classify(string text, int at, string left, string sincePrevious, string clause, Share? last, StaffStatement? previous)
    {
        // The part: named right after the figure ("53 per cent male", "41 per cent of whom were women"), before it
        // ("women represented 47 per cent", "the percentage of international staff (13%)"), or carried over from the
        // figure before ("…, and 46 per cent at the Professional level").
        if (SexAfter().Match(clause) is { Success: true } after) return SexShare(after.Groups["sex"].Value, Whole(text, at, clause, previous));
        if (MemberStatesAfter().IsMatch(clause) || MemberStatesBefore().IsMatch(left))
        {
            return ProfessionalPopulation().IsMatch(left + clause) ? new Share(StaffStatementKind.MemberStatesRepresented, DimensionKey.Empty) : null;
        }
        if (CategoryBefore().Match(sincePrevious) is { Success: true } category)
        {
            var next = category.Groups["c2"].Success ? CategoryKey(category.Groups["c2"].Value) : null;
            return new Share(StaffStatementKind.CategoryShare, CategoryKey(category.Groups["c"].Value), next);
        }
        if (SexWord().Matches(left) is { Count: > 0 } before) return SexShare(before[^1].Groups["sex"].Value, Whole(text, at, clause, previous));
        if (last is null || !Connective().IsMatch(left)) return null;
        return last.Kind is StaffStatementKind.WomenShare or StaffStatementKind.MenShare && PopulationIn(clause) is { } whole ? last with { Whole = whole } : last;
    }

    private static Share SexShare(string sex, DimensionKey whole) =>
        new(SexCode(sex) == "F" ? StaffStatementKind.WomenShare : StaffStatementKind.MenShare, whole);

    /// <summary>
    /// The population a share of women or men is taken among: named after the figure ("at the P-5 level", "of the total
    /// workforce"), else the last one named before it in the sentence, else the one a reference back ("of that number",
    /// "at these levels") points to, else all staff.
    /// </summary>
    private static DimensionKey Whole(string text, int at, string clause, StaffStatement? previous)
    {
        if (PopulationIn(clause) is { } after) return after;
        if (Anaphora().IsMatch(clause) && previous is not null) return previous.Key.Without(Dimensions.Sex);
        var before = Population().Matches(text[..at]).Select(m => PopulationKey(m.Value)).OfType<DimensionKey>().LastOrDefault();
        if (before is not null) return before;
        if (Anaphora().IsMatch(text[..at]) && previous is not null) return previous.Key.Without(Dimensions.Sex);
        return DimensionKey.Empty;
    }

    private static DimensionKey? PopulationIn(string text) => Population().Matches(text).Select(m => PopulationKey(m.Value)).OfType<DimensionKey>().FirstOrDefault();

    /// <summary>The key of a population phrase: a grade band, a grade, a category, or all staff.</summary>
    private static DimensionKey? PopulationKey(string phrase)
    {
        var professional = StaffKeys.Of(StaffCategory.Professional, null, null);
        if (BandP5AndHigher().IsMatch(phrase)) return StaffKeys.Of(StaffCategory.Professional, Dimensions.GradeP5AndHigher, null);
        if (BandD1ToD2().IsMatch(phrase)) return StaffKeys.Of(StaffCategory.Professional, "D-1+D-2", null);
        if (SingleGrade().Match(phrase) is { Success: true } grade) return StaffKeys.Of(StaffCategory.Professional, Normalized(grade.Groups["g"].Value), null);
        if (ProfessionalPopulation().IsMatch(phrase)) return professional;
        if (GeneralServicePopulation().IsMatch(phrase)) return StaffKeys.Of(StaffCategory.GeneralService, null, null);
        return AllStaff().IsMatch(phrase) ? DimensionKey.Empty : null;
    }

    private static DimensionKey CategoryKey(string phrase) =>
        StaffKeys.Of(ProfessionalPopulation().IsMatch(phrase) ? StaffCategory.Professional : StaffCategory.GeneralService, null, null);

    private static string Normalized(string grade) => grade.Replace('‑', '-').Replace('–', '-').ToUpperInvariant();

    private static string SexCode(string word) => word.ToLowerInvariant() is "women" or "female" or "woman" ? Sex.Female.Code() : Sex.Male.Code();

    private static decimal? PercentValue(Match m) => m.Groups["p"].Success
        ? decimal.Parse(m.Groups["p"].Value, CultureInfo.InvariantCulture)
        : NarrativeText.WordsValue(m.Groups["pw"].Value) is { } words and <= 100 ? words : null;

    private static decimal ParseCount(Group g) => decimal.Parse(ThousandsSeparator().Replace(g.Value, ""), CultureInfo.InvariantCulture);

    private static int ParseYear(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);

    // ---- the vocabulary ----

    private const string Number = @"\d{1,3}(?:[,  ]\d{3})+|\d+";
    private const string Year = @"(?:19|20)\d{2}";
    private const string Professional = @"(?:international\s+)?professional(?:\s+and\s+higher)?\s+(?:levels?|categor(?:y|ies)|staff)|international\s+staff";
    private const string GeneralService = @"general\s+service(?:\s+and\s+national\s+officers?)?(?:\s+(?:staff|categor(?:y|ies)))?|national\s+staff";
    private const string Category = Professional + "|" + GeneralService;
    private const string P5AndHigher = @"P[-‑–]5(?:\s+levels?)?\s+and\s+(?:above|higher)|P[-‑–]5,\s*D[-‑–]1\s+and\s+D[-‑–]2|P[-‑–]5\s+to\s+D[-‑–]2";
    private const string D1ToD2 = @"D[-‑–]1\s*(?:to|–|-|and)\s*D[-‑–]2";
    private const string Grade = @"[PD][-‑–]\d\s+levels?";
    private const string Band = P5AndHigher + "|" + D1ToD2 + "|" + Grade;
    private const string Everyone = @"(?:total|whole|entire|global)\s+(?:IOM\s+)?(?:workforce|staff)|IOM\s+workforce|staff\s+worldwide|all\s+staff|overall";
    private const string Sexes = @"women|men|female|male";

    [GeneratedRegex(@"\b(?:staff|workforce|personnel|positions)\b|professional(?:\s+and\s+higher)?\s+(?:levels?|categor(?:y|ies))|general\s+service|national\s+officers?|\b[PD][-‑–]\d\b", RegexOptions.IgnoreCase)]
    private static partial Regex StaffAnchor();

    /// <summary>Words that put a figure outside the staff tables: where staff work, where they come from, what they did, or a population that is not staff.</summary>
    [GeneratedRegex(@"\b(?:field|headquarters|hardship|duty\s+stations?|locations?|global\s+(?:south|north)|OECD|DAC|core\s+funds?|budget\w*|train\w*|complet\w+|recruit\w*|candidates?|applicants?|offices?|migrants?|beneficiar\w+|compliance|appointments?|promot\w+|consultants?\s+and)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Excluded();

    [GeneratedRegex(@"\b(?:that|this|these|those)\s+(?:number|total|figure|levels?|categor(?:y|ies))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Anaphora();

    [GeneratedRegex(@"^(?:In|At\s+the\s+end\s+of|By\s+the\s+end\s+of|By\s+December|During)\s+(?<y>" + Year + @")\b")]
    private static partial Regex SentenceYear();

    [GeneratedRegex(@"^[^(;]*?\bin\s+(?<y>" + Year + @")\b")]
    private static partial Regex ExplicitYear();

    [GeneratedRegex(@"(?:(?<p>\d{1,3}(?:\.\d+)?)\s?(?:per\s?cent\b|%)|(?<pw>\b[A-Za-z]+(?:[-‑][a-z]+)?)\s+per\s?cent\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Percent();

    [GeneratedRegex(@"\G\s*\((?<y>" + Year + @"):\s*(?<n>" + Number + @")\)")]
    private static partial Regex PreviousYearCount();

    [GeneratedRegex(@"[(;]|,\s")]
    private static partial Regex ClauseEnd();

    /// <summary>A per cent that is a change, not a level: "a 2 per cent increase", "(1% increase compared with 2016)".</summary>
    [GeneratedRegex(@"^\W{0,3}(?:increase|decrease|rise|drop|growth|more|less|fewer|higher|lower|points?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Change();

    /// <summary>"increased by 5 per cent", "an increase of nearly 11 per cent", "up to 78 per cent": a change or an approximation, not the figure the tables print.</summary>
    [GeneratedRegex(@"(?:\b(?:by|of)\s+|\b(?:nearly|almost|about|approximately|around|over|some|up\s+to|more\s+than|less\s+than|roughly)\s+)$", RegexOptions.IgnoreCase)]
    private static partial Regex ChangeOrApproximation();

    [GeneratedRegex(@"^\W*(?:of\s+(?:whom|them)\s+(?:were|are|was)\s+)?(?<sex>" + Sexes + @")\b", RegexOptions.IgnoreCase)]
    private static partial Regex SexAfter();

    [GeneratedRegex(@"\b(?<sex>" + Sexes + @")\b", RegexOptions.IgnoreCase)]
    private static partial Regex SexWord();

    [GeneratedRegex(@"^\s*of\s+(?:the\s+)?(?:IOM\s+)?Member\s+States\s+(?:(?:are|were|is|was)\s+)?represented\b", RegexOptions.IgnoreCase)]
    private static partial Regex MemberStatesAfter();

    [GeneratedRegex(@"\bMember\s+States\s+(?:(?:are|were|is|was)\s+)?represented\s+among\b", RegexOptions.IgnoreCase)]
    private static partial Regex MemberStatesBefore();

    /// <summary>"the percentage of international staff and national staff was", "international staff (": a category is the part.</summary>
    [GeneratedRegex(@"(?:(?:percentage|proportion|share)\s+of\s+(?<c>" + Category + @")(?:\s+and\s+(?<c2>" + Category + @"))?\s+(?:was|were|is|are|stood\s+at)\s*|(?<c>" + Category + @")\s*\(\s*)$", RegexOptions.IgnoreCase)]
    private static partial Regex CategoryBefore();

    /// <summary>Between two figures of one list: ", and ", " in 2022 to ", "), ": nothing that names another part.</summary>
    [GeneratedRegex(@"^(?:[\s,;)]|\band\b|\bto\b|\bin\s+" + Year + @"\b|\(?(?:a\s+)?\d+\s?%\s+(?:increase|decrease)[^)]*\)|\bincrease\b|\bdecrease\b|\bcompared\s+with\s+" + Year + @"\b)*$", RegexOptions.IgnoreCase)]
    private static partial Regex Connective();

    [GeneratedRegex(@"\b(?:" + Band + "|" + Category + "|" + Everyone + @")\b", RegexOptions.IgnoreCase)]
    private static partial Regex Population();

    [GeneratedRegex(P5AndHigher, RegexOptions.IgnoreCase)]
    private static partial Regex BandP5AndHigher();

    [GeneratedRegex(D1ToD2, RegexOptions.IgnoreCase)]
    private static partial Regex BandD1ToD2();

    [GeneratedRegex(@"(?<g>[PD][-‑–]\d)\s+level", RegexOptions.IgnoreCase)]
    private static partial Regex SingleGrade();

    [GeneratedRegex(Professional, RegexOptions.IgnoreCase)]
    private static partial Regex ProfessionalPopulation();

    [GeneratedRegex(GeneralService, RegexOptions.IgnoreCase)]
    private static partial Regex GeneralServicePopulation();

    [GeneratedRegex(Everyone, RegexOptions.IgnoreCase)]
    private static partial Regex AllStaff();

    [GeneratedRegex(@"[,  ]")]
    private static partial Regex ThousandsSeparator();

    [GeneratedRegex(@"\btotal\s+number\s+of\s+(?:IOM\s+)?staff(?:\s+members)?\b[^.;\d]{0,40}?\b(?:was|were|stood\s+at|reached|totalled|amounted\s+to)\s+(?<n>" + Number + @")\b", RegexOptions.IgnoreCase)]
    private static partial Regex TotalWas();

    [GeneratedRegex(@"\btotal\s+(?:of\s+)?(?<n>" + Number + @")\s+(?:IOM\s+)?staff\b", RegexOptions.IgnoreCase)]
    private static partial Regex TotalOfStaff();

    [GeneratedRegex(@"\b(?:total|number\s+of\s+(?:IOM\s+)?staff(?:\s+members)?|headcount|workforce)\b[^.;\d]{0,30}?\b(?:increas\w*|decreas\w*|grew|grown|rose|risen|fell|fallen|went)\s+from\s+(?<n1>" + Number + @")\s+in\s+(?<y1>" + Year + @")\s+to\s+(?<n2>" + Number + @")\s+in\s+(?<y2>" + Year + @")\b", RegexOptions.IgnoreCase)]
    private static partial Regex TotalFromTo();

    [GeneratedRegex(@"\b(?<n1>" + Number + @")\s+(?<s1>women|men)\s+and\s+(?<n2>" + Number + @")\s+(?<s2>women|men)\s+(?:belonged\s+to|were\s+in|worked\s+in|were\s+employed\s+in|in|at)\s+the\s+(?<c>" + Category + @")\b", RegexOptions.IgnoreCase)]
    private static partial Regex WomenAndMenInCategory();

    [GeneratedRegex(@"\b(?<n>" + Number + @")\s+(?:members\s+of\s+staff|staff(?:\s+members)?)\s+(?:working\s+|serving\s+)?(?:at|in)\s+the\s+(?<band>" + Band + @")", RegexOptions.IgnoreCase)]
    private static partial Regex StaffAtGrade();

    [GeneratedRegex(@"\b(?:" + Professional + @")\W+(?:represented|came\s+from|comprised)\s+(?<n>" + Number + @")\s+nationalities\b", RegexOptions.IgnoreCase)]
    private static partial Regex ProfessionalRepresentedNationalities();

    [GeneratedRegex(@"\b(?<n>" + Number + @")\s+nationalities\s+(?:were\s+)?represented\s+(?:at|among|in)\s+(?:the\s+)?(?:" + Professional + @")", RegexOptions.IgnoreCase)]
    private static partial Regex NationalitiesRepresentedAmongProfessional();
}
