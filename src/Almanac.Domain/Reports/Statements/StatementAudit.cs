using System.Globalization;
using System.Text.RegularExpressions;
using Almanac.Domain.Tables;

namespace Almanac.Domain.Reports.Statements;

/// <summary>
/// The audit of what reports state about offices: a share against its count and base (rounded as printed), a part
/// larger than its whole or its base, a count larger than the offices that answered the questionnaire (or the part of
/// it the count comes from), and one fact stated twice with two figures — within a report an error, across reports a
/// warning (a later report revised it). A bound ("more than 70") is held to what it allows, never as an exact figure;
/// an approximate figure ("almost two thirds") is not checked.
/// </summary>
public static partial class StatementAudit
{
    /// <summary>The table name findings carry: statements are not a table, but the audit's contract names one.</summary>
    public const string Table = "office-statements";

    /// <summary>Findings about the statements of every document given, each at the statement's line.</summary>
    public static IReadOnlyList<Finding> Run(IEnumerable<(long SourceId, string Source, OfficeStatement Statement)> statements)
    {
        var all = statements.ToList();
        var findings = new List<Finding>();
        foreach (var document in all.GroupBy(s => s.SourceId))
        {
            var source = document.First().Source;
            var list = document.Select(s => s.Statement).ToList();
            var byOrdinal = list.ToDictionary(s => s.Ordinal);
            findings.AddRange(ShareMatchesCount(list, source, document.Key));
            findings.AddRange(PartWithinWhole(list, byOrdinal, source, document.Key));
            findings.AddRange(WithinRespondents(list, source, document.Key));
        }
        findings.AddRange(SameFactAgrees(all));
        return findings;
    }

    private static IEnumerable<Finding> ShareMatchesCount(IEnumerable<OfficeStatement> statements, string source, long sourceId)
    {
        foreach (var s in statements)
        {
            if (s is not { Count: { } count, Percent: { } percent, Base: { } whole } || whole <= 0) continue;
            var decimals = OfficeStatement.Decimals(percent);
            var exact = count * 100m / whole;
            var computed = Math.Round(exact, decimals, MidpointRounding.AwayFromZero);
            var wrong = s.Qualifier switch
            {
                StatementQualifier.Exact => computed != percent,
                StatementQualifier.MoreThan => exact <= percent,
                StatementQualifier.AtLeast => exact < percent,
                _ => false,
            };
            if (!wrong) continue;
            yield return new Finding(Table, "statement-share-matches-count",
                $"{s.Figure}: {count} of {whole} offices is {computed.ToString(CultureInfo.InvariantCulture)} per cent, not {Printed(s)} ({Quote(s)})",
                percent, computed, source, s.Line, FindingSeverity.Error, sourceId);
        }
    }

    private static IEnumerable<Finding> PartWithinWhole(IReadOnlyList<OfficeStatement> statements, Dictionary<int, OfficeStatement> byOrdinal, string source, long sourceId)
    {
        foreach (var s in statements)
        {
            if (s.Count is not { } count || s.Qualifier == StatementQualifier.Approximately) continue;
            if (s.Base is { } whole && count > whole)
            {
                yield return new Finding(Table, "statement-part-within-whole",
                    $"{s.Figure} is more than the {whole} offices it is a part of ({Quote(s)})", count, whole, source, s.Line, FindingSeverity.Error, sourceId);
                continue;
            }
            if (s.Role is not (StatementRole.Part or StatementRole.Subset) || s.Parent is not { } parentOrdinal || !byOrdinal.TryGetValue(parentOrdinal, out var parent)) continue;
            if (parent.Year != s.Year || parent.Count is null || parent.Qualifier != StatementQualifier.Exact) continue;
            // "105 Country Offices and eight Regional Offices … (80 offices)": the whole is the group.
            var group = parent.Count.Value + statements.Where(c => c.Role == StatementRole.Conjunct && c.Parent == parent.Ordinal).Sum(c => c.Count ?? 0);
            if (count <= group) continue;
            yield return new Finding(Table, "statement-part-within-whole",
                $"{s.Figure} is more than the {group} offices of the statement it refines at line {parent.Line} ({Quote(s)})",
                count, group, source, s.Line, FindingSeverity.Error, sourceId);
        }
    }

