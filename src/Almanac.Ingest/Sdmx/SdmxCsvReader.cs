using System.Globalization;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Observations;
using Almanac.Domain.Publishing;
using Almanac.Store.Facts;

namespace Almanac.Ingest.Sdmx;

/// <summary>A dimension of a known dataflow: the Almanac dimension an SDMX column stands for, and whether a member is one the store knows.</summary>
/// <param name="Derived">A grouping Almanac computes from finer members (membership from nationality): its figures are not imported.</param>
/// <param name="Checked">A column checked and not stored: the frequency of a dataflow not broken down, always annual.</param>
public sealed record SdmxKnownDimension(string Dimension, Func<string, bool> Knows, bool Derived = false, bool Checked = false);

/// <summary>A dataflow Almanac publishes: the measure it carries and its dimensions by SDMX column id.</summary>
public sealed record SdmxKnownDataflow(string Id, string Measure, IReadOnlyList<string> MeasureDimensions, IReadOnlyDictionary<string, SdmxKnownDimension> Columns);

/// <summary>
/// The dataflows <c>import sdmx</c> can read: one per measure of the store's fact table, named by
/// <see cref="SdmxIds.Dataflow"/> as <c>publish --format sdmx</c> names them, with the codes the store knows.
/// </summary>
public sealed class SdmxStructures(IReadOnlyDictionary<string, SdmxKnownDataflow> dataflows, IReadOnlyDictionary<string, string> ambiguous)
{
    /// <summary>The dataflow of an id, or null (with why in <paramref name="problem"/>) when the store publishes none or two measures give it.</summary>
    public SdmxKnownDataflow? Dataflow(string id, out string? problem)
    {
        problem = ambiguous.TryGetValue(id, out var measures) ? $"measures {measures} would both be this dataflow"
            : dataflows.ContainsKey(id) ? null
            : dataflows.Count == 0 ? "the store holds no measure, so Almanac publishes no dataflow"
            : $"no measure of the store is this dataflow (its {dataflows.Count} dataflows: {string.Join(", ", dataflows.Keys.Order(StringComparer.Ordinal).Take(5))}{(dataflows.Count > 5 ? ", …" : "")})";
        return problem is null ? dataflows[id] : null;
    }

    /// <summary>
    /// The dataflows of the store's measures. A member is known when the store holds it; grades, sexes, categories and
    /// nationalities when the observation import would take them (<see cref="Hierarchies.Problem"/>, the reference countries).
    /// </summary>
    public static SdmxStructures From(FactCatalog catalog, IReadOnlySet<string> countries)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(countries);
        var dataflows = new Dictionary<string, SdmxKnownDataflow>(StringComparer.Ordinal);
        var ambiguous = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var measure in catalog.Measures.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            string id;
            try
            {
                id = SdmxIds.Dataflow(measure.Name);
            }
            catch (AlmanacException)
            {
                continue; // A measure that gives no id is never published as a dataflow, so no file names it.
            }
            if (dataflows.Remove(id, out var other))
            {
                ambiguous[id] = $"'{other.Measure}' and '{measure.Name}'";
                continue;
            }
            if (ambiguous.ContainsKey(id)) continue;
            var columns = new Dictionary<string, SdmxKnownDimension>(StringComparer.Ordinal);
            foreach (var dimension in measure.Dimensions)
            {
                var stored = catalog.MembersOf(dimension).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
                Func<string, bool> knows = dimension switch
                {
                    Dimensions.Nationality => m => stored.Contains(m) || countries.Contains(m),
                    Dimensions.Grade or Dimensions.Sex or Dimensions.Category => m => stored.Contains(m) || Hierarchies.Problem(dimension, m) is null,
                    _ => stored.Contains,
                };
                columns[SdmxIds.Component(dimension, $"dimension '{dimension}'")] = new SdmxKnownDimension(dimension, knows);
            }
            if (measure.Dimensions.Contains(Dimensions.Nationality))
            {
                columns.TryAdd(SdmxIds.Component(Dimensions.Membership, "membership"), new SdmxKnownDimension(Dimensions.Membership, _ => true, Derived: true));
            }
            if (measure.Dimensions.Count == 0)
            {
                columns[SdmxIds.Frequency] = new SdmxKnownDimension(SdmxIds.FrequencyName, m => m == SdmxIds.Annual, Checked: true);
            }
            dataflows[id] = new SdmxKnownDataflow(id, measure.Name, measure.Dimensions, columns);
        }
        return new SdmxStructures(dataflows, ambiguous);
    }
}

/// <summary>What an SDMX-CSV file held: its dataflow's measure, the observations written, and the figures left out as derived.</summary>
public sealed record SdmxCsvContent(string Dataflow, string Measure, long Observations, long Derived);

