namespace Almanac.Domain.Observations;

/// <summary>The measures of the annual reports' operational tables (returns, expenditure).</summary>
public static class OperationsMeasures
{
    /// <summary>
    /// Migrants assisted to return by IOM in a year, by <see cref="OperationsDimensions.Country"/> and
    /// <see cref="OperationsDimensions.Role"/> (the host country they left, or the country of origin they returned to).
    /// </summary>
    public const string ReturnsAssisted = "returns.assisted";

    /// <summary>Expenditure in US dollars (printed amounts scaled from their unit), by <see cref="OperationsDimensions.Programme"/>; no programme is the total.</summary>
    public const string ExpenditureUsd = "expenditure.usd";

    /// <summary>Change in expenditure from the previous year, in US dollars, for the year the change leads to.</summary>
    public const string ExpenditureChangeUsd = "expenditure.change.usd";

    /// <summary>Change in expenditure from the previous year as a percentage of the year's total expenditure, as printed.</summary>
    public const string ExpenditureChangePercent = "expenditure.change.percent";
}

/// <summary>Names and members of the dimensions the operational measures are broken down by.</summary>
public static class OperationsDimensions
{
    /// <summary>ISO 3166-1 alpha-3 code, or the name as printed when it is not a country of the reference data.</summary>
    public const string Country = "country";

    /// <summary>What the country is to the migrants counted: <see cref="RoleHost"/> or <see cref="RoleOrigin"/>.</summary>
    public const string Role = "role";

    /// <summary>e.g. "administrative", "operational".</summary>
    public const string Programme = "programme";

    public const string RoleHost = "host";
    public const string RoleOrigin = "origin";
}
