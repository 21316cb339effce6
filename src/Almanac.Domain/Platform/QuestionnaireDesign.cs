using System.Globalization;

namespace Almanac.Domain.Platform;

/// <summary>Where a question stands in a questionnaire: its section's place and its place in the section, both from 0.</summary>
public readonly record struct QuestionPlace(int Section, int Index)
{
    /// <summary>"2.5": how a form names the place (the section and question numbers, from 0).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Section}.{Index}");

    /// <summary>The place a form named ("2.5"), or null when the text is not one.</summary>
    public static QuestionPlace? Parse(string? text) =>
        text?.Split('.') is [var section, var index]
        && int.TryParse(section, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
        && int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            ? new QuestionPlace(s, i)
            : null;
}

/// <summary>
/// The edits of the questionnaire designer, on a draft that may not pass <see cref="Answering.Check"/> yet: add, move,
/// replace and remove a question by its place (ids may be wrong or twice in a draft, places never are). Each returns a new
/// questionnaire; none checks the result, which is checked as a whole when it is saved, as an imported file is.
/// </summary>
public static class QuestionnaireDesign
{
    /// <summary>Whether the place names a question of the questionnaire.</summary>
    public static bool Holds(Questionnaire questionnaire, QuestionPlace place) =>
        place.Section >= 0 && place.Section < questionnaire.Sections.Count && place.Index >= 0 && place.Index < questionnaire.Sections[place.Section].Questions.Count;

    /// <summary>The question at a place, or a <see cref="NotFoundException"/> naming the place.</summary>
    public static Question At(Questionnaire questionnaire, QuestionPlace place) =>
        Holds(questionnaire, place) ? questionnaire.Sections[place.Section].Questions[place.Index]
            : throw new NotFoundException(Refusal.Of("design.no-question-at", $"no question at place {place} of the {questionnaire.Year} questionnaire: reload the designer", place.ToString(), questionnaire.Year));

    /// <summary>The place of the first question with the id, or null.</summary>
    public static QuestionPlace? PlaceOf(Questionnaire questionnaire, string id)
    {
        for (var s = 0; s < questionnaire.Sections.Count; s++)
        {
            var index = questionnaire.Sections[s].Questions.ToList().FindIndex(q => q.Id == id);
            if (index >= 0) return new QuestionPlace(s, index);
        }
        return null;
    }

    /// <summary>The question at <paramref name="place"/> replaced by <paramref name="question"/>.</summary>
    public static Questionnaire Replace(Questionnaire questionnaire, QuestionPlace place, Question question)
    {
        At(questionnaire, place);
        return WithQuestions(questionnaire, place.Section, questions => questions[place.Index] = question);
    }

    /// <summary>A new question at the end of a section: a yes-no question with an id no question has ("question-7"), and <paramref name="text"/>.</summary>
    public static (Questionnaire Questionnaire, QuestionPlace Place) Add(Questionnaire questionnaire, int section, string text)
    {
        SectionsWithout(questionnaire, section);
        var ids = questionnaire.Questions.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        var n = ids.Count + 1;
        while (ids.Contains(NewId(n))) n++;
        var question = new Question(NewId(n), QuestionKind.YesNo, text, null, false, [], [], [], null);
        var place = new QuestionPlace(section, questionnaire.Sections[section].Questions.Count);
        return (WithQuestions(questionnaire, section, questions => questions.Add(question)), place);
    }

    /// <summary>A section place the questionnaire does not have (a stale page, most often).</summary>
    public static Refusal NoSection(Questionnaire questionnaire, int section) =>
        Refusal.Of("design.no-section-at", string.Create(CultureInfo.InvariantCulture, $"no section at place {section} of the {questionnaire.Year} questionnaire: reload the designer"), section, questionnaire.Year);

    private static string NewId(int n) => string.Create(CultureInfo.InvariantCulture, $"question-{n}");

    /// <summary>The questionnaire without the question at the place.</summary>
    public static Questionnaire Remove(Questionnaire questionnaire, QuestionPlace place)
    {
        At(questionnaire, place);
        return WithQuestions(questionnaire, place.Section, questions => questions.RemoveAt(place.Index));
    }

    /// <summary>
    /// The question moved one place up (<paramref name="down"/> false) or down. From a section's first place up it goes
    /// to the end of the section before; from its last place down, to the start of the section after; at the
    /// questionnaire's first or last place it stays. Returns where it now stands.
    /// </summary>
    public static (Questionnaire Questionnaire, QuestionPlace Place) Move(Questionnaire questionnaire, QuestionPlace place, bool down)
    {
        var question = At(questionnaire, place);
        var count = questionnaire.Sections[place.Section].Questions.Count;
        if (!down && place.Index > 0 || down && place.Index < count - 1)
        {
            var to = place.Index + (down ? 1 : -1);
            return (WithQuestions(questionnaire, place.Section, questions => (questions[place.Index], questions[to]) = (questions[to], questions[place.Index])), place with { Index = to });
        }
        var next = place.Section + (down ? 1 : -1);
        if (next < 0 || next >= questionnaire.Sections.Count) return (questionnaire, place);
        var without = WithQuestions(questionnaire, place.Section, questions => questions.RemoveAt(place.Index));
        var target = down ? 0 : without.Sections[next].Questions.Count;
        return (WithQuestions(without, next, questions => questions.Insert(target, question)), new QuestionPlace(next, target));
    }

    /// <summary>A new empty section at the end, with an id no section has ("section-4") and <paramref name="title"/>; returns its place.</summary>
    public static (Questionnaire Questionnaire, int Section) AddSection(Questionnaire questionnaire, string title)
    {
        var ids = questionnaire.Sections.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var n = ids.Count + 1;
        while (ids.Contains(string.Create(CultureInfo.InvariantCulture, $"section-{n}"))) n++;
        var section = new QuestionnaireSection(string.Create(CultureInfo.InvariantCulture, $"section-{n}"), title, null, []);
        return (questionnaire with { Sections = [.. questionnaire.Sections, section] }, questionnaire.Sections.Count);
    }

    /// <summary>
    /// The section's title in English and its French and Spanish words (a blank one is none: the English shows); its id,
    /// which answers never name, stays.
    /// </summary>
    public static Questionnaire RenameSection(Questionnaire questionnaire, int section, string title, string? french, string? spanish)
    {
        var sections = SectionsWithout(questionnaire, section);
        sections[section] = sections[section] with { Title = title.Trim(), Titles = Translations(french, spanish) };
        return questionnaire with { Sections = sections };
    }

    /// <summary>The questionnaire's title in English and its French and Spanish words (a blank one is none).</summary>
    public static Questionnaire Retitle(Questionnaire questionnaire, string title, string? french, string? spanish) =>
        questionnaire with { Title = title.Trim(), Titles = Translations(french, spanish) };

    /// <summary>The section moved one place up (<paramref name="down"/> false) or down, its questions with it; at either end it stays. Returns where it now stands.</summary>
    public static (Questionnaire Questionnaire, int Section) MoveSection(Questionnaire questionnaire, int section, bool down)
    {
        var sections = SectionsWithout(questionnaire, section);
        var to = section + (down ? 1 : -1);
        if (to < 0 || to >= sections.Count) return (questionnaire, section);
        (sections[section], sections[to]) = (sections[to], sections[section]);
        return (questionnaire with { Sections = sections }, to);
    }

    /// <summary>
    /// The questionnaire without the section, which must hold no question: its questions are moved or removed first, one
    /// by one, by the rules that keep answered questions (a section's removal never takes answers with it).
    /// </summary>
    public static Questionnaire RemoveSection(Questionnaire questionnaire, int section)
    {
        var sections = SectionsWithout(questionnaire, section);
        if (sections[section].Questions.Count > 0)
        {
            var part = sections[section];
            throw new WorkflowException(Refusal.Of("design.section-not-empty",
                string.Create(CultureInfo.InvariantCulture, $"section '{part.Title}' holds {part.Questions.Count} questions: move or remove them first"), $"'{part.Title}'", part.Questions.Count));
        }
        sections.RemoveAt(section);
        return questionnaire with { Sections = sections };
    }

    private static List<QuestionnaireSection> SectionsWithout(Questionnaire questionnaire, int section) =>
        section >= 0 && section < questionnaire.Sections.Count ? [.. questionnaire.Sections] : throw new NotFoundException(NoSection(questionnaire, section));

    private static Dictionary<string, string> Translations(string? french, string? spanish)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(french)) titles["fr"] = french.Trim();
        if (!string.IsNullOrWhiteSpace(spanish)) titles["es"] = spanish.Trim();
        return titles;
    }

    private static Questionnaire WithQuestions(Questionnaire questionnaire, int section, Action<List<Question>> change)
    {
        var sections = questionnaire.Sections.ToList();
        var questions = sections[section].Questions.ToList();
        change(questions);
        sections[section] = sections[section] with { Questions = questions };
        return questionnaire with { Sections = sections };
    }

    /// <summary>
    /// Whether a questionnaire accepts a stored answer, and as what (or why not): a questionnaire that is not there
    /// accepts anything as it is.
    /// </summary>
    private static (bool Accepted, string? Result) Read(Questionnaire? questionnaire, string key, string value)
    {
        if (questionnaire is null) return (true, value);
        try
        {
            return (true, Answering.Normalize(questionnaire, key, value));
        }
        catch (AnswerException error)
        {
            return (false, error.Problem);
        }
    }

    /// <summary>
    /// What a new version of a year's questionnaire would leave without a question, or read otherwise, of the answers the
    /// year's submissions hold: an answered question may not go, change its kind or its unit, nor lose the option, row or
    /// column an answer gives (every stored answer must still be one <see cref="Answering.Normalize"/> accepts, as it is).
    /// Questions no office answered change freely, and anything may be added. One problem per question, with how many
    /// offices answered it.
    /// </summary>
    public static IReadOnlyList<AnswerProblem> AnswersKept(Questionnaire after,
        IEnumerable<(Submission Submission, IReadOnlyDictionary<string, string> Answers)> submissions, Questionnaire? before = null)
    {
        // A problem waits for the count of offices that answered its question, which is known once every answer is read.
        var problems = new Dictionary<string, (string Field, string Code, Func<string, string> English, object[] Arguments)>(StringComparer.Ordinal);
        var offices = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (submission, answers) in submissions)
        {
            foreach (var (key, value) in answers)
            {
                var id = Answering.QuestionOf(key);
                if (!offices.TryGetValue(id, out var set)) offices[id] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(submission.Office);
                if (problems.ContainsKey(id)) continue;
                var earlier = before?.Question(id);
                if (after.Question(id) is not { } question)
                {
                    // An answer its questionnaire had already left (stored before the question went) is no answer to keep.
                    if (before is not null && earlier is null) continue;
                    problems[id] = ("id", "design.answered-removed", who => $"answered by {who}: it cannot be removed from the questionnaire (a new question may be added instead)", []);
                }
                else if (earlier is not null && earlier.Kind != question.Kind)
                {
                    problems[id] = ("kind", "design.answered-kind", who => $"answered by {who}: its kind cannot change (add a question of the new kind with a new id instead)", []);
                }
                else if (earlier is not null && earlier.Unit != question.Unit && question.Kind is QuestionKind.Number or QuestionKind.Table)
                {
                    problems[id] = ("unit", "design.answered-unit", who => $"answered by {who}: its unit cannot change", []);
                }
                else if (Read(before, key, value) is var (wasAccepted, was) && wasAccepted && Read(after, key, value) is var (accepted, now) && (!accepted || now != was))
                {
                    var field = question.Kind switch
                    {
                        QuestionKind.Table => key.Split('/') is [_, var row, _] && !question.Rows.Contains(row, StringComparer.Ordinal) ? "rows" : "columns",
                        QuestionKind.SingleChoice or QuestionKind.MultipleChoice => "options",
                        _ => "kind",
                    };
                    var quoted = InputLimits.Quote(value);
                    problems[id] = accepted
                        ? (field, "design.answered-read-otherwise", who => $"answered by {who}, whose answer {quoted} it would read otherwise", [quoted])
                        : (field, "design.answered-refused", who => $"answered by {who}, whose answer {quoted} it would no longer accept ({now})", [quoted, now ?? ""]);
                }
            }
        }
        // In the questionnaire's order, as the designer lists the questions.
        var order = (before ?? after).Questions.Select((q, i) => (q.Id, i)).GroupBy(x => x.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        return [.. problems.OrderBy(p => order.GetValueOrDefault(p.Key, int.MaxValue)).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p =>
        {
            var count = offices[p.Key].Count;
            var who = count == 1
                ? Refusal.Of("design.answered-by-office", $"office {offices[p.Key].Single()}", offices[p.Key].Single())
                : Refusal.Of("design.answered-by-offices", string.Create(CultureInfo.InvariantCulture, $"{count} offices"), count);
            var (field, code, english, arguments) = p.Value;
            var message = $"question '{p.Key}' is " + english(who.Message);
            return new AnswerProblem(p.Key, message, field) { Reason = Refusal.Of(code, message, [$"'{p.Key}'", who, .. arguments]) };
        })];
    }
}

/// <summary>
/// A questionnaire refused as designed (nothing is written): each problem of <see cref="Answering.Check"/> or
/// <see cref="QuestionnaireDesign.AnswersKept"/>, by question and field, for the form to show beside the field.
/// </summary>
public sealed class QuestionnaireRefusedException(int year, IReadOnlyList<AnswerProblem> problems)
    : FieldProblemsException($"The {year} questionnaire was not saved: " + string.Join("; ", problems.Select(Describe)),
        [.. problems.Select(p => new FieldProblem(p.Field is null ? p.Key : $"{p.Key}.{p.Field}", p.Key, Describe(p)))])
{
    public int Year { get; } = year;

    public IReadOnlyList<AnswerProblem> Problems { get; } = problems;

    private static string Describe(AnswerProblem problem) =>
        problem.Problem.StartsWith("question '", StringComparison.Ordinal) ? problem.Problem
            : $"question {InputLimits.Quote(problem.Key)}" + (problem.Field is null ? "" : $", {problem.Field}") + $": {problem.Problem}";
}
