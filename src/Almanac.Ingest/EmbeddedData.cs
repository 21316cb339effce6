using Almanac.Domain;

namespace Almanac.Ingest;

/// <summary>The data files the project keeps under data/, compiled into this assembly.</summary>
public static class EmbeddedData
{
    public const string Countries = "reference/countries.csv";
    public const string Membership = "reference/membership.csv";

    /// <summary>The published figures of a report, e.g. "published/annual-report-2023-staff.csv".</summary>
    public static string PublishedStaffFigures(int reportYear) => $"published/annual-report-{reportYear}-staff.csv";

    public static Stream Open(string relativePath)
    {
        var name = "Almanac.Data." + relativePath.Replace('/', '.');
        return typeof(EmbeddedData).Assembly.GetManifestResourceStream(name)
            ?? throw new AlmanacException($"Almanac was built without its data file data/{relativePath}.");
    }

    public static IReadOnlyList<string> PublishedFiles() =>
        [.. typeof(EmbeddedData).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Almanac.Data.published.", StringComparison.Ordinal))
            .Select(n => "published/" + n["Almanac.Data.published.".Length..])
            .Order(StringComparer.Ordinal)];
}
