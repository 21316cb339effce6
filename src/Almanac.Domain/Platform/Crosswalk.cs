namespace Almanac.Domain.Platform;

/// <summary>A node named across frameworks, written "framework/node" ("migof/principle-1").</summary>
public sealed record NodeRef(string Framework, string Node)
{
    public const char Separator = '/';

    /// <summary>"migof/principle-1" as a reference; null when the text is not a framework and a node joined by a slash.</summary>
    public static NodeRef? Parse(string? text)
    {
        var at = text?.IndexOf(Separator, StringComparison.Ordinal) ?? -1;
        if (text is null || at <= 0 || at == text.Length - 1) return null;
        return new NodeRef(text[..at].Trim(), text[(at + 1)..].Trim());
    }

    public override string ToString() => $"{Framework}{Separator}{Node}";
}

/// <summary>One crosswalk entry: a node and the nodes of a later (or earlier) framework that continue its work.</summary>
public sealed record CrosswalkLink(NodeRef From, IReadOnlyList<NodeRef> To);

/// <summary>What is wrong with a crosswalk entry: the field as the file writes it, the value given, and why.</summary>
public sealed record CrosswalkProblem(string Field, string? Value, string Problem);

/// <summary>
/// The crosswalk between frameworks, read both ways: a node's counterparts in another framework are the nodes its entries
/// name, and the nodes whose entries name it. Results of a year can so be read under the framework in force in another
/// year (2017's answers under the Strategic Plan's objectives, 2023's under MiGOF's principles).
/// </summary>
public sealed record Crosswalk(IReadOnlyList<CrosswalkLink> Links)
{
    /// <summary>Every framework's entries, as stored with the frameworks.</summary>
    public static Crosswalk Of(IEnumerable<Framework> frameworks) => new([.. frameworks.SelectMany(f => f.Crosswalk)]);

    /// <summary>
    /// The nodes of <paramref name="framework"/> that continue (or are continued by) <paramref name="node"/>, in the
    /// framework's order when it is given; the node itself when it is of that framework.
    /// </summary>
    public IReadOnlyList<string> Counterparts(NodeRef node, string framework)
    {
        if (node.Framework == framework) return [node.Node];
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in Links)
        {
            if (link.From == node) found.UnionWith(link.To.Where(t => t.Framework == framework).Select(t => t.Node));
            else if (link.From.Framework == framework && link.To.Contains(node)) found.Add(link.From.Node);
        }
        return [.. found.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// What is wrong with the entries, given the frameworks they name: a reference that is not "framework/node", a node or
    /// framework that does not exist, an entry without nodes to go to, a node mapped to its own framework or mapped twice.
    /// </summary>
    public IEnumerable<CrosswalkProblem> Problems(IReadOnlyCollection<Framework> frameworks)
    {
        var seen = new HashSet<NodeRef>();
        foreach (var link in Links)
        {
            if (Unknown("crosswalk.from", link.From, frameworks) is { } from) yield return from;
            else if (!seen.Add(link.From)) yield return new("crosswalk.from", link.From.ToString(), "this node has an entry already: list all the nodes it maps to in one entry");
            if (link.To.Count == 0) yield return new("crosswalk.to", link.From.ToString(), "an entry lists the nodes that continue it (at least one)");
            foreach (var to in link.To)
            {
                if (Unknown("crosswalk.to", to, frameworks) is { } problem) yield return problem;
                else if (to.Framework == link.From.Framework) yield return new("crosswalk.to", to.ToString(), $"a crosswalk maps a node to another framework's nodes, not to {link.From.Framework}'s own");
            }
        }
    }

    private static CrosswalkProblem? Unknown(string field, NodeRef node, IReadOnlyCollection<Framework> frameworks)
    {
        var framework = frameworks.FirstOrDefault(f => f.Id == node.Framework);
        if (framework is null) return new(field, node.ToString(), $"no framework '{node.Framework}': write framework/node, one of {string.Join(", ", frameworks.Select(f => f.Id))}");
        return framework.Node(node.Node) is null ? new(field, node.ToString(), $"no node '{node.Node}' in framework '{framework.Id}'") : null;
    }
}
