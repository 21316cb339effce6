using Almanac.Domain.Projects;

namespace Almanac.Store;

/// <summary>
/// Which projects of the current portfolio a page shows: each value kept when given (appeal region, recipient country,
/// status, MiGOF node or <see cref="OutsideMigof"/>), then <paramref name="Limit"/> projects from <paramref name="Offset"/> in
/// the portfolio's order.
/// </summary>
public sealed record PortfolioFilter(string? Region, string? Country, ProjectStatus? Status, string? Migof, int Offset, int Limit)
{
    /// <summary>The <see cref="Migof"/> that keeps the projects outside MiGOF.</summary>
    public const string OutsideMigof = ProjectMeasures.OutsideMigof;
}

/// <summary>
/// A page of the current portfolio: its version, the projects shown, how many the filter keeps in all, and the project
/// whose detail was asked for (null when the version has none of that id) with its transactions.
/// </summary>
public sealed record PortfolioPage(PortfolioVersion Version, IReadOnlyList<Project> Shown, int Matching, Project? Detail, IReadOnlyList<ProjectTransaction> DetailTransactions);
