using System.Globalization;
using System.Text.RegularExpressions;
using Almanac.Domain.Publishing;

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

/// <summary>
/// What the number a number question or a table cell asks for is: a count (people, offices, products — a whole number, the
/// default) or an amount (money, area — up to <see cref="InputLimits.FactDecimals"/> decimals). Both are non-negative and
/// below <see cref="InputLimits.FactValueLimit"/>, the fact table's range, so that a locked year's facts can hold them.
/// </summary>
public enum NumberUnit
{
    Count,
    Amount,
}

/// <summary>A question is shown only when another question's answer equals (or, for multiple choice, includes) a value.</summary>
public sealed record ShowIf(string Question, string Value);

/// <summary>
/// One question. Choice questions list <paramref name="Options"/>; a table question has <paramref name="Rows"/> ×
/// <paramref name="Columns"/> number cells (e.g. people assisted by sex). A number question's and a table's cells' numbers
/// are of <paramref name="Unit"/>.
/// </summary>
public sealed record Question(string Id, QuestionKind Kind, string Text, string? Help, bool Required,
    IReadOnlyList<string> Options, IReadOnlyList<string> Rows, IReadOnlyList<string> Columns, ShowIf? ShowIf, NumberUnit Unit = NumberUnit.Count)
{
    /// <summary>
    /// How many answers the question can take, as a form posts them: a table one per cell, a multiple choice one per
    /// option (a ticked box each), any other question one.
    /// </summary>
    public int AnswerFields => Kind switch
    {
        QuestionKind.Table => Rows.Count * Columns.Count,
        QuestionKind.MultipleChoice => Options.Count,
        _ => 1,
    };

    /// <summary>The printed statements this question's answers stand behind: which answer each counts, and the figure printed.</summary>
    public IReadOnlyList<StatementLink> Statements { get; init; } = [];

    /// <summary>The question in other languages, by ISO 639-1 code ("fr", "es"); English is <see cref="Text"/>.</summary>
    public IReadOnlyDictionary<string, QuestionText> Translations { get; init; } = new Dictionary<string, QuestionText>(StringComparer.Ordinal);

    /// <summary>The question's text in a language (ISO 639-1), English when it has none in that language.</summary>
    public string TextIn(string language) => Translations.TryGetValue(language, out var words) ? words.Text : Text;

    /// <summary>The question's help in a language, the English help when the translation gives none.</summary>
    public string? HelpIn(string language) => Translations.TryGetValue(language, out var words) && words.Help is not null ? words.Help : Help;

    /// <summary>
    /// An option's label in a language: the translation's label in the option's place, the option itself (English, and
    /// the answer stored whatever the language) when the translation lists no options.
    /// </summary>
    public string OptionIn(string option, string language) =>
        Translations.TryGetValue(language, out var words) ? Label(Options, words.Options, option) : option;

    /// <summary>A table row's label in a language, the row itself (the key its cells are stored under) when the translation lists no rows.</summary>
    public string RowIn(string row, string language) =>
        Translations.TryGetValue(language, out var words) ? Label(Rows, words.Rows, row) : row;

    /// <summary>A table column's label in a language, the column itself when the translation lists no columns.</summary>
    public string ColumnIn(string column, string language) =>
        Translations.TryGetValue(language, out var words) ? Label(Columns, words.Columns, column) : column;

    /// <summary>The translated label in the place of <paramref name="name"/> among the English names, when the translation lists as many.</summary>
    private static string Label(IReadOnlyList<string> names, IReadOnlyList<string> translated, string name)
    {
        if (translated.Count != names.Count) return name;
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal)) return translated[i];
        }
        return name;
    }
}

/// <summary>A question's words in one language: its text, its help, and its options' labels in the options' order.</summary>
public sealed record QuestionText(string Text, string? Help, IReadOnlyList<string> Options)
{
    /// <summary>A table question's row labels, in the rows' order (none: the English rows are shown).</summary>
    public IReadOnlyList<string> Rows { get; init; } = [];

    /// <summary>A table question's column labels, in the columns' order (none: the English columns are shown).</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];
}

