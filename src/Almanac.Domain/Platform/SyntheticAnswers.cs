using System.Globalization;
using Almanac.Domain.Reports.Statements;

namespace Almanac.Domain.Platform;

/// <summary>
/// Deterministic synthetic answers to a questionnaire whose questions link the statements a report printed: exactly as
/// many offices as each statement counts give its answer (a share is taken of the offices the question is shown to,
/// rounded as printed), among the offices the participation rate says responded. Demo data that the reports do not
/// contain, made to match what they print; labelled <see cref="Label"/>.
/// </summary>
public static class SyntheticAnswers
{
    /// <summary>What every generated set of answers is called, so that no one mistakes it for what offices answered.</summary>
    public const string Label = "SYNTHETIC answers generated to reproduce the printed statements";

    /// <summary>The offices that respond and each one's answers.</summary>
    public sealed record Result(IReadOnlyList<Office> Respondents, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Answers);

    /// <summary>
    /// Generates the answers. Throws <see cref="AlmanacException"/> naming the statement when no set of answers can
    /// reproduce it (more offices counted than the question is put to, parts that exceed their whole).
    /// </summary>
    /// <param name="offices">The offices asked to answer (headquarters, regional and country offices).</param>
    /// <param name="participationPercent">The participation rate as printed ("95% in 2017"): respondents are the most offices it
    /// rounds from. By default the questionnaire's <see cref="Questionnaire.Participation"/>, else every office.</param>
    public static Result Generate(Questionnaire questionnaire, IReadOnlyList<Office> offices, int seed, decimal? participationPercent = null)
    {
        var ordered = offices.OrderBy(o => o.Code, StringComparer.Ordinal).ToList();
        var respondentCount = Respondents(ordered.Count, participationPercent ?? questionnaire.Participation?.Percent ?? 100m);
        // Headquarters and the regional offices always respond (they run the exercise); the offices that do not are country
        // offices, so that a statement counting regional offices ("eight Regional Offices") never depends on the seed.
        var respondents = Shuffle(ordered, seed, "respondents").OrderBy(o => o.Kind == OfficeKind.CountryOffice).Take(respondentCount)
            .OrderBy(o => o.Code, StringComparer.Ordinal).ToList();
        var answers = respondents.ToDictionary(o => o.Code, _ => new Dictionary<string, string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var question in questionnaire.Questions)
        {
            var shown = Shuffle(respondents, seed, question.Id).Where(o => Answering.IsShown(questionnaire, question, answers[o.Code])).ToList();
            foreach (var (office, value) in Answer(question, shown, seed))
            {
                if (value is not null) answers[office.Code][question.Id] = value;
            }
        }
        return new Result(respondents, answers.ToDictionary(a => a.Key, a => (IReadOnlyDictionary<string, string>)a.Value, StringComparer.Ordinal));
    }

    /// <summary>The largest number of offices whose share of all offices rounds to the printed rate.</summary>
    public static int Respondents(int offices, decimal participationPercent)
    {
        for (var count = offices; count >= 0; count--)
        {
            if (Math.Round(count * 100m / Math.Max(offices, 1), 0, MidpointRounding.AwayFromZero) == Math.Round(participationPercent, 0, MidpointRounding.AwayFromZero)) return count;
        }
        throw new AlmanacException($"No number of {offices} offices makes a participation rate of {participationPercent}%.");
    }

    private static IEnumerable<(Office Office, string? Value)> Answer(Question question, List<Office> shown, int seed)
    {
        switch (question.Kind)
        {
            case QuestionKind.YesNo:
                var yes = Chosen(question, Answering.Yes, shown);
                return shown.Select(o => (o, (string?)(yes.Contains(o) ? Answering.Yes : Answering.No)));
            case QuestionKind.SingleChoice:
                var taken = new HashSet<Office>();
                var single = new Dictionary<Office, string>();
                foreach (var option in question.Options)
                {
                    foreach (var office in Chosen(question, option, [.. shown.Where(o => !taken.Contains(o))]))
                    {
                        taken.Add(office);
                        single[office] = option;
                    }
                }
                // Offices no statement counts give the first option no statement links (or stay unanswered when every option is linked).
                var rest = question.Options.FirstOrDefault(o => question.Statements.All(l => l.Answer != o));
                return shown.Select(o => (o, single.TryGetValue(o, out var v) ? v : rest));
            case QuestionKind.MultipleChoice:
                var picked = shown.ToDictionary(o => o, _ => new List<string>());
                var start = 0;
                foreach (var option in question.Options)
                {
                    // Each option's offices start where the last one's ended, so that the offices are covered before any is counted twice.
                    var count = Target(question, option, shown.Count);
                    for (var i = 0; i < count; i++) picked[shown[(start + i) % shown.Count]].Add(option);
                    if (shown.Count > 0) start = (start + count) % shown.Count;
                }
                return shown.Select(o => (o, picked[o].Count == 0 ? null : (string?)string.Join(Answering.ChoiceSeparator, question.Options.Where(picked[o].Contains))));
            case QuestionKind.Number:
                return question.Required ? shown.Select(o => (o, (string?)(1 + Stable(seed, question.Id + o.Code) % 9).ToString(CultureInfo.InvariantCulture))) : [];
            case QuestionKind.Text:
                return question.Required ? shown.Select(o => (o, (string?)Label)) : [];
            default:
                return [];
        }
    }