/// <summary>
/// Reads an SDMX-CSV data message (2.0: <c>STRUCTURE,STRUCTURE_ID[,ACTION]</c>; or 1.0: <c>DATAFLOW</c>), then the
/// dimension columns, <c>TIME_PERIOD</c> and <c>OBS_VALUE</c>) of one dataflow Almanac publishes, checks every cell
/// against the dataflow's structure, and writes its observations as a long observation file (see
/// <see cref="ObservationFile"/>) line for line, so that the observation import's own errors name the same lines.
/// </summary>
/// <remarks>
/// <c>_T</c> is the total over a dimension (the file's empty cell); a code is read back to its member by
/// <see cref="SdmxIds.Member"/>; a figure of a grouping Almanac derives (membership, the P-5 and higher group) is
/// counted and left out, since the store computes it from the figures it is made of.
/// </remarks>
public static class SdmxCsvReader
{
    private const string TimePeriod = "TIME_PERIOD";
    private const string ObsValue = "OBS_VALUE";

    /// <summary>Reads <paramref name="input"/> (named <paramref name="name"/> in errors) and writes the observation file to <paramref name="observations"/>.</summary>
    public static SdmxCsvContent Convert(string name, TextReader input, SdmxStructures structures, TextWriter observations)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(structures);
        ArgumentNullException.ThrowIfNull(observations);
        var lines = new CsvLines(input, name, "an SDMX-CSV file");
        var headerText = lines.Next(1);
        if (string.IsNullOrWhiteSpace(headerText))
        {
            throw new InputException(name, 1, null, null, "empty file: the first line is the SDMX-CSV header STRUCTURE,STRUCTURE_ID,ACTION,<dimensions…>,TIME_PERIOD,OBS_VALUE");
        }
        var header = CsvLines.Split(headerText.TrimStart('\uFEFF'), name, 1).Select(c => SpreadsheetText.Restore(c.Trim())).ToList();
        var version2 = header.Count > 1 && header[0] == "STRUCTURE" && header[1] == "STRUCTURE_ID";
        if (!version2 && (header.Count == 0 || header[0] != "DATAFLOW"))
        {
            throw new InputException(name, 1, header.FirstOrDefault(), null, "an SDMX-CSV file begins with the columns STRUCTURE,STRUCTURE_ID (SDMX-CSV 2.0) or DATAFLOW (1.0)");
        }
        var first = version2 ? 2 : 1;
        var action = version2 && header.Count > 2 && header[2] == "ACTION" ? 2 : -1;
        if (action >= 0) first = 3;
        var time = header.IndexOf(TimePeriod);
        var value = header.IndexOf(ObsValue);
        if (time < first || value < first)
        {
            throw new InputException(name, 1, time < first ? TimePeriod : ObsValue, null, "an SDMX-CSV file of observations has the columns TIME_PERIOD and OBS_VALUE");
        }
        var dimensionColumns = Enumerable.Range(first, header.Count - first).Where(i => i != time && i != value).ToList();
        foreach (var column in header.Where((c, i) => header.IndexOf(c) != i))
        {
            throw new InputException(name, 1, column, null, "a column appears once in the header");
        }

        SdmxKnownDataflow? dataflow = null;
        string? structureId = null;
        var slots = new Dictionary<int, int>(); // file column → position among the measure's dimensions
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var written = 0L;
        var derived = 0L;
        var line = 1L;
        var blanksBefore = 0; // empty lines before the first observation, written once the header is known
        while (lines.Next(line + 1) is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                if (dataflow is null) blanksBefore++;
                else observations.Write('\n');
                continue;
            }
            var cells = CsvLines.Split(text, name, line);
            if (cells.Count != header.Count) throw new InputException(name, line, null, null, $"{cells.Count} cells where the header has {header.Count}");
            string Cell(int column) => SpreadsheetText.Restore(cells[column].Trim());

            var reference = version2 ? Cell(1) : Cell(0);
            var column0 = version2 ? "STRUCTURE_ID" : "DATAFLOW";
            if (version2 && Cell(0) != "dataflow")
            {
                throw new InputException(name, line, "STRUCTURE", Cell(0), "Almanac publishes dataflows: STRUCTURE is 'dataflow'");
            }
            if (dataflow is null)
            {
                dataflow = Resolve(reference, line);
                structureId = reference;
                foreach (var column in dimensionColumns)
                {
                    if (!dataflow.Columns.TryGetValue(header[column], out var dimension))
                    {
                        throw new InputException(name, 1, header[column], null,
                            $"dataflow {dataflow.Id} has no dimension {header[column]} (its dimensions are {string.Join(", ", dataflow.Columns.Keys.Order(StringComparer.Ordinal))})");
                    }
                    if (!dimension.Derived && !dimension.Checked) slots[column] = dataflow.MeasureDimensions.ToList().IndexOf(dimension.Dimension);
                }
                observations.Write(string.Join(',', ["measure", "year", "office", .. dataflow.MeasureDimensions, "value"]));
                observations.Write(new string('\n', blanksBefore + 1));
            }
            else if (reference != structureId)
            {
                throw new InputException(name, line, column0, reference, $"a file carries one dataflow, and the first observation named {structureId}");
            }
            if (action >= 0 && Cell(action) is { Length: > 0 } given && given is not ("I" or "A" or "R"))
            {
                throw new InputException(name, line, "ACTION", given, "ACTION is I, A or R (information, append, replace): Almanac deletes nothing through an import");
            }

