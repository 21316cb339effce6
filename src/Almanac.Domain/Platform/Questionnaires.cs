using System.Globalization;

namespace Almanac.Domain.Platform;

/// <summary>The kinds of question a questionnaire can ask.</summary>
public enum QuestionKind
{
    YesNo,
    SingleChoice,
    MultipleChoice,
    Number,
    Text,
    Table,
}

/// <summary>A question is shown only when another question's answer equals (or, for multiple choice, includes) a value.</summary>
public sealed record ShowIf(string Question, string Value);

/// <summary>
/// One question. Choice questions list <paramref name="Options"/>; a table question has <paramref name="Rows"/> ×
/// <paramref name="Columns"/> number cells (e.g. people assisted by sex).
/// </summary>
public sealed record Question(string Id, QuestionKind Kind, string Text, string? Help, bool Required,
    IReadOnlyList<string> Options, IReadOnlyList<string> Rows, IReadOnlyList<string> Columns, ShowIf? ShowIf)
{
    /// <summary>The printed statements this question's answers stand behind: which answer each counts, and the figure printed.</summary>
    public IReadOnlyList<StatementLink> Statements { get; init; } = [];

    /// <summary>The question in other languages, by ISO 639-1 code ("fr", "es"); English is <see cref="Text"/>.</summary>
    public IReadOnlyDictionary<string, QuestionText> Translations { get; init; } = new Dictionary<string, QuestionText>(StringComparer.Ordinal);
}

/// <summary>A question's words in one language: its text, its help, and its options' labels in the options' order.</summary>
public sealed record QuestionText(string Text, string? Help, IReadOnlyList<string> Options);

/// <summary>
/// A statement of a published report that a question's answers reproduce: the report (its file name without extension,
/// e.g. "annual-report-2018") and the line of the figure, the answer it counts ("yes", an option), and the figure as
/// printed — a count of offices, or a share of the offices the question was put to — with its qualifier.
/// </summary>
/// <param name="OfficeKind">The kind of office the count is of, when the statement names one ("105 Country Offices and eight Regional Offices"): country, regional, headquarters.</param>
public sealed record StatementLink(string Report, int Line, string Answer, int? Count, decimal? Percent, Reports.Statements.StatementQualifier Qualifier, string? OfficeKind = null);

/// <summary>A section of a questionnaire, tied to the results-framework node whose results it reports.</summary>
public sealed record QuestionnaireSection(string Id, string Title, string? FrameworkNode, IReadOnlyList<Question> Questions);

/// <summary>A year's questionnaire: versioned by year, organized by the framework in force.</summary>
public sealed record Questionnaire(int Year, string Title, string Framework, IReadOnlyList<QuestionnaireSection> Sections)
{
    public IEnumerable<Question> Questions => Sections.SelectMany(s => s.Questions);

    public Question? Question(string id) => Questions.FirstOrDefault(q => q.Id == id);

    public QuestionnaireSection? SectionOf(string questionId) => Sections.FirstOrDefault(s => s.Questions.Any(q => q.Id == questionId));
}

/// <summary>A problem with one answer (or with a questionnaire's design): which key, and what is wrong, in words for the user.</summary>
public sealed record AnswerProblem(string Key, string Problem);

/// <summary>
/// The rules of answering: how answers are keyed and written, which questions are shown, which answers are valid and
/// complete. Answers are strings keyed by question id; a table cell is keyed "question/row/column"; multiple choices
/// are written as the chosen options joined by <see cref="ChoiceSeparator"/>.
/// </summary>
public static class Answering
{
    public const string ChoiceSeparator = "; ";
    public const string Yes = "yes";
    public const string No = "no";

    public static string CellKey(string question, string row, string column) => $"{question}/{row}/{column}";

    /// <summary>The question id an answer key belongs to.</summary>
    public static string QuestionOf(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? key : key[..slash];
    }

    public static IReadOnlyList<string> Choices(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether a question is shown, given the answers so far (a question hidden by a hidden question is hidden).</summary>
    public static bool IsShown(Questionnaire questionnaire, Question question, IReadOnlyDictionary<string, string> answers)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var current = question;
        while (current.ShowIf is { } condition)
        {
            if (!seen.Add(current.Id)) return false; // a cycle is refused by Check; never loop on one
            var value = answers.GetValueOrDefault(condition.Question);
            var other = questionnaire.Question(condition.Question);
            var holds = other?.Kind == QuestionKind.MultipleChoice
                ? Choices(value).Contains(condition.Value, StringComparer.Ordinal)
                : string.Equals(value?.Trim(), condition.Value, StringComparison.Ordinal);
            if (!holds || other is null) return false;
            current = other;
        }
        return true;
    }

