using Almanac.Domain.Platform;

namespace Almanac.Domain.Projects;

/// <summary>
/// The frameworks a project's node is read under: it is given as a MiGOF node, and its Strategic Plan counterparts come
/// from the frameworks' crosswalk (the one mapping results use too, data/platform/frameworks.yaml), never from a table of
/// the projects' own.
/// </summary>
public static class ProjectFrameworks
{
    /// <summary>The framework a project's <see cref="Project.Migof"/> node belongs to.</summary>
    public const string Migof = "migof";

    /// <summary>The framework that continues MiGOF's work from 2024.</summary>
    public const string StrategicPlan = "strategic-plan-2024-2028";

    /// <summary>The MiGOF node as a reference across frameworks; null for a project outside MiGOF.</summary>
    public static NodeRef? MigofNode(Project project) => project.Migof is { } node ? new NodeRef(Migof, node) : null;

    /// <summary>The Strategic Plan nodes that continue the project's MiGOF node, through the crosswalk; none outside MiGOF.</summary>
    public static IReadOnlyList<string> StrategicPlanNodes(Project project, Crosswalk crosswalk) =>
        MigofNode(project) is { } node ? crosswalk.Counterparts(node, StrategicPlan) : [];
}
