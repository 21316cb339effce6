namespace Almanac.Domain.Observations;

/// <summary>The measures the funding appeals (Migration Initiatives) use.</summary>
public static class FundingMeasures
{
    /// <summary>
    /// Funding required, in US dollars, as an appeal prints it. A total is kept under the key its parts lack (no
    /// <see cref="FundingDimensions.Migof"/> for a row's total, no country or scope for a region's total), so that the
    /// summary's row for a region and the regional table's total row meet under the same key.
    /// </summary>
    public const string Requirement = "funding.requirement";

    /// <summary>The unit of <see cref="Requirement"/>.</summary>
    public const string Currency = "USD";
}

/// <summary>Names and well-known members of the dimensions funding requirements are broken down by.</summary>
public static class FundingDimensions
{
    /// <summary>Slug of the printed region name, e.g. "asia-and-the-pacific".</summary>
    public const string Region = "region";

    /// <summary>Migration Governance Framework category: "principle-1" … "objective-3".</summary>
    public const string Migof = "migof";

    /// <summary>ISO alpha-3 of a country row.</summary>
    public const string Country = "country";

    /// <summary>What a row stands for when it is not a country: <see cref="ScopeGlobal"/>, or the slug of its label
    /// ("regional-initiatives", "northern-triangle-el-salvador-guatemala-honduras").</summary>
    public const string Scope = "scope";

    /// <summary>Member of <see cref="Scope"/> for the appeal's global and multiregional initiatives.</summary>
    public const string ScopeGlobal = "global";

    /// <summary>Member of <see cref="Scope"/> for a regional table's "Regional initiatives" row.</summary>
    public const string ScopeRegionalInitiatives = "regional-initiatives";
}