    /// <summary>
    /// Normalizes one answer as typed (trimmed, numbers in invariant form, yes/no lower case); an empty value means "no
    /// answer" and normalizes to null. Throws <see cref="AnswerException"/> for a key the questionnaire does not have
    /// or a value its question does not accept.
    /// </summary>
    public static string? Normalize(Questionnaire questionnaire, string key, string? value)
    {
        var question = questionnaire.Question(QuestionOf(key)) ?? throw new AnswerException(key, value, "no such question in the questionnaire");
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        switch (question.Kind)
        {
            case QuestionKind.Table:
                var parts = key.Split('/');
                if (parts.Length != 3 || !question.Rows.Contains(parts[1]) || !question.Columns.Contains(parts[2]))
                    throw new AnswerException(key, value, "no such cell in the table");
                return Number(key, text);
            case QuestionKind.Number when key == question.Id:
                return Number(key, text);
            case QuestionKind.YesNo when key == question.Id:
                var lower = text.ToLowerInvariant();
                return lower is Yes or No ? lower : throw new AnswerException(key, value, "answer yes or no");
            case QuestionKind.SingleChoice when key == question.Id:
                return question.Options.Contains(text, StringComparer.Ordinal) ? text : throw new AnswerException(key, value, $"not one of the options ({string.Join(", ", question.Options)})");
            case QuestionKind.MultipleChoice when key == question.Id:
                var chosen = Choices(text);
                var unknown = chosen.FirstOrDefault(c => !question.Options.Contains(c, StringComparer.Ordinal));
                if (unknown is not null) throw new AnswerException(key, value, $"'{unknown}' is not one of the options ({string.Join(", ", question.Options)})");
                // In the questionnaire's order, each once: the same choice written twice is one answer.
                return string.Join(ChoiceSeparator, question.Options.Where(chosen.Contains));
            case QuestionKind.Text when key == question.Id:
                return text.Length <= 4000 ? text : throw new AnswerException(key, null, "longer than 4000 characters");
            default:
                throw new AnswerException(key, value, "no such answer for this question");
        }
    }

    private static string Number(string key, string text)
    {
        if (!decimal.TryParse(text.Replace(" ", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
            throw new AnswerException(key, text, "not a number");
        if (number < 0) throw new AnswerException(key, text, "must not be negative");
        return (number / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The problems that keep a submission from being submitted: required answers missing on shown questions.</summary>
    public static IReadOnlyList<AnswerProblem> Incomplete(Questionnaire questionnaire, IReadOnlyDictionary<string, string> answers)
    {
        var problems = new List<AnswerProblem>();
        foreach (var question in questionnaire.Questions.Where(q => q.Required && IsShown(questionnaire, q, answers)))
        {
            var answered = question.Kind == QuestionKind.Table
                ? question.Rows.All(r => question.Columns.All(c => answers.ContainsKey(CellKey(question.Id, r, c))))
                : answers.TryGetValue(question.Id, out var value) && !string.IsNullOrWhiteSpace(value);
            if (!answered) problems.Add(new AnswerProblem(question.Id, question.Kind == QuestionKind.Table ? "every cell of this table is required" : "an answer is required"));
        }
        return problems;
    }

    /// <summary>Checks a questionnaire's design: unique ids, choices with options, tables with rows and columns, show-if naming an earlier question.</summary>
    public static IReadOnlyList<AnswerProblem> Check(Questionnaire questionnaire)
    {
        var problems = new List<AnswerProblem>();
        var earlier = new Dictionary<string, Question>(StringComparer.Ordinal);
        foreach (var question in questionnaire.Questions)
        {
            if (string.IsNullOrWhiteSpace(question.Id) || question.Id.Contains('/', StringComparison.Ordinal))
                problems.Add(new AnswerProblem(question.Id, "a question id must be non-empty and without '/'"));
            if (earlier.ContainsKey(question.Id)) problems.Add(new AnswerProblem(question.Id, "appears twice"));
            if (question.Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice && question.Options.Count == 0)
                problems.Add(new AnswerProblem(question.Id, "a choice question needs options"));
            if (question.Options.Any(o => o.Contains(';', StringComparison.Ordinal)))
                problems.Add(new AnswerProblem(question.Id, "an option must not contain ';'"));
            if (question.Kind == QuestionKind.Table && (question.Rows.Count == 0 || question.Columns.Count == 0))
                problems.Add(new AnswerProblem(question.Id, "a table question needs rows and columns"));
            if (question.Rows.Concat(question.Columns).Any(x => x.Contains('/', StringComparison.Ordinal)))
                problems.Add(new AnswerProblem(question.Id, "a row or column must not contain '/'"));
            if (question.ShowIf is { } condition && !earlier.ContainsKey(condition.Question))
                problems.Add(new AnswerProblem(question.Id, $"show-if names '{condition.Question}', which is not an earlier question"));
            foreach (var link in question.Statements)
            {
                var answers = question.Kind switch
                {
                    QuestionKind.YesNo => [Yes, No],
                    QuestionKind.SingleChoice or QuestionKind.MultipleChoice => question.Options,
                    _ => (IReadOnlyList<string>)[],
                };
                if (!answers.Contains(link.Answer, StringComparer.Ordinal))
                    problems.Add(new AnswerProblem(question.Id, $"the statement at {link.Report} line {link.Line} counts the answer '{link.Answer}', which the question does not offer"));
                if (link.Count is null && link.Percent is null)
                    problems.Add(new AnswerProblem(question.Id, $"the statement at {link.Report} line {link.Line} needs a count or a percent"));
                if (link.Count < 0 || link.Percent is < 0 or > 100 || link.Line <= 0 || string.IsNullOrWhiteSpace(link.Report))
                    problems.Add(new AnswerProblem(question.Id, $"the statement at {link.Report} line {link.Line} has a report, a line above 0 and a count or a percent between 0 and 100"));
            }
            foreach (var (language, words) in question.Translations)
            {
                if (words.Options.Count != 0 && words.Options.Count != question.Options.Count)
                    problems.Add(new AnswerProblem(question.Id, $"the {language} translation has {words.Options.Count} options where the question has {question.Options.Count}"));
            }
            earlier[question.Id] = question;
        }
        return problems;
    }
}

/// <summary>An answer the questionnaire does not accept: names the answer key, the value and why.</summary>
public sealed class AnswerException(string key, string? value, string problem)
    : AlmanacException($"answer '{key}'" + (value is null ? "" : $", value '{value}'") + $": {problem}")
{
    public string Key { get; } = key;
    public string Problem { get; } = problem;
}