/// <summary>
/// A statement of a published report that a question's answers reproduce: the report (its file name without extension,
/// e.g. "annual-report-2018") and the line of the figure, the answer it counts ("yes", an option), and the figure as
/// printed — a count of offices, or a share of the offices the question was put to — with its qualifier.
/// </summary>
/// <param name="OfficeKind">The kind of office the count is of, when the statement names one ("105 Country Offices and eight Regional Offices"): country, regional, headquarters.</param>
/// <param name="Say">
/// The sentence the report's chapter writes for this result, in each language, with placeholders for the counted figures:
/// see <see cref="StatementSentences"/>. Null when the chapter says nothing of it.
/// </param>
public sealed record StatementLink(string Report, int Line, string Answer, int? Count, decimal? Percent, Reports.Statements.StatementQualifier Qualifier,
    string? OfficeKind = null, LocalizedText? Say = null);

/// <summary>
/// The placeholders of a <see cref="StatementLink.Say"/> sentence: {count} the offices that gave the answer (of the link's
/// office kind), {percent} their share of the offices that answered the question, {base} the offices that answered it
/// (yes-no and single-choice questions, whose answers exclude each other), {year} the year. The publisher writes the
/// unit of a share and a figure that starts a sentence in words.
/// </summary>
public static partial class StatementSentences
{
    public const string Count = "count";
    public const string Percent = "percent";
    public const string Base = "base";
    public const string Year = "year";

    /// <summary>The placeholders of a template, in order, with where each stands.</summary>
    public static IEnumerable<(string Name, int Index, int Length)> Placeholders(string template) =>
        PlaceholderPattern().Matches(template).Select(m => (m.Groups[1].Value, m.Index, m.Length));

    /// <summary>What is wrong with a link's sentences, if anything: unknown placeholders, a figure the link prints but its sentence leaves out.</summary>
    public static IEnumerable<string> Problems(Question question, StatementLink link)
    {
        if (link.Say is null) yield break;
        if (!link.Say.Has("en")) yield return "a sentence is written in English at least";
        foreach (var language in link.Say.Texts.Keys.Where(l => !NumberFormat.Languages.Contains(l)))
            yield return $"a sentence in '{language}': the report is written in {string.Join(", ", NumberFormat.Languages)}";
        foreach (var (language, text) in link.Say.Texts)
        {
            var names = Placeholders(text).Select(p => p.Name).ToList();
            foreach (var name in names.Where(n => n is not (Count or Percent or Base or Year)).Distinct(StringComparer.Ordinal))
                yield return $"the {language} sentence names {{{name}}}: a sentence may name {{count}}, {{percent}}, {{base}} and {{year}}";
            if (link.Count is not null && !names.Contains(Count)) yield return $"the {language} sentence does not give {{count}}, which the report prints";
            if (link.Percent is not null && !names.Contains(Percent)) yield return $"the {language} sentence does not give {{percent}}, which the report prints";
            if (names.Contains(Base) && question.Kind is not (QuestionKind.YesNo or QuestionKind.SingleChoice))
                yield return $"the {language} sentence names {{base}}, which only a yes-no or single-choice question has";
            if (text.Contains('{', StringComparison.Ordinal) && names.Count != text.Count(c => c == '{'))
                yield return $"the {language} sentence has a brace that is not a placeholder";
        }
    }

    [GeneratedRegex(@"\{([a-z]+)\}")]
    private static partial Regex PlaceholderPattern();
}

/// <summary>A section of a questionnaire, tied to the results-framework node whose results it reports.</summary>
public sealed record QuestionnaireSection(string Id, string Title, string? FrameworkNode, IReadOnlyList<Question> Questions)
{
    /// <summary>The section's title in other languages, by ISO 639-1 code ("fr", "es"); English is <see cref="Title"/>.</summary>
    public IReadOnlyDictionary<string, string> Titles { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The title in a language, English when the section has none in that language.</summary>
    public string TitleIn(string language) => Titles.GetValueOrDefault(language) ?? Title;
}

/// <summary>A year's questionnaire: versioned by year, organized by the framework in force.</summary>
public sealed record Questionnaire(int Year, string Title, string Framework, IReadOnlyList<QuestionnaireSection> Sections)
{
    /// <summary>The participation rate a report printed for this questionnaire ("the participation rate reached 95% in 2017"), as a share of all offices.</summary>
    public StatementLink? Participation { get; init; }

