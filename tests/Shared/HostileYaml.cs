using System.Text;
using Almanac.Domain;

namespace Almanac.Tests;

/// <summary>
/// YAML documents made to pass one bound of <see cref="InputLimits"/> each, generated from the bound itself so that they
/// stay just past it when it changes. Each is otherwise well-formed YAML of a mapping.
/// </summary>
public static class HostileYaml
{
    /// <summary>The documents, by the bound each passes, with a phrase the refusal must contain and the line it names.</summary>
    public static TheoryData<string> Bounds => new("size", "depth", "aliases", "expansion");

    /// <summary>A document past <paramref name="bound"/>, what its refusal says and the line it names (null: the whole file).</summary>
    public static (string Text, string Says, long? Line) Make(string bound) => bound switch
    {
        "size" => ("a: 1\n# " + new string('x', InputLimits.MaxYamlBytes) + "\n", "larger than the 4 194 304 bytes", null),
        "depth" => ("a: " + new string('[', InputLimits.MaxYamlDepth) + new string(']', InputLimits.MaxYamlDepth) + "\n", $"nest more than {InputLimits.MaxYamlDepth} deep", 1),
        "aliases" => ("a: &x 1\nb:\n" + string.Concat(Enumerable.Repeat("  - *x\n", InputLimits.MaxYamlAliases + 1)), $"more than {InputLimits.Number(InputLimits.MaxYamlAliases)} aliases", InputLimits.MaxYamlAliases + 3),
        "expansion" => (BillionLaughs(), "expands to more than 250 000", 6),
        _ => throw new ArgumentOutOfRangeException(nameof(bound)),
    };

    /// <summary>Nine lists, each of ten aliases of the one before: 57 lines that expand to 10^9 values.</summary>
    public static string BillionLaughs()
    {
        var text = new StringBuilder("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level < 9; level++)
        {
            text.Append($"l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]\n");
        }
        return text.ToString();
    }

    /// <summary>
    /// A questionnaire whose single-choice questions all take their options from the first one's through an alias: a few
    /// hundred kilobytes that expand past <see cref="InputLimits.MaxYamlNodes"/>, with fewer aliases than their bound.
    /// </summary>
    public static string QuestionnaireSharingOptions()
    {
        const int options = 1000;
        var questions = InputLimits.MaxYamlNodes / options + 1;
        var text = new StringBuilder("year: 2023\ntitle: Options shared\nsections:\n  - id: s\n    title: S\n    questions:\n");
        text.Append($"      - {{ id: q0, kind: single-choice, text: Q, options: &options [{string.Join(", ", Enumerable.Range(0, options).Select(i => $"option {i}"))}] }}\n");
        for (var i = 1; i < questions; i++) text.Append($"      - {{ id: q{i}, kind: single-choice, text: Q, options: *options }}\n");
        return text.ToString();
    }
}