    /// <summary>The offices that give <paramref name="answer"/>: as many as its statements count, by kind of office when they name one.</summary>
    private static HashSet<Office> Chosen(Question question, string answer, List<Office> shown)
    {
        var links = question.Statements.Where(l => l.Answer == answer).ToList();
        var chosen = new HashSet<Office>();
        if (links.Count == 0) return chosen;
        if (links.Any(l => l.OfficeKind is not null))
        {
            foreach (var link in links.Where(l => l.OfficeKind is not null))
            {
                var ofKind = shown.Where(o => o.Kind.Code() == link.OfficeKind).ToList();
                chosen.UnionWith(ofKind.Take(Count(question, link, ofKind.Count)));
            }
            return chosen;
        }
        chosen.UnionWith(shown.Take(Target(question, answer, shown.Count)));
        return chosen;
    }

    /// <summary>How many of the offices shown give the answer; statements of one answer (the same fact printed twice) must agree.</summary>
    private static int Target(Question question, string answer, int shownCount)
    {
        var counts = question.Statements.Where(l => l.Answer == answer && l.OfficeKind is null).Select(l => (Link: l, Count: Count(question, l, shownCount))).ToList();
        if (counts.Count == 0) return 0;
        var first = counts[0];
        var other = counts.FirstOrDefault(c => c.Count != first.Count);
        if (other.Link is not null)
        {
            throw new AlmanacException($"Question '{question.Id}': the statements at {first.Link.Report} line {first.Link.Line} and line {other.Link.Line} count '{answer}' as {first.Count} and {other.Count} offices; link one of them to another question or say which figure to follow.");
        }
        return first.Count;
    }

    /// <summary>The number of offices a statement needs among <paramref name="asked"/>: its count (one more for "more than"), or its share rounded as printed.</summary>
    private static int Count(Question question, StatementLink link, int asked)
    {
        int count;
        if (link.Count is { } printed)
        {
            count = link.Qualifier == StatementQualifier.MoreThan ? printed + 1 : printed;
        }
        else
        {
            var percent = link.Percent!.Value;
            count = (int)Math.Round(percent * asked / 100m, 0, MidpointRounding.AwayFromZero);
            if (link.Qualifier == StatementQualifier.MoreThan) while (count <= asked && count * 100m / Math.Max(asked, 1) <= percent) count++;
            var decimals = OfficeStatement.Decimals(percent);
            if (link.Qualifier == StatementQualifier.Exact && Math.Round(count * 100m / Math.Max(asked, 1), decimals, MidpointRounding.AwayFromZero) != percent)
            {
                throw new AlmanacException($"Question '{question.Id}': no number of the {asked} offices it is put to is {percent.ToString(CultureInfo.InvariantCulture)} per cent ({link.Report} line {link.Line}).");
            }
        }
        if (count > asked)
        {
            throw new AlmanacException($"Question '{question.Id}': the statement at {link.Report} line {link.Line} counts {count} offices, but the question is put to {asked}.");
        }
        return count;
    }

    /// <summary>The offices in an order fixed by the seed and the purpose: the same inputs always give the same answers.</summary>
    private static List<Office> Shuffle(IReadOnlyList<Office> offices, int seed, string purpose) =>
        [.. offices.OrderBy(o => Stable(seed, purpose + "/" + o.Code)).ThenBy(o => o.Code, StringComparer.Ordinal)];

    /// <summary>A hash that does not change between runs (string.GetHashCode does): FNV-1a over the text and the seed.</summary>
    private static uint Stable(int seed, string text)
    {
        var hash = 2166136261u ^ (uint)seed;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return hash;
    }
}
