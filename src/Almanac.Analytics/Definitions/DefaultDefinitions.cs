using Almanac.Domain;
using Almanac.Domain.Publishing;

namespace Almanac.Analytics.Definitions;

/// <summary>The report definitions the project keeps under data/reports/, compiled into this assembly.</summary>
public static class DefaultDefinitions
{
    /// <summary>The annual report's statistical parts: data/reports/annual-report.yaml.</summary>
    public const string AnnualReport = "annual-report.yaml";

    /// <summary>Reads a definition kept under data/reports/ by its file name.</summary>
    public static ReportDefinition Load(string fileName = AnnualReport) => ReportDefinitionReader.Read(Text(fileName), "data/reports/" + fileName);

    /// <summary>The YAML text of a definition kept under data/reports/.</summary>
    public static string Text(string fileName)
    {
        using var stream = typeof(DefaultDefinitions).Assembly.GetManifestResourceStream("Almanac.Reports." + fileName)
            ?? throw new AlmanacException($"Almanac was built without its report definition data/reports/{fileName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
