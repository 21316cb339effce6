using System.Globalization;

namespace Almanac.Domain;

/// <summary>
/// Why something was refused, as a stable code with its arguments and its English message. The domain says it in English
/// (the command line, the logs); the web says it in the reader's language from the code (its resources), and the API gives
/// the code to programs, which must not read the words.
/// </summary>
/// <param name="Code">A stable name of the rule ("office.code-too-long"): never reworded, only added to.</param>
/// <param name="Message">The English words, as the command line and the audit read them.</param>
/// <param name="Arguments">
/// The values the words name, in the order the code's text numbers them: a value as typed (a string, quoted as the English
/// quotes it), a number, a <see cref="RefusalWord"/> said in the reader's language, a nested <see cref="Refusal"/>, or a
/// list of refusals said one after another.
/// </param>
public sealed record Refusal(string Code, string Message, IReadOnlyList<object> Arguments)
{
    /// <summary>A refusal of a field's value: the English prefixes the field and value ("code 'X1': …"), as the forms name them.</summary>
    public Refusal About(string field, string? value) => this with
    {
        Message = string.IsNullOrEmpty(value) ? $"{field}: {Message}" : $"{field} {InputLimits.Quote(value)}: {Message}",
        Subject = (field, value),
    };

    /// <summary>The field and value the refusal is about (<see cref="About"/>), said before its words; null when none.</summary>
    public (string Field, string? Value)? Subject { get; init; }

    public override string ToString() => Message;

    /// <summary>Two refusals are one when their code, words, arguments and subject are (the arguments compared one by one).</summary>
    public bool Equals(Refusal? other) => other is not null && Code == other.Code && Message == other.Message
        && Subject == other.Subject && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => HashCode.Combine(Code, Message);

    /// <summary>A refusal with arguments, each given as <see cref="Refusal"/>'s parameter describes.</summary>
    public static Refusal Of(string code, string message, params object[] arguments) => new(code, message, arguments);

    /// <summary>An integer argument as the English message writes it (no grouping: lengths and counts of a few digits).</summary>
    public static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A word of a closed vocabulary inside a refusal — a state, an action, a role, a kind — that the reader's language names.</summary>
public sealed record RefusalWord(string Vocabulary, string Value)
{
    public override string ToString() => Value;
}

/// <summary>
/// The question an answer belongs to inside a refusal, as a person reads it: its text in quotes, and for a table cell its
/// row and column (“People assisted…” — Migrants, Women), in the reader's language where the questionnaire has it.
/// </summary>
public sealed record RefusalQuestion(Platform.Question Question, string? Row, string? Column)
{
    /// <summary>The question's words in a language (ISO 639-1), English where the questionnaire has none in it.</summary>
    public string In(string language) => Row is null || Column is null
        ? $"“{Question.TextIn(language)}”"
        : $"“{Question.TextIn(language)}” — {Question.RowIn(Row, language)}, {Question.ColumnIn(Column, language)}";

    public override string ToString() => In("en");
}

/// <summary>Refusals said one after another with a separator of their own ("; " between answers, where a list says ", ").</summary>
public sealed record RefusalList(IReadOnlyList<Refusal> Items, string Separator)
{
    public override string ToString() => string.Join(Separator, Items.Select(r => r.Message));
}