    /// <summary>The questionnaire's title in other languages, by ISO 639-1 code ("fr", "es"); English is <see cref="Title"/>.</summary>
    public IReadOnlyDictionary<string, string> Titles { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The title in a language, English when the questionnaire has none in that language.</summary>
    public string TitleIn(string language) => Titles.GetValueOrDefault(language) ?? Title;

    public IEnumerable<Question> Questions => Sections.SelectMany(s => s.Questions);

    public Question? Question(string id) => Questions.FirstOrDefault(q => q.Id == id);

    public QuestionnaireSection? SectionOf(string questionId) => Sections.FirstOrDefault(s => s.Questions.Any(q => q.Id == questionId));
}

/// <summary>
/// A problem with one answer (or with a questionnaire's design): which key, and what is wrong, in words for the user. A
/// design problem names the question's <paramref name="Field"/> as the questionnaire file writes it ("options",
/// "show-if", "fr.text"), so that a file's error gives its line and a form shows it beside its field; null when it
/// concerns the whole question.
/// </summary>
public sealed record AnswerProblem(string Key, string Problem, string? Field = null)
{
    /// <summary>The rule that refused, by code and arguments, for a page in another language; null when the problem has only its English.</summary>
    public Refusal? Reason { get; init; }
}

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
    /// or a value its question does not accept: a number outside <see cref="InputLimits"/> (a count not whole, an amount
    /// with more decimals than the fact table keeps), a text longer than <see cref="InputLimits.MaxTextAnswerLength"/>.
    /// </summary>
    public static string? Normalize(Questionnaire questionnaire, string key, string? value)
    {
        var question = questionnaire.Question(QuestionOf(key)) ?? throw new AnswerException(key, value, Refusal.Of("answer.no-such-question", "no such question in the questionnaire"));
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        switch (question.Kind)
        {
            case QuestionKind.Table:
                var parts = key.Split('/');
                if (parts.Length != 3 || !question.Rows.Contains(parts[1]) || !question.Columns.Contains(parts[2]))
                    throw new AnswerException(key, value, Refusal.Of("answer.no-such-cell", "no such cell in the table"));
                return Number(key, text, question.Unit);
            case QuestionKind.Number when key == question.Id:
                return Number(key, text, question.Unit);
            case QuestionKind.YesNo when key == question.Id:
                var lower = text.ToLowerInvariant();
                return lower is Yes or No ? lower : throw new AnswerException(key, value, Refusal.Of("answer.yes-or-no", "answer yes or no"));
            case QuestionKind.SingleChoice when key == question.Id:
                return question.Options.Contains(text, StringComparer.Ordinal) ? text : throw new AnswerException(key, value, Refusal.Of("answer.not-an-option", $"not one of the options ({string.Join(", ", question.Options)})", string.Join(", ", question.Options)));
            case QuestionKind.MultipleChoice when key == question.Id:
                var chosen = Choices(text);
                var unknown = chosen.FirstOrDefault(c => !question.Options.Contains(c, StringComparer.Ordinal));
                if (unknown is not null) throw new AnswerException(key, value, Refusal.Of("answer.option-unknown", $"{InputLimits.Quote(unknown)} is not one of the options ({string.Join(", ", question.Options)})", InputLimits.Quote(unknown), string.Join(", ", question.Options)));
                // In the questionnaire's order, each once: the same choice written twice is one answer.
                return string.Join(ChoiceSeparator, question.Options.Where(chosen.Contains));
            case QuestionKind.Text when key == question.Id:
                return text.Length <= InputLimits.MaxTextAnswerLength ? text
                    : throw new AnswerException(key, null, Refusal.Of("answer.text-too-long", $"longer than {InputLimits.MaxTextAnswerLength} characters (it has {text.Length})", InputLimits.MaxTextAnswerLength, text.Length));
            default:
                throw new AnswerException(key, value, Refusal.Of("answer.no-such-answer", "no such answer for this question"));
        }
    }

    /// <summary>
    /// Normalizes the answers of one save (<see cref="Normalize"/> each): at most <see cref="InputLimits.MaxAnswersPerSubmission"/>
    /// of them, as many as a questionnaire may ask.
    /// </summary>
    public static Dictionary<string, string?> NormalizeAll(Questionnaire questionnaire, IReadOnlyDictionary<string, string?> answers)
    {
        if (answers.Count > InputLimits.MaxAnswersPerSubmission)
            throw TooManyAnswers(answers.Count);
        return answers.ToDictionary(a => a.Key, a => Normalize(questionnaire, a.Key, a.Value), StringComparer.Ordinal);
    }

