using System.Globalization;
using System.Text.RegularExpressions;
using Almanac.Analytics.Definitions;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using YamlDotNet.RepresentationModel;

namespace Almanac.Analytics.Rules;

/// <summary>
/// Reads consistency rules from YAML (the format is described at the top of data/rules/staff.yaml): a list of rules,
/// each <c>left</c>, <c>operator</c>, <c>right</c>, <c>by</c>, and optionally <c>severity</c>, <c>missing</c>,
/// <c>tolerance</c>, <c>description</c>. An expression adds terms: <c>staff.headcount[sex=F, category=PH] - 2 * x.y</c>.
/// Every mistake is an <see cref="InputException"/> naming the file, the line, the field and the value.
/// </summary>
public static partial class RuleSetReader
{
    private static readonly string[] Fields = ["id", "description", "left", "operator", "right", "by", "severity", "missing", "tolerance"];

    /// <summary>Parses <paramref name="yaml"/>; <paramref name="file"/> is the name errors give.</summary>
    public static RuleSet Read(string yaml, string file)
    {
        const string Shape = "a rule file is one YAML mapping with a 'rules' list";
        var root = YamlFile.Root(yaml, file, Shape);
        if (root.Children.Count != 1 || !root.Children.TryGetValue(new YamlScalarNode("rules"), out var list) || list is not YamlSequenceNode rules)
        {
            throw new InputException(file, 1, null, null, Shape);
        }
        var result = new List<Rule>();
        foreach (var node in rules)
        {
            if (node is not YamlMappingNode rule) throw Fail(file, node, null, null, "each rule is a mapping (id, left, operator, right, by…)");
            foreach (var key in rule.Children.Keys.OfType<YamlScalarNode>().Where(k => !Fields.Contains(k.Value)))
            {
                throw Fail(file, key, key.Value, null, $"not a rule field; the fields are {string.Join(", ", Fields)}");
            }
            var id = Text(file, rule, "id", required: true)!;
            if (result.Any(r => r.Id == id)) throw Fail(file, rule, "id", id, "two rules have this id");
            var op = Text(file, rule, "operator", required: true)!;
            var by = rule.Children.TryGetValue(new YamlScalarNode("by"), out var byNode)
                ? byNode is YamlSequenceNode sequence ? sequence.Select(n => n is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value) ? s.Value!.Trim() : throw Fail(file, n, "by", null, "a dimension name")).ToList()
                    : throw Fail(file, byNode, "by", null, "a list of dimensions, e.g. [year, grade]")
                : [];
            var tolerance = Text(file, rule, "tolerance", required: false) is { } t
                ? decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw Fail(file, rule, "tolerance", t, "a number of 0 or more")
                : 0;
            result.Add(new Rule(
                id,
                Expression(file, rule, "left"),
                RuleOperators.Parse(op) ?? throw Fail(file, rule, "operator", op, "one of =, <>, <, <=, >, >="),
                Expression(file, rule, "right"),
                by,
                Text(file, rule, "severity", required: false) switch
                {
                    null or "error" => RuleSeverity.Error,
                    "warning" => RuleSeverity.Warning,
                    "information" or "info" => RuleSeverity.Information,
                    var other => throw Fail(file, rule, "severity", other, "error, warning or information"),
                },
                Text(file, rule, "missing", required: false) switch
                {
                    null or "skip" => MissingValues.Skip,
                    "zero" => MissingValues.Zero,
                    "finding" => MissingValues.Finding,
                    var other => throw Fail(file, rule, "missing", other, "skip (no comparison), zero (count as 0) or finding"),
                },
                tolerance,
                Text(file, rule, "description", required: false)));
        }
        return new RuleSet(result);
    }

    /// <summary>The rule files compiled into Almanac (data/rules/*.yaml), read in name order.</summary>
    public static RuleSet ReadEmbedded()
    {
        var assembly = typeof(RuleSetReader).Assembly;
        var rules = RuleSet.Empty;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Almanac.Rules.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            rules = rules.With(Read(reader.ReadToEnd(), "data/rules/" + name["Almanac.Rules.".Length..]));
        }
        return rules;
    }

    /// <summary>Parses "2 * a.b[d=x|y, e=total] - c.d": terms joined by + and -, each an optional coefficient, a measure and a selection.</summary>
    private static RuleExpression Expression(string file, YamlMappingNode rule, string field)
    {
        var text = Text(file, rule, field, required: true)!;
        var terms = new List<RuleTerm>();
        var position = 0;
        var sign = 1m;
        foreach (Match match in TermPattern().Matches(text))
        {
            if (match.Index != position) throw Fail(file, rule, field, text, $"cannot read '{text[position..match.Index].Trim()}'; write terms like 2 * staff.headcount[sex=F] + x.y");
            position = match.Index + match.Length;
            var coefficient = match.Groups["coef"].Success ? decimal.Parse(match.Groups["coef"].Value, CultureInfo.InvariantCulture) : 1m;
            var where = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (match.Groups["where"].Success)
            {
                foreach (var part in match.Groups["where"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = part.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0) throw Fail(file, rule, field, text, $"'{part}' is not DIMENSION=MEMBER");
                    var dimension = part[..eq].Trim();
                    if (where.ContainsKey(dimension)) throw Fail(file, rule, field, text, $"'{dimension}' is selected twice in one term");
                    where[dimension] = part[(eq + 1)..].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                }
            }
            terms.Add(new RuleTerm(match.Groups["measure"].Value, where, sign * coefficient));
            sign = match.Groups["next"].Value switch { "-" => -1m, _ => 1m };
            if (!match.Groups["next"].Success) break;
        }
        if (terms.Count == 0 || position != text.Length) throw Fail(file, rule, field, text, "write terms like staff.headcount[sex=F] + 2 * x.y");
        return new RuleExpression(terms);
    }

    [GeneratedRegex(@"\G\s*(?:(?<coef>\d+(?:\.\d+)?)\s*\*\s*)?(?<measure>[a-z][a-z0-9_.\-]*[a-z0-9])\s*(?:\[(?<where>[^\]]*)\])?\s*(?:(?<next>[+-])|$)")]
    private static partial Regex TermPattern();

    private static string? Text(string file, YamlMappingNode mapping, string field, bool required)
    {
        if (!mapping.Children.TryGetValue(new YamlScalarNode(field), out var node))
        {
            return required ? throw Fail(file, mapping, field, null, "missing") : null;
        }
        return node is YamlScalarNode { Value: { Length: > 0 } value } ? value.Trim() : throw Fail(file, node, field, null, "a text value");
    }

    private static InputException Fail(string file, YamlNode node, string? field, string? value, string problem) =>
        new(file, node.Start.Line, field, value, problem);
}
