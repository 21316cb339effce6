namespace Almanac.Domain.Projects;

/// <summary>
/// The fact-table measures a project portfolio gives, for funding coverage: what the projects require (their budgets) and
/// what donors have committed, by year, appeal region, recipient country and MiGOF node; a project shared between
/// countries counts in each by its share.
/// </summary>
public static class ProjectMeasures
{
    /// <summary>Budgets, US dollars.</summary>
    public const string Required = "funding.required";

    /// <summary>Donors' commitments, US dollars at the rates the transactions state.</summary>
    public const string Funded = "funding.funded";

    /// <summary>The appeal region (its slug); not "region", which names the UN M49 region a country rolls up to.</summary>
    public const string AppealRegion = "appeal_region";

    /// <summary>The recipient country; <see cref="Analytics.Hierarchies.Unassigned"/> for a regional or global project.</summary>
    public const string Country = "country";

    /// <summary>The MiGOF node; <see cref="OutsideMigof"/> for an institutional project outside them.</summary>
    public const string Migof = "migof";

    /// <summary>The member of <see cref="Migof"/> for projects that serve no MiGOF node (the appeal's institutional initiatives).</summary>
    public const string OutsideMigof = "none";

    /// <summary>The dimensions of both measures, in their slot order.</summary>
    public static readonly IReadOnlyList<string> Dimensions = [AppealRegion, Country, Migof];
}