    /// <summary>
    /// A statement that offices responded to the questionnaire, or to a part of it, bounds every count that follows it in
    /// its section for that year (the section of the report that draws on that part).
    /// </summary>
    private static IEnumerable<Finding> WithinRespondents(IReadOnlyList<OfficeStatement> statements, string source, long sourceId)
    {
        foreach (var respondents in statements.Where(s => s.Role == StatementRole.Main && s.Count is not null && s.Qualifier == StatementQualifier.Exact && Responded().IsMatch(s.Subject)))
        {
            foreach (var s in statements.Where(s => s.Ordinal > respondents.Ordinal && s.Section == respondents.Section && s.Year == respondents.Year))
            {
                if (s.Count is not { } count || s.Qualifier == StatementQualifier.Approximately || count <= respondents.Count!.Value) continue;
                yield return new Finding(Table, "statement-within-respondents",
                    $"{s.Figure} is more than the {respondents.Count} offices that responded (line {respondents.Line}) ({Quote(s)})",
                    count, respondents.Count, source, s.Line, FindingSeverity.Error, sourceId);
            }
        }
    }

    /// <summary>
    /// The same fact (year and what the offices did, by the words of the subject) stated with two counts. Only whole
    /// statements are compared, not parts, and only when the subjects say nearly the same thing in nearly the same words.
    /// </summary>
    private static IEnumerable<Finding> SameFactAgrees(IReadOnlyList<(long SourceId, string Source, OfficeStatement Statement)> all)
    {
        var candidates = all
            .Where(x => x.Statement.Role is StatementRole.Main or StatementRole.Comparison && x.Statement.Count is not null && x.Statement.Qualifier == StatementQualifier.Exact)
            .Select(x => (x.SourceId, x.Source, x.Statement, Words: ContentWords(x.Statement.Subject)))
            .Where(x => x.Words.Count >= 4)
            .ToList();
        var reported = new HashSet<(long, int)>();
        for (var i = 0; i < candidates.Count; i++)
        {
            for (var j = i + 1; j < candidates.Count; j++)
            {
                var (a, b) = (candidates[i], candidates[j]);
                if (a.Statement.Year != b.Statement.Year || a.Statement.Count == b.Statement.Count) continue;
                if (Similarity(a.Words, b.Words) < SameSubject) continue;
                if (!reported.Add((b.SourceId, b.Statement.Ordinal))) continue;
                var sameDocument = a.SourceId == b.SourceId;
                yield return new Finding(Table, "statement-same-fact-agrees",
                    $"{b.Statement.Count} offices {b.Statement.Subject} in {b.Statement.Year}, but {a.Statement.Count} in {a.Source} line {a.Statement.Line} ({Quote(b.Statement)})",
                    b.Statement.Count, a.Statement.Count, b.Source, b.Statement.Line, sameDocument ? FindingSeverity.Error : FindingSeverity.Warning, b.SourceId);
            }
        }
    }

    /// <summary>How alike two subjects must be (shared content words over all of them) to be one fact.</summary>
    public const double SameSubject = 0.8;

    private static double Similarity(HashSet<string> a, HashSet<string> b) => (double)a.Intersect(b).Count() / a.Union(b).Count();

    /// <summary>The subject's words that carry meaning, crudely stemmed ("offices" and "office", "reported" and "reporting" alike).</summary>
    private static HashSet<string> ContentWords(string subject) =>
        [.. Word().Matches(subject.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length >= 3 && !StopWords.Contains(w)).Select(Stem)];

    private static string Stem(string word)
    {
        foreach (var suffix in (string[])["ing", "ed", "es", "s"])
        {
            if (word.Length > suffix.Length + 3 && word.EndsWith(suffix, StringComparison.Ordinal)) return word[..^suffix.Length];
        }
        return word;
    }

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "that", "they", "their", "had", "have", "has", "been", "were", "was", "with", "for", "from", "into", "its", "iom", "offices",
        "office", "reported", "reporting", "also", "which", "this", "these", "those", "other", "such", "during", "year", "some", "more", "than",
    };

    private static string Printed(OfficeStatement s) => (s.Percent!.Value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    private static string Quote(OfficeStatement s) => s.Text.Length <= 120 ? $"\"{s.Text}\"" : $"\"{s.Text[..117]}…\"";

    [GeneratedRegex(@"\b(?:respond|responded|answered|replied|completed|took\s+part|participated)\b.*\b(?:questionnaire|survey)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Responded();

    [GeneratedRegex(@"[a-z]+")]
    private static partial Regex Word();
}
