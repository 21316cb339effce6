namespace Almanac.Domain.Projects;

/// <summary>
/// A project's stage, numbered as IATI's ActivityStatus codelist numbers it (1 Pipeline/identification, 2 Implementation,
/// 3 Finalisation, 4 Closed, 5 Cancelled, 6 Suspended; https://iatistandard.org/en/iati-standard/203/codelists/activitystatus/),
/// so that the IATI export writes the number as it is.
/// </summary>
public enum ProjectStatus
{
    Pipeline = 1,
    Implementation = 2,
    Finalisation = 3,
    Closed = 4,
    Cancelled = 5,
    Suspended = 6,
}

/// <summary>
/// What a transaction is, numbered as IATI's TransactionType codelist numbers it (1 Incoming Funds, 3 Disbursement,
/// 4 Expenditure, 11 Incoming Commitment: a donor's firm written obligation reported by the recipient; IATI/IATI-Codelists,
/// xml/TransactionType.xml, version-2.03).
/// </summary>
public enum FundingKind
{
    IncomingFunds = 1,
    Disbursement = 3,
    Expenditure = 4,
    Commitment = 11,
}

/// <summary>The texts a projects file writes for statuses, transaction kinds, MiGOF nodes, appeal regions and gender markers.</summary>
public static class ProjectCodes
{
    private static readonly Dictionary<string, ProjectStatus> StatusNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pipeline"] = ProjectStatus.Pipeline,
        ["implementation"] = ProjectStatus.Implementation,
        ["finalisation"] = ProjectStatus.Finalisation,
        ["closed"] = ProjectStatus.Closed,
        ["cancelled"] = ProjectStatus.Cancelled,
        ["suspended"] = ProjectStatus.Suspended,
    };

    private static readonly Dictionary<string, FundingKind> KindNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["commitment"] = FundingKind.Commitment,
        ["incoming-funds"] = FundingKind.IncomingFunds,
        ["disbursement"] = FundingKind.Disbursement,
        ["expenditure"] = FundingKind.Expenditure,
    };

    /// <summary>The MiGOF nodes a project may serve, in the appeal's column order.</summary>
    public static readonly IReadOnlyList<string> MigofNodes = ["principle-1", "principle-2", "principle-3", "objective-1", "objective-2", "objective-3"];

    /// <summary>The appeal's regions (slugs of its printed names, as the report reader keys them), "global" first.</summary>
    public static readonly IReadOnlyList<string> AppealRegions =
    [
        "global", "east-africa-and-the-horn-of-africa", "southern-africa", "west-and-central-africa",
        "central-and-north-america-and-the-caribbean", "south-america", "asia-and-the-pacific", "european-economic-area",
        "south-eastern-europe-eastern-europe-and-central-asia", "middle-east-and-north-africa",
    ];

    /// <summary>The gender marker's ratings: the DAC policy significance scale IATI's policy markers use (0, 1, 2).</summary>
    public const int MaxGenderMarker = 2;

    public static IReadOnlyCollection<string> Statuses => StatusNames.Keys;

    public static IReadOnlyCollection<string> Kinds => KindNames.Keys;

    /// <summary>A status by its name or its IATI number; null when it is neither.</summary>
    public static ProjectStatus? ParseStatus(string text) =>
        StatusNames.TryGetValue(text.Trim(), out var status) ? status
        : int.TryParse(text, out var code) && Enum.IsDefined((ProjectStatus)code) ? (ProjectStatus)code : null;

    /// <summary>A transaction kind by its name; null when it is none.</summary>
    public static FundingKind? ParseKind(string text) => KindNames.TryGetValue(text.Trim(), out var kind) ? kind : null;

    public static string Name(this ProjectStatus status) => StatusNames.First(p => p.Value == status).Key;

    public static string Name(this FundingKind kind) => KindNames.First(p => p.Value == kind).Key;

    /// <summary>"2018/asia-and-the-pacific/objective-1" as its parts; null when it is not an appeal line.</summary>
    public static (int Year, string Region, string Migof)? ParseAppealLine(string text)
    {
        var parts = text.Trim().Split('/');
        if (parts.Length != 3 || !int.TryParse(parts[0], out var year) || year is < 1945 or > 2100) return null;
        if (!AppealRegions.Contains(parts[1]) || !MigofNodes.Contains(parts[2])) return null;
        return (year, parts[1], parts[2]);
    }

    /// <summary>The appeal line a project of a region and MiGOF node answers in a year's appeal.</summary>
    public static string AppealLine(int year, string region, string migof) => $"{year}/{region}/{migof}";
}
