namespace Almanac.Domain.Projects;

/// <summary>
/// A project of the portfolio (PRIMA's unit of work): where it runs, when, what it costs by year, who funds it, which
/// framework node it serves, its gender marker and the appeal line it answers. Immutable; amounts in US dollars.
/// </summary>
/// <param name="Id">The organization's own project code ("PR-2018-0001"); IATI identifiers prefix it with the organization's.</param>
/// <param name="Titles">The title in English, French and Spanish (English required).</param>
/// <param name="Descriptions">What the project does, in the same languages (optional).</param>
/// <param name="Offices">The codes of the offices that run it, the first the managing office.</param>
/// <param name="Countries">The recipient countries with their shares, adding to 100; empty for a regional or global project.</param>
/// <param name="AppealRegion">The appeal region it belongs to, as the appeal's slug ("asia-and-the-pacific", "global").</param>
/// <param name="Migof">The MiGOF node it serves ("principle-1" … "objective-3"), or null for an institutional project outside them.</param>
/// <param name="GenderMarker">The gender marker's rating, on the DAC policy significance scale (0 not targeted, 1 significant, 2 principal).</param>
/// <param name="AppealLine">The appeal line it answers, "YEAR/region/migof" ("2018/asia-and-the-pacific/objective-1"), or null.</param>
public sealed record Project(
    string Id,
    ProjectTexts Titles,
    ProjectTexts Descriptions,
    IReadOnlyList<string> Offices,
    IReadOnlyList<CountryShare> Countries,
    string AppealRegion,
    DateOnly Start,
    DateOnly End,
    ProjectStatus Status,
    string? Migof,
    int GenderMarker,
    string? AppealLine,
    IReadOnlyList<YearBudget> Budgets)
{
    /// <summary>The file row it was read from (0 when it was not read from a file).</summary>
    public long Line { get; init; }

    /// <summary>The budget of a year (0 when the project has none that year).</summary>
    public decimal BudgetOf(int year) => Budgets.Where(b => b.Year == year).Sum(b => b.AmountUsd);
}

/// <summary>A text in the three languages of the reports; English is the one every project has.</summary>
public sealed record ProjectTexts(string En, string? Fr, string? Es)
{
    public static readonly ProjectTexts None = new("", null, null);

    /// <summary>The text in a language ("en", "fr", "es"), or null when it is not given in it.</summary>
    public string? In(string language) => language switch
    {
        "fr" => Fr,
        "es" => Es,
        _ => En.Length == 0 ? null : En,
    };
}

/// <summary>A recipient country (ISO 3166 alpha-3) and its share of the project, in per cent.</summary>
public sealed record CountryShare(string Iso3, decimal Percent);

/// <summary>A project's budget for one calendar year, in US dollars.</summary>
public sealed record YearBudget(int Year, decimal AmountUsd);

/// <summary>
/// One movement of money on a project: a donor's commitment, funds received, or funds spent. Amounts are kept in the
/// currency of the agreement with the rate to US dollars it was booked at, so that the dollar figure can be traced.
/// </summary>
/// <param name="Organisation">The donor for a commitment or incoming funds; the receiver for a disbursement.</param>
/// <param name="UsdRate">US dollars per unit of <paramref name="Currency"/> (1 for USD).</param>
public sealed record ProjectTransaction(string ProjectId, FundingKind Kind, DateOnly Date, string Organisation, string Currency, decimal Amount, decimal UsdRate)
{
    /// <summary>The file row it was read from (0 when it was not read from a file).</summary>
    public long Line { get; init; }

    /// <summary>The amount in US dollars at the stated rate, to the cent.</summary>
    public decimal AmountUsd => decimal.Round(Amount * UsdRate, 2, MidpointRounding.AwayFromZero);
}

/// <summary>A project portfolio as one file gives it: the projects and their transactions.</summary>
public sealed record Portfolio(IReadOnlyList<Project> Projects, IReadOnlyList<ProjectTransaction> Transactions)
{
    /// <summary>The transactions of one project, in date order.</summary>
    public IEnumerable<ProjectTransaction> TransactionsOf(string projectId) =>
        Transactions.Where(t => t.ProjectId == projectId).OrderBy(t => t.Date);

    /// <summary>Every calendar year a budget or a transaction falls in.</summary>
    public IReadOnlyList<int> Years =>
        [.. Projects.SelectMany(p => p.Budgets.Select(b => b.Year)).Concat(Transactions.Select(t => t.Date.Year)).Distinct().Order()];
}
