using System.CommandLine;
using Almanac.Domain;
using Almanac.Domain.Publishing;

namespace Almanac.Cli.Commands;

/// <summary>
/// The one <c>--lang en|fr|es</c> of the commands that print in a language (<c>publish</c>: the report's words and
/// numbers; <c>query</c>: its numbers, "1 492" in English, "1 492" with a no-break space in French, "1.492" in Spanish).
/// </summary>
public static class LanguageOption
{
    public static Option<string> Create(string what) => new("--lang")
    {
        Description = $"Language of {what}: {string.Join(", ", NumberFormat.Languages)}.",
        DefaultValueFactory = _ => "en",
    };

    /// <summary>The language given; another is refused, naming the option and the languages there are.</summary>
    public static string Read(ParseResult parse, Option<string> option)
    {
        var language = parse.GetValue(option)!;
        return NumberFormat.Languages.Contains(language)
            ? language
            : throw new AlmanacException($"--lang '{language}': write {string.Join(", ", NumberFormat.Languages)}.");
    }
}
