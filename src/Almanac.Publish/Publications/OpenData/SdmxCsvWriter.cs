using System.Globalization;
using System.Text;
using Almanac.Domain;
using Almanac.Domain.Publishing;

namespace Almanac.Publish.Publications.OpenData;

/// <summary>
/// Writes the publication's figures as SDMX-CSV 2.0 data messages, one file per indicator (each a dataflow
/// <c>ALMANAC:STAFF_HEADCOUNT(1.0)</c>), every figure once however many tables print it.
/// </summary>
/// <remarks>
/// Columns: <c>STRUCTURE,STRUCTURE_ID,ACTION</c>, then the dimensions that occur in the indicator's figures (ids
/// upper-cased, in ordinal order), <c>TIME_PERIOD</c> (the year), <c>OBS_VALUE</c>. STRUCTURE is <c>dataflow</c> and
/// ACTION <c>I</c> (information: a consumer that loads it appends). An empty dimension field means a wildcard in SDMX-CSV
/// (deletions, attributes attached to a partial key), never an observation, so a figure not broken down by a dimension
/// that others of its dataflow are (a total over sex, say) carries <c>_T</c>, the SDMX cross-domain code for a total.
/// </remarks>
public sealed class SdmxCsvWriter : IPublicationWriter
{
    /// <summary>The maintenance agency of the dataflows.</summary>
    public const string Agency = "ALMANAC";

    /// <summary>The version of every dataflow.</summary>
    public const string Version = "1.0";

    /// <summary>The member written for a dimension a figure is not broken down by.</summary>
    public const string Total = "_T";

    public string Format => "sdmx";

    public async Task<IReadOnlyList<string>> WriteAsync(Publication publication, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publication);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var dataflows = Observations(publication)
            .GroupBy(o => o.Coordinates.Indicator, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Indicator: g.Key, Id: DataflowId(g.Key), Observations: g.ToList()))
            .ToList();
        OpenDataCsv.CheckFileNames(dataflows.Select(d => ($"Indicator '{d.Indicator}'", FileName(d.Id))));
        var records = dataflows.Select(d => (d.Id, Records: Records(d.Indicator, d.Id, d.Observations))).ToList();

        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var (id, dataflowRecords) in records)
        {
            var path = Path.Combine(directory, FileName(id));
            await OpenDataCsv.WriteAsync(path, dataflowRecords, cancellationToken);
            written.Add(path);
        }
        return written;
    }

    /// <summary>The dataflow id of an indicator: "staff.headcount" → "STAFF_HEADCOUNT".</summary>
    public static string DataflowId(string indicator) => Id(indicator, $"indicator '{indicator}'");

    /// <summary>The STRUCTURE_ID of an indicator's dataflow: "ALMANAC:STAFF_HEADCOUNT(1.0)".</summary>
    public static string StructureId(string indicator) => $"{Agency}:{DataflowId(indicator)}({Version})";

    /// <summary>The file an indicator's dataflow is written to: "sdmx-STAFF_HEADCOUNT.csv".</summary>
    public static string FileName(string dataflowId) => $"sdmx-{dataflowId}.csv";

    private sealed record Observation(FigureCoordinates Coordinates, decimal Value, PublishedTable Table);

    /// <summary>Every figure with coordinates, once: a figure printed by two tables must read the same in both.</summary>
    private static List<Observation> Observations(Publication publication)
    {
        var seen = new Dictionary<(string Indicator, int Year, string Key), Observation>();
        foreach (var table in publication.Tables)
        {
            foreach (var (_, _, cell, coordinates) in OpenDataCsv.CoordinatedFigures(table))
            {
                var observation = new Observation(coordinates, cell.Value!.Value, table);
                var key = (coordinates.Indicator, coordinates.Year, coordinates.Key.Canonical);
                if (!seen.TryGetValue(key, out var first))
                {
                    seen[key] = observation;
                    continue;
                }
                if (first.Value != observation.Value)
                {
                    throw new AlmanacException(
                        $"{coordinates.Indicator} for {coordinates.Year} ({Describe(coordinates)}) is {OpenDataCsv.Number(first.Value)} in table '{first.Table.Id}' "
                        + $"but {OpenDataCsv.Number(observation.Value)} in table '{table.Id}': one figure cannot be published with two values.");
                }
            }
        }
        return [.. seen.Values];
    }

    private static List<IReadOnlyList<string>> Records(string indicator, string dataflowId, IReadOnlyList<Observation> observations)
    {
        var dimensions = observations.SelectMany(o => o.Coordinates.Key.Members.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var columns = new Dictionary<string, string>(StringComparer.Ordinal) { ["TIME_PERIOD"] = "the year", ["OBS_VALUE"] = "the value" };
        var ids = new List<string>();
        foreach (var dimension in dimensions)
        {
            var id = Id(dimension, $"dimension '{dimension}' of {indicator}");
            if (!columns.TryAdd(id, $"dimension '{dimension}'"))
            {
                throw new AlmanacException($"Indicator '{indicator}': dimension '{dimension}' and {columns[id]} would both be the SDMX column {id}.");
            }
            ids.Add(id);
        }
        var structureId = $"{Agency}:{dataflowId}({Version})";
        var rows = observations
            .Select(o => (Members: dimensions.Select(d => o.Coordinates.Key[d] ?? Total).ToList(), o.Coordinates.Year, o.Value))
            .OrderBy(r => string.Join('\u0001', r.Members), StringComparer.Ordinal)
            .ThenBy(r => r.Year);

        var records = new List<IReadOnlyList<string>> { (string[])["STRUCTURE", "STRUCTURE_ID", "ACTION", .. ids, "TIME_PERIOD", "OBS_VALUE"] };
        records.AddRange(rows.Select(r => (IReadOnlyList<string>)["dataflow", structureId, "I", .. r.Members, r.Year.ToString(CultureInfo.InvariantCulture), OpenDataCsv.Number(r.Value)]));
        return records;
    }

    // SDMX ids are letters, digits and underscores here (the standard also allows @, $ and -, which read badly in a
    // column name); an id starts with a letter.
    private static string Id(string name, string what)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var ch in name.ToUpperInvariant()) builder.Append(ch is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' ? ch : '_');
        if (builder.Length == 0 || builder[0] is < 'A' or > 'Z')
        {
            throw new AlmanacException($"The {what} gives no SDMX id: it needs to start with a letter.");
        }
        return builder.ToString();
    }

    private static string Describe(FigureCoordinates coordinates) =>
        coordinates.Key.Count == 0 ? "no breakdown" : coordinates.Key.Canonical;
}
