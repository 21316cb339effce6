using Almanac.Domain;
using Almanac.Domain.Platform;
using Microsoft.Extensions.Localization;

namespace Almanac.Web.Localization;

/// <summary>
/// Says what the domain refused in the page's language: a <see cref="Refusal"/>'s code is the text "Refusal.{code}" of
/// UiText, formatted with its arguments, each said in turn (a number in digits, a word of a closed
/// vocabulary by its text, a nested refusal by its own code). A code without a text, or an error without a code, is said
/// by its English message: nothing is ever left unsaid for want of a translation.
/// </summary>
public static class RefusalText
{
    /// <summary>The refusal in the language of the request being served.</summary>
    public static string Say(Refusal refusal, IStringLocalizer<UiText> text)
    {
        var words = text["Refusal." + refusal.Code, [.. refusal.Arguments.Select(a => Argument(a, text))]];
        var body = words.ResourceNotFound ? refusal.Message : words.Value;
        if (words.ResourceNotFound || refusal.Subject is not var (field, value)) return body;
        var label = text["Refusal.Field." + field] is { ResourceNotFound: false } found ? found.Value : field;
        return string.IsNullOrEmpty(value) ? text["Refusal.AboutField", label, body] : text["Refusal.AboutValue", label, InputLimits.Quote(value), body];
    }

    /// <summary>The error in the request's language when it carries a refusal, else its English message.</summary>
    public static string Say(AlmanacException error, IStringLocalizer<UiText> text) => error.Refusal is { } refusal ? Say(refusal, text) : error.Message;

    /// <summary>A problem with one answer, beside its field, in the request's language when it carries a refusal, else its English words.</summary>
    public static string Say(FieldProblem problem, IStringLocalizer<UiText> text) => problem.Reason is { } refusal ? Say(refusal, text) : problem.Message;

    /// <summary>A questionnaire design problem in the request's language when it carries a refusal, else its English words.</summary>
    public static string Say(AnswerProblem problem, IStringLocalizer<UiText> text) => problem.Reason is { } refusal ? Say(refusal, text) : problem.Problem;

    private static string Argument(object argument, IStringLocalizer<UiText> text) => argument switch
    {
        Refusal nested => Say(nested, text),
        IEnumerable<Refusal> list => string.Join(", ", list.Select(r => Say(r, text))),
        RefusalList list => string.Join(list.Separator, list.Items.Select(r => Say(r, text))),
        // The questionnaire's own words in the page's language, where it has them.
        RefusalQuestion question => question.In(UiLanguages.Current),
        RefusalWord word => text[$"{word.Vocabulary}.{word.Value}"] is { ResourceNotFound: false } said ? said.Value : word.Value,
        // As the English message writes them, without grouping: lengths and counts of a few digits, the same in every language.
        int n => Refusal.Number(n),
        long n => Refusal.Number(n),
        _ => argument.ToString() ?? "",
    };
}