    private static string Number(string key, string text, NumberUnit unit)
    {
        var digits = text.Replace(" ", "", StringComparison.Ordinal);
        if (!decimal.TryParse(digits, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            // Beyond decimal's range (about 7.9 × 10^28) parsing fails as it does for letters: say which it was.
            var plain = digits.Replace(",", "", StringComparison.Ordinal).TrimStart('+', '-');
            var tooLarge = plain.Length > 0 && plain.Count(c => c == '.') <= 1 && plain.All(c => char.IsAsciiDigit(c) || c == '.');
            throw new AnswerException(key, text, tooLarge ? TooLarge(unit) : Refusal.Of("answer.not-a-number", "not a number"));
        }
        if (number < 0) throw new AnswerException(key, text, Refusal.Of("answer.negative", "must not be negative"));
        if (unit == NumberUnit.Count && number != decimal.Truncate(number)) throw new AnswerException(key, text, Refusal.Of("answer.count-not-whole", "a count is a whole number"));
        if (number >= InputLimits.FactValueLimit) throw new AnswerException(key, text, TooLarge(unit));
        if (!InputLimits.FitsFactTable(number)) throw new AnswerException(key, text, Refusal.Of("answer.too-many-decimals", $"at most {InputLimits.FactDecimals} decimals", InputLimits.FactDecimals));
        return (number / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
    }

    private static Refusal TooLarge(NumberUnit unit) => unit == NumberUnit.Count
        ? Refusal.Of("answer.count-too-large", $"too large: a count is at most {InputLimits.MaxCount.ToString(CultureInfo.InvariantCulture)}", InputLimits.MaxCount.ToString(CultureInfo.InvariantCulture))
        : Refusal.Of("answer.amount-too-large", $"too large: an amount is below {InputLimits.FactValueLimit.ToString(CultureInfo.InvariantCulture)}", InputLimits.FactValueLimit.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// A stored number answer (a number question's or a table cell's) as the figure results add up and a locked year's
    /// facts hold. Answers are checked by <see cref="Normalize"/> as they are saved, so this only refuses a value stored
    /// before the bounds were: with the office and the answer named, rather than an overflow in the sums or a refusal by
    /// the fact table.
    /// </summary>
    public static decimal Figure(Submission submission, string key, string value)
    {
        if (TryFigure(value, out var number)) return number;
        throw new AnswerException(key, value, Refusal.Of("answer.stored-out-of-range",
            $"office {submission.Office}'s answer (submission {submission.Id}) is not a figure the fact table can hold (non-negative, below 10^14, at most "
            + $"{InputLimits.FactDecimals} decimals); it was stored before answers were checked against these bounds and must be corrected before it can be counted",
            submission.Office, submission.Id, InputLimits.FactDecimals));
    }

    /// <summary>Whether a stored number answer is a figure the fact table can hold (non-negative, below 10^14, at most 4 decimals).</summary>
    public static bool TryFigure(string value, out decimal number) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out number) && number >= 0 && InputLimits.FitsFactTable(number);

    /// <summary>Whether a stored answer key is a figure of the questionnaire: a number question's answer or a table cell.</summary>
    public static bool IsFigure(Questionnaire questionnaire, string key) => questionnaire.Question(QuestionOf(key)) is { } question
        && (question.Kind == QuestionKind.Number && key == question.Id || question.Kind == QuestionKind.Table && key != question.Id);

    /// <summary>
    /// The stored figures of a submission that are outside the bounds of <see cref="InputLimits"/> — answers saved before
    /// the bounds were checked (or written around the platform): with <paramref name="shownOnly"/>, only those of questions
    /// shown, which are the ones results and the year lock count.
    /// </summary>
    public static IReadOnlyList<OutOfRangeAnswer> OutOfRange(Questionnaire questionnaire, Submission submission, IReadOnlyDictionary<string, string> answers, bool shownOnly = false) =>
        [.. answers.Where(a => IsFigure(questionnaire, a.Key) && !TryFigure(a.Value, out _)
                && (!shownOnly || IsShown(questionnaire, questionnaire.Question(QuestionOf(a.Key))!, answers)))
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => new OutOfRangeAnswer(submission.Id, submission.Office, submission.Year, submission.State, a.Key, a.Value))];

    /// <summary>The problems that keep a submission from being submitted: required answers missing on shown questions.</summary>
    public static IReadOnlyList<AnswerProblem> Incomplete(Questionnaire questionnaire, IReadOnlyDictionary<string, string> answers) =>
        [.. questionnaire.Questions.Where(q => IsAsked(questionnaire, q, answers) && !IsAnswered(q, answers))
            .Select(Missing)];

    private static AnswerProblem Missing(Question question)
    {
        var reason = question.Kind == QuestionKind.Table
            ? Refusal.Of("answer.table-required", "every cell of this table is required")
            : Refusal.Of("answer.required", "an answer is required");
        return new AnswerProblem(question.Id, reason.Message) { Reason = reason };
    }

    /// <summary>Whether a question must be answered before submitting: it is required and shown.</summary>
    public static bool IsAsked(Questionnaire questionnaire, Question question, IReadOnlyDictionary<string, string> answers) =>
        question.Required && IsShown(questionnaire, question, answers);

    /// <summary>Whether a question has its answer: a table every cell, any other question a value.</summary>
    public static bool IsAnswered(Question question, IReadOnlyDictionary<string, string> answers) => question.Kind == QuestionKind.Table
        ? question.Rows.All(r => question.Columns.All(c => answers.ContainsKey(CellKey(question.Id, r, c))))
        : answers.TryGetValue(question.Id, out var value) && !string.IsNullOrWhiteSpace(value);

    /// <summary>
    /// How far each section is: its required shown questions answered of how many, by the rules <see cref="Incomplete"/>
    /// applies (a question show-if hides is not counted).
    /// </summary>
    public static IReadOnlyList<SectionProgress> Progress(Questionnaire questionnaire, IReadOnlyDictionary<string, string> answers) =>
        [.. questionnaire.Sections.Select(section =>
        {
            var asked = section.Questions.Where(q => IsAsked(questionnaire, q, answers)).ToList();
            return new SectionProgress(section.Id, asked.Count(q => IsAnswered(q, answers)), asked.Count);
        })];

    /// <summary>
    /// The question an answer key belongs to, as a person reads it: its text in quotes, and for a table cell its row and
    /// column (“People assisted…” — Migrants, Women). A key of no question is quoted as it is.
    /// </summary>
    public static string Describe(Questionnaire questionnaire, string key) => Described(questionnaire, key).ToString() ?? key;

    /// <summary>
    /// The question of an answer key as a refusal names it: a <see cref="RefusalQuestion"/> said in the reader's language,
    /// or the key quoted when it is no question's.
    /// </summary>
    private static object Described(Questionnaire questionnaire, string key)
    {
        if (questionnaire.Question(QuestionOf(key)) is not { } question) return InputLimits.Quote(key);
        var parts = key.Split('/');
        return parts.Length == 3 ? new RefusalQuestion(question, parts[1], parts[2]) : new RefusalQuestion(question, null, null);
    }

    /// <summary>
    /// A problem with one answer, for the person who typed it: beside its field, naming its question by its text and the
    /// value typed; said in the reader's language from its <see cref="FieldProblem.Reason"/>.
    /// </summary>
    public static FieldProblem Worded(Questionnaire questionnaire, string key, Refusal problem, string? value)
    {
        var question = Described(questionnaire, key);
        var reason = string.IsNullOrWhiteSpace(value)
            ? Refusal.Of("answer.field", $"{question}: {problem.Message}", question, problem)
            : Refusal.Of("answer.field-value", $"{question}: {problem.Message} (you entered {InputLimits.Quote(value.Trim())})", question, problem, InputLimits.Quote(value.Trim()));
        return new(key, QuestionOf(key), reason.Message) { Reason = reason };
    }

    /// <summary>Too many answers in one save, more than any questionnaire asks.</summary>
    private static AlmanacException TooManyAnswers(int count) => new(Refusal.Of("answer.too-many",
        $"{count} answers in one save: a questionnaire asks at most {InputLimits.MaxAnswersPerSubmission}", count, InputLimits.MaxAnswersPerSubmission));

    /// <summary>
    /// Normalizes the answers of one save like <see cref="NormalizeAll"/>, but finds every answer the questionnaire does not
    /// accept rather than the first: refused with all of them (<see cref="AnswersRefusedException"/>), worded for the form.
    /// </summary>
    public static Dictionary<string, string?> NormalizeOrRefuse(Questionnaire questionnaire, IReadOnlyDictionary<string, string?> answers)
    {
        if (answers.Count > InputLimits.MaxAnswersPerSubmission)
            throw TooManyAnswers(answers.Count);
        var normalized = new Dictionary<string, string?>(StringComparer.Ordinal);
        var problems = new List<FieldProblem>();
        foreach (var (key, value) in answers)
        {
            try
            {
                normalized[key] = Normalize(questionnaire, key, value);
            }
            catch (AnswerException error)
            {
                // A text too long is not echoed back: its length says enough.
                problems.Add(Worded(questionnaire, key, error.Reason, error.Value));
            }
        }
        return problems.Count == 0 ? normalized : throw new AnswersRefusedException(problems);
    }

    /// <summary>
    /// Checks a questionnaire's design: unique ids, a text for every question and translation, choices with options,
    /// tables with rows and columns, show-if naming an earlier question and an answer it can give, every word within
    /// the bounds of <see cref="InputLimits"/>. Each problem names the question and its field.
    /// </summary>
    public static IReadOnlyList<AnswerProblem> Check(Questionnaire questionnaire)
    {
        var problems = new List<AnswerProblem>();
        CheckTitles(TitleKey, questionnaire.Title, questionnaire.Titles, problems);
        foreach (var section in questionnaire.Sections) CheckTitles(SectionKey(section.Id), section.Title, section.Titles, problems);
        var earlier = new Dictionary<string, Question>(StringComparer.Ordinal);
        var fields = 0;
        foreach (var question in questionnaire.Questions)
        {
            void Add(string field, string problem) => problems.Add(new AnswerProblem(question.Id, problem, field));
            void Refuse(string field, Refusal refusal) => problems.Add(new AnswerProblem(question.Id, refusal.Message, field) { Reason = refusal });
            if (string.IsNullOrWhiteSpace(question.Id) || question.Id.Contains('/', StringComparison.Ordinal))
                Refuse("id", Refusal.Of("design.id-empty", "a question id must be non-empty and without '/'"));
            else if (question.Id.Length > InputLimits.MaxQuestionIdLength || question.Id.Any(char.IsWhiteSpace))
                Refuse("id", Refusal.Of("design.id-too-long", $"a question id has at most {InputLimits.MaxQuestionIdLength} characters and no spaces", InputLimits.MaxQuestionIdLength));
            if (earlier.ContainsKey(question.Id)) Refuse("id", Refusal.Of("design.id-twice", "appears twice"));
            if (string.IsNullOrWhiteSpace(question.Text)) Refuse("text", Refusal.Of("design.text-required", "a question needs its text"));
            CheckWords(question.Text, "text", Add);
            CheckWords(question.Help, "help", Add);
            if (question.Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice && question.Options.Count == 0)
                Refuse("options", Refusal.Of("design.options-required", "a choice question needs options"));
            if (question.Options.Any(o => o.Contains(';', StringComparison.Ordinal)))
                Refuse("options", Refusal.Of("design.option-semicolon", "an option must not contain ';'"));
            if (question.Kind == QuestionKind.Table && (question.Rows.Count == 0 || question.Columns.Count == 0))
                Refuse(question.Rows.Count == 0 ? "rows" : "columns", Refusal.Of("design.table-needs-rows-columns", "a table question needs rows and columns"));
            if (question.Rows.Any(x => x.Contains('/', StringComparison.Ordinal))) Add("rows", "a row must not contain '/'");
            if (question.Columns.Any(x => x.Contains('/', StringComparison.Ordinal))) Add("columns", "a column must not contain '/'");
            CheckList(question.Options, "options", Add);
            CheckList(question.Rows, "rows", Add);
            CheckList(question.Columns, "columns", Add);
            if (question.ShowIf is { } condition)
            {
                if (!earlier.TryGetValue(condition.Question, out var shownBy))
                    Refuse("show-if", Refusal.Of("design.show-if-not-earlier", $"show-if names '{condition.Question}', which is not an earlier question", $"'{condition.Question}'"));
                else if (ShowIfValues(shownBy) is { } values && !values.Contains(condition.Value, StringComparer.Ordinal))
                    Refuse("show-if", Refusal.Of("design.show-if-cannot-answer", $"show-if asks '{condition.Question}' for {InputLimits.Quote(condition.Value)}, which it cannot answer (its answers: {string.Join(", ", values)})",
                        $"'{condition.Question}'", InputLimits.Quote(condition.Value), string.Join(", ", values)));
            }
            foreach (var link in question.Statements)
            {
                var answers = question.Kind switch
                {
                    QuestionKind.YesNo => [Yes, No],
                    QuestionKind.SingleChoice or QuestionKind.MultipleChoice => question.Options,
                    _ => (IReadOnlyList<string>)[],
                };
                if (!answers.Contains(link.Answer, StringComparer.Ordinal))
                    Add("statements", $"the statement at {link.Report} line {link.Line} counts the answer '{link.Answer}', which the question does not offer");
                if (link.Count is null && link.Percent is null)
                    Add("statements", $"the statement at {link.Report} line {link.Line} needs a count or a percent");
                if (link.Count < 0 || link.Percent is < 0 or > 100 || link.Line <= 0 || string.IsNullOrWhiteSpace(link.Report))
                    Add("statements", $"the statement at {link.Report} line {link.Line} has a report, a line above 0 and a count or a percent between 0 and 100");
                foreach (var problem in StatementSentences.Problems(question, link))
                    Add("statements", $"the statement at {link.Report} line {link.Line}: {problem}");
            }
            foreach (var (language, words) in question.Translations)
            {
                if (string.IsNullOrWhiteSpace(words.Text)) Refuse($"{language}.text", Refusal.Of("design.translation-text-required", "a translation needs the question's text"));
                CheckWords(words.Text, $"{language}.text", Add);
                CheckWords(words.Help, $"{language}.help", Add);
                CheckList(words.Options, $"{language}.options", Add);
                CheckList(words.Rows, $"{language}.rows", Add);
                CheckList(words.Columns, $"{language}.columns", Add);
                if (words.Options.Count != 0 && words.Options.Count != question.Options.Count)
                    Add($"{language}.options", $"the {language} translation has {words.Options.Count} options where the question has {question.Options.Count}");
                if (words.Rows.Count != 0 && words.Rows.Count != question.Rows.Count)
                    Add($"{language}.rows", $"the {language} translation has {words.Rows.Count} rows where the question has {question.Rows.Count}");
                if (words.Columns.Count != 0 && words.Columns.Count != question.Columns.Count)
                    Add($"{language}.columns", $"the {language} translation has {words.Columns.Count} columns where the question has {question.Columns.Count}");
            }
            fields += question.AnswerFields;
            if (fields > InputLimits.MaxAnswersPerSubmission && fields - question.AnswerFields <= InputLimits.MaxAnswersPerSubmission)
                problems.Add(new AnswerProblem(question.Id, $"the questionnaire asks more than {InputLimits.MaxAnswersPerSubmission} answers up to this question (a table counts each cell, a multiple choice each option)"));
            earlier[question.Id] = question;
        }
        return problems;
    }

    /// <summary>The key <see cref="Check"/> names the questionnaire's title by (its field "title", "fr.title", "es.title").</summary>
    public const string TitleKey = "questionnaire";

    /// <summary>The key <see cref="Check"/> names a section's title by ("section:membership").</summary>
    public static string SectionKey(string sectionId) => "section:" + sectionId;

    /// <summary>A title (the questionnaire's, a section's) is given and within a question's words' bounds, in English and in each translation.</summary>
    private static void CheckTitles(string key, string title, IReadOnlyDictionary<string, string> titles, List<AnswerProblem> problems)
    {
        foreach (var (field, words) in titles.Select(t => ($"{t.Key}.title", t.Value)).Prepend(("title", title)))
        {
            if (string.IsNullOrWhiteSpace(words))
            {
                var refusal = Refusal.Of("design.title-required", "a title is required");
                problems.Add(new AnswerProblem(key, refusal.Message, field) { Reason = refusal });
            }
            else if (words.Length > InputLimits.MaxQuestionWordsLength)
            {
                var refusal = Refusal.Of("design.title-too-long", $"a title has at most {InputLimits.MaxQuestionWordsLength} characters (this one has {words.Length})", InputLimits.MaxQuestionWordsLength, words.Length);
                problems.Add(new AnswerProblem(key, refusal.Message, field) { Reason = refusal });
            }
        }
    }

    /// <summary>The answers a show-if can ask a question for: yes or no, its options; null when any value may be (a number, a text).</summary>
    public static IReadOnlyList<string>? ShowIfValues(Question question) => question.Kind switch
    {
        QuestionKind.YesNo => [Yes, No],
        QuestionKind.SingleChoice or QuestionKind.MultipleChoice => question.Options,
        _ => null,
    };

    private static void CheckWords(string? words, string field, Action<string, string> add)
    {
        if (words is { Length: > InputLimits.MaxQuestionWordsLength })
            add(field, $"longer than the {InputLimits.Number(InputLimits.MaxQuestionWordsLength)} characters a question's words may have (it has {InputLimits.Number(words.Length)})");
    }

    private static void CheckList(IReadOnlyList<string> labels, string field, Action<string, string> add)
    {
        if (labels.Count > InputLimits.MaxQuestionChoices)
            add(field, $"{InputLimits.Number(labels.Count)} entries, more than the {InputLimits.MaxQuestionChoices} a question may list");
        if (labels.FirstOrDefault(l => string.IsNullOrWhiteSpace(l) || l.Length > InputLimits.MaxChoiceLength) is { } label)
            add(field, $"an entry must be non-empty and at most {InputLimits.MaxChoiceLength} characters ({InputLimits.Quote(label)})");
        if (labels.GroupBy(l => l, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            add(field, $"{InputLimits.Quote(twice.Key)} is listed twice");
    }
}

/// <summary>An answer the questionnaire does not accept: names the answer key, the value (cut when long) and why.</summary>
/// <summary>
/// A stored figure outside the bounds of <see cref="InputLimits"/> (saved before they were checked): which submission,
/// office and answer, and the value as stored. Results leave it out of their sums, the year lock refuses it, and an
/// administrator returns the submission to its office to correct it.
/// </summary>
public sealed record OutOfRangeAnswer(long Submission, string Office, int Year, SubmissionState State, string Key, string Value)
{
    /// <summary>"office CO-MLI, question data-products, value '7922…' (submission 12, approved)"; a table cell names its row and column.</summary>
    public string Describe()
    {
        var parts = Key.Split('/');
        var answer = parts.Length == 3 ? $"question {parts[0]}, cell {parts[1]} / {parts[2]}" : $"question {Key}";
        return $"office {Office}, {answer}, value {InputLimits.Quote(Value)} (submission {Submission}, {SubmissionWorkflow.Name(State)})";
    }
}

public sealed class AnswerException(string key, string? value, Refusal problem)
    : AlmanacException(value is null
        ? Refusal.Of("answer.refused", $"answer {InputLimits.Quote(key)}: {problem.Message}", InputLimits.Quote(key), problem)
        : Refusal.Of("answer.refused-value", $"answer {InputLimits.Quote(key)}, value {InputLimits.Quote(value)}: {problem.Message}", InputLimits.Quote(key), InputLimits.Quote(value), problem))
{
    public string Key { get; } = key;
    public string Problem => Reason.Message;

    /// <summary>What is wrong with the value, by code, for a reader of another language.</summary>
    public Refusal Reason { get; } = problem;

    /// <summary>The value as typed, or null when the message leaves it out (a text too long).</summary>
    public string? Value { get; } = value;
}

/// <summary>How far one section is: its required shown questions answered, of how many.</summary>
public sealed record SectionProgress(string Section, int Answered, int Required);

/// <summary>A problem with one answer as a form shows it beside its field: the answer key, its question, and the message in the question's words.</summary>
public sealed record FieldProblem(string Key, string Question, string Message)
{
    /// <summary>The message by code and arguments, for a page in another language; null when it has only its English.</summary>
    public Refusal? Reason { get; init; }
}

/// <summary>Answers refused by field (nothing is written): each problem is shown beside the field it concerns.</summary>
public class FieldProblemsException : AlmanacException
{
    public FieldProblemsException(string message, IReadOnlyList<FieldProblem> fields) : base(message) => Fields = fields;

    /// <summary>Problems by field under a refusal that says them all (its English is the message).</summary>
    public FieldProblemsException(Refusal refusal, IReadOnlyList<FieldProblem> fields) : base(refusal) => Fields = fields;

    public IReadOnlyList<FieldProblem> Fields { get; }

    /// <summary>The problems said one after another ("; " between them), each by its code where it has one.</summary>
    protected static RefusalList Listed(IReadOnlyList<FieldProblem> fields) =>
        new([.. fields.Select(f => f.Reason ?? Refusal.Of("answer.uncoded", f.Message))], "; ");
}

/// <summary>A save refused because answers are not what their questions accept: every one of them, named by its question's text.</summary>
public sealed class AnswersRefusedException(IReadOnlyList<FieldProblem> fields)
    : FieldProblemsException(fields.Count == 1
        ? Refusal.Of("answer.not-saved", $"Not saved: {fields[0].Message}", Listed(fields))
        : Refusal.Of("answer.not-saved-many", $"Not saved: {fields.Count} answers need correcting: " + string.Join("; ", fields.Select(f => f.Message)), fields.Count, Listed(fields)), fields);
