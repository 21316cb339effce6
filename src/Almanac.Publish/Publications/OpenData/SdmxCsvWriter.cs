using System.Globalization;
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
/// Members are written as SDMX codes (<see cref="SdmxIds.Code"/>: "P-5+" is <c>P-5$002B</c>), and beside the files
/// goes the structure message that defines them (<see cref="SdmxStructureMessage"/>), so that SDMX tools, and
/// <c>almanac import sdmx</c>, can read them back.
/// </remarks>
public sealed class SdmxCsvWriter : IPublicationWriter
{
    public string Format => "sdmx";

    public async Task<IReadOnlyList<string>> WriteAsync(Publication publication, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publication);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var dataflows = Observations(publication)
            .GroupBy(o => o.Coordinates.Indicator, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Dataflow(g.Key, g.ToList()))
            .ToList();
        OpenDataCsv.CheckFileNames(dataflows.Select(d => ($"Indicator '{d.Structure.Indicator}'", FileName(d.Structure.Id))));
        var concepts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var dimension in dataflows.SelectMany(d => d.Structure.Dimensions))
        {
            // The structure message has one concept and one codelist per id: two dimensions may not share one.
            if (concepts.TryAdd(dimension.Id, dimension.Name) || concepts[dimension.Id] == dimension.Name) continue;
            throw new AlmanacException($"Dimensions '{concepts[dimension.Id]}' and '{dimension.Name}' would both be the SDMX concept {dimension.Id}.");
        }
        var structure = SdmxStructureMessage.Bytes(SdmxStructureMessage.Create(publication, [.. dataflows.Select(d => d.Structure)]));

        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var (dataflow, records) in dataflows)
        {
            var path = Path.Combine(directory, FileName(dataflow.Id));
            await OpenDataCsv.WriteAsync(path, records, cancellationToken);
            written.Add(path);
        }
        var structurePath = Path.Combine(directory, SdmxStructureMessage.FileName);
        await File.WriteAllBytesAsync(structurePath, structure, cancellationToken);
        written.Add(structurePath);
        return written;
    }

    /// <summary>The dataflow id of an indicator: "staff.headcount" → "STAFF_HEADCOUNT" (<see cref="SdmxIds.Dataflow"/>).</summary>
    public static string DataflowId(string indicator) => SdmxIds.Dataflow(indicator);

    /// <summary>The STRUCTURE_ID of an indicator's dataflow: "ALMANAC:STAFF_HEADCOUNT(1.0)".</summary>
    public static string StructureId(string indicator) => SdmxIds.StructureId(indicator);

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

    private static (SdmxDataflow Structure, List<IReadOnlyList<string>> Records) Dataflow(string indicator, IReadOnlyList<Observation> observations)
    {
        var dataflowId = DataflowId(indicator);
        var names = observations.SelectMany(o => o.Coordinates.Key.Members.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var columns = new Dictionary<string, string>(StringComparer.Ordinal) { ["TIME_PERIOD"] = "the year", ["OBS_VALUE"] = "the value" };
        var dimensions = new List<SdmxDimension>();
        foreach (var name in names)
        {
            var id = SdmxIds.Component(name, $"dimension '{name}' of {indicator}");
            if (!columns.TryAdd(id, $"dimension '{name}'"))
            {
                throw new AlmanacException($"Indicator '{indicator}': dimension '{name}' and {columns[id]} would both be the SDMX column {id}.");
            }
            var members = observations.Select(o => o.Coordinates.Key[name]).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            dimensions.Add(new SdmxDimension(name, id, members));
        }
        if (dimensions.Count == 0)
        {
            // SDMX asks a data structure for at least one dimension besides time: a figure not broken down says it is annual.
            dimensions.Add(new SdmxDimension(SdmxIds.FrequencyName, SdmxIds.Frequency, [SdmxIds.Annual]));
        }
        var structureId = SdmxIds.StructureId(indicator);
        var rows = observations
            .Select(o => (Members: names.Count == 0 ? [SdmxIds.Annual] : names.Select(d => o.Coordinates.Key[d] is { } member ? SdmxIds.Code(member) : SdmxIds.Total).ToList(), o.Coordinates.Year, o.Value))
            .OrderBy(r => string.Join('\u0001', r.Members), StringComparer.Ordinal)
            .ThenBy(r => r.Year);

        var records = new List<IReadOnlyList<string>> { (string[])["STRUCTURE", "STRUCTURE_ID", "ACTION", .. dimensions.Select(d => d.Id), "TIME_PERIOD", "OBS_VALUE"] };
        records.AddRange(rows.Select(r => (IReadOnlyList<string>)["dataflow", structureId, "I", .. r.Members, r.Year.ToString(CultureInfo.InvariantCulture), OpenDataCsv.Number(r.Value)]));
        return (new SdmxDataflow(indicator, dataflowId, dimensions), records);
    }

    private static string Describe(FigureCoordinates coordinates) =>
        coordinates.Key.Count == 0 ? "no breakdown" : coordinates.Key.Canonical;
}