            var members = new string?[dataflow.MeasureDimensions.Count];
            var isDerived = false;
            foreach (var column in dimensionColumns)
            {
                var code = Cell(column);
                var dimension = dataflow.Columns[header[column]];
                if (code.Length == 0) throw new InputException(name, line, header[column], code, $"an observation gives every dimension ({SdmxIds.Total} for the total)");
                if (code == SdmxIds.Total) continue;
                if (SdmxIds.Member(code) is not { } member)
                {
                    throw new InputException(name, line, header[column], code, $"not a code of codelist CL_{header[column]}: Almanac's codes are letters, digits, '-', '_' and '$' with four hexadecimal digits");
                }
                if (dimension.Derived || (dimension.Dimension == Dimensions.Grade && member == Dimensions.GradeP5AndHigher))
                {
                    isDerived = true;
                    continue;
                }
                if (!dimension.Knows(member))
                {
                    throw new InputException(name, line, header[column], code, $"unknown code: {dimension.Dimension} {InputLimits.Quote(member)} is not a member the store knows (codelist CL_{header[column]})");
                }
                if (!dimension.Checked) members[slots[column]] = member;
            }
            var yearText = Cell(time);
            if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < ObservationFile.MinYear or > ObservationFile.MaxYear)
            {
                throw new InputException(name, line, TimePeriod, yearText, $"TIME_PERIOD is a year from {ObservationFile.MinYear} to {ObservationFile.MaxYear}");
            }
            var valueText = Cell(value);
            if (!decimal.TryParse(valueText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || !InputLimits.FitsFactTable(number))
            {
                throw new InputException(name, line, ObsValue, valueText,
                    $"OBS_VALUE is a number with '.' as the decimal separator, below 10^14 either side of zero, with at most {InputLimits.FactDecimals} decimals");
            }
            if (seen.Count >= InputLimits.MaxSdmxObservations)
            {
                throw new InputException(name, line, null, null, $"more than {InputLimits.Number(InputLimits.MaxSdmxObservations)} observations: split the file");
            }
            var key = string.Join('\u0001', [.. dimensionColumns.Select(Cell), yearText]);
            if (seen.TryGetValue(key, out var earlier)) throw new InputException(name, line, null, null, $"the same observation (dimensions and TIME_PERIOD) as line {earlier}");
            seen[key] = line;
            if (isDerived)
            {
                derived++;
                observations.Write('\n');
                continue;
            }
            observations.Write(string.Join(',', [Quote(dataflow.Measure), year.ToString(CultureInfo.InvariantCulture), "", .. members.Select(m => Quote(m ?? "")),
                number.ToString(CultureInfo.InvariantCulture)]));
            observations.Write('\n');
            written++;
        }
        if (dataflow is null) throw new InputException(name, null, null, null, "the file holds no observation");
        if (written == 0) throw new InputException(name, null, null, null, $"every observation of the file is of a grouping Almanac derives ({derived} figures): there is nothing to import");
        return new SdmxCsvContent(dataflow.Id, dataflow.Measure, written, derived);

        SdmxKnownDataflow Resolve(string reference, long at)
        {
            var column = version2 ? "STRUCTURE_ID" : "DATAFLOW";
            var open = reference.IndexOf('(', StringComparison.Ordinal);
            var colon = reference.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || open < colon || !reference.EndsWith(')'))
            {
                throw new InputException(name, at, column, reference, $"a dataflow is named AGENCY:ID(VERSION), e.g. {SdmxIds.Agency}:STAFF_HEADCOUNT({SdmxIds.Version})");
            }
            var (agency, id, version) = (reference[..colon], reference[(colon + 1)..open], reference[(open + 1)..^1]);
            if (agency != SdmxIds.Agency || version != SdmxIds.Version)
            {
                throw new InputException(name, at, column, reference, $"unknown dataflow: Almanac's dataflows are {SdmxIds.Agency}:<ID>({SdmxIds.Version})");
            }
            return structures.Dataflow(id, out var problem) ?? throw new InputException(name, at, column, reference, $"unknown dataflow: {problem}");
        }
    }

    /// <summary>A cell of the observation file: quoted when it holds a comma, a quote or spaces at its ends.</summary>
    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || text.Trim().Length != text.Length ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
