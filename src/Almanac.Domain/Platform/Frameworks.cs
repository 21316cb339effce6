namespace Almanac.Domain.Platform;

/// <summary>
/// A versioned results framework (MiGOF for 2016–2019, the Strategic Plan 2024–2028, …): a tree of nodes, in force
/// for the years <paramref name="FromYear"/> to <paramref name="ToYear"/>.
/// </summary>
public sealed record Framework(string Id, string Name, int FromYear, int ToYear, IReadOnlyList<FrameworkNode> Nodes)
{
    public bool InForce(int year) => year >= FromYear && year <= ToYear;

    public FrameworkNode? Node(string id) => Nodes.FirstOrDefault(n => n.Id == id);

    /// <summary>
    /// The crosswalk entries from this framework's nodes to the nodes of another framework that continue them (MiGOF's
    /// principles to the Strategic Plan's priorities, …); kept with the framework they start from, so that they are stored,
    /// exported and replaced with it.
    /// </summary>
    public IReadOnlyList<CrosswalkLink> Crosswalk { get; init; } = [];

    /// <summary>The node and every node below it, for filtering results by a node of any level.</summary>
    public IReadOnlySet<string> Subtree(string id)
    {
        var result = new HashSet<string>(StringComparer.Ordinal) { id };
        bool grew;
        do
        {
            grew = false;
            foreach (var node in Nodes)
            {
                if (node.Parent is not null && result.Contains(node.Parent) && result.Add(node.Id)) grew = true;
            }
        }
        while (grew);
        return result;
    }
}

/// <summary>One node of a framework: its kind as the framework names it ("principle", "objective", "enabler", …).</summary>
public sealed record FrameworkNode(string Id, string Kind, string Title, string? Parent, IReadOnlyList<Indicator> Indicators);

/// <summary>An indicator measured against a node, with its baseline and target where the framework sets them.</summary>
public sealed record Indicator(string Id, string Title, decimal? Baseline, decimal? Target);
