using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Almanac.Domain.Publishing;

namespace Almanac.Publish.Publications.OpenData;

/// <summary>A dimension of a dataflow as the SDMX files name it: Almanac's name, its SDMX id, and the members its figures give.</summary>
internal sealed record SdmxDimension(string Name, string Id, IReadOnlyList<string> Members);

/// <summary>One indicator's dataflow: its id and the dimensions (in column order) its figures are broken down by.</summary>
internal sealed record SdmxDataflow(string Indicator, string Id, IReadOnlyList<SdmxDimension> Dimensions);

/// <summary>
/// The SDMX-ML 3.0 structure message that goes beside the SDMX-CSV files, so that an SDMX tool can load them: the
/// agency, one concept scheme, a codelist per dimension (each member under its <see cref="SdmxIds.Code"/>, named as
/// printed, and the total <c>_T</c>), and a data structure definition and a dataflow per indicator.
/// </summary>
internal static class SdmxStructureMessage
{
    /// <summary>The message's file name, beside the dataflows' CSV files.</summary>
    public const string FileName = "sdmx-structure.xml";

    private const string ConceptScheme = "CONCEPTS";
    private static readonly XNamespace Mes = "http://www.sdmx.org/resources/sdmxml/schemas/v3_0/message";
    private static readonly XNamespace Str = "http://www.sdmx.org/resources/sdmxml/schemas/v3_0/structure";
    private static readonly XNamespace Com = "http://www.sdmx.org/resources/sdmxml/schemas/v3_0/common";
    private static readonly XNamespace Xml = XNamespace.Xml;

    /// <summary>
    /// The message for the publication's dataflows. Prepared is the publication's year's end, not the clock, so that the
    /// same store and definition give the same bytes.
    /// </summary>
    public static XDocument Create(Publication publication, IReadOnlyList<SdmxDataflow> dataflows)
    {
        // Almanac's names (indicators, dimensions, members) read the same in every language; SDMX's own in English.
        static XElement Name(string text, string language = "en") => new(Com + "Name", new XAttribute(Xml + "lang", language), text);

        // One codelist and one concept per dimension id, its members gathered over every dataflow.
        var dimensions = dataflows.SelectMany(d => d.Dimensions).GroupBy(d => d.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var codelists = dimensions.Select(g => new XElement(Str + "Codelist",
            Maintainable("codelist.Codelist", "CL_" + g.Key),
            Name(g.First().Name),
            g.SelectMany(d => d.Members).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(m => (Code: SdmxIds.Code(m), Name: m))
                .Append((Code: SdmxIds.Total, Name: "Total"))
                .Select(c => new XElement(Str + "Code",
                    new XAttribute("urn", $"urn:sdmx:org.sdmx.infomodel.codelist.Code={Reference("CL_" + g.Key)}.{c.Code}"),
                    new XAttribute("id", c.Code),
                    Name(c.Name)))));
        var concepts = dimensions.Select(g => (g.Key, g.First().Name))
            .Append(("TIME_PERIOD", "Time period"))
            .Append(("OBS_VALUE", "Observation value"))
            .Select(c => new XElement(Str + "Concept",
                new XAttribute("urn", ConceptUrn(c.Item1)),
                new XAttribute("id", c.Item1),
                Name(c.Item2)));

        var structures = dataflows.Select(d => new XElement(Str + "DataStructure",
            Maintainable("datastructure.DataStructure", d.Id),
            Name(d.Indicator),
            new XElement(Str + "DataStructureComponents",
                new XElement(Str + "DimensionList",
                    new XAttribute("urn", $"urn:sdmx:org.sdmx.infomodel.datastructure.DimensionDescriptor={Reference(d.Id)}.DimensionDescriptor"),
                    new XAttribute("id", "DimensionDescriptor"),
                    d.Dimensions.Select((dimension, i) => new XElement(Str + "Dimension",
                        new XAttribute("urn", $"urn:sdmx:org.sdmx.infomodel.datastructure.Dimension={Reference(d.Id)}.{dimension.Id}"),
                        new XAttribute("id", dimension.Id),
                        new XAttribute("position", (i + 1).ToString(CultureInfo.InvariantCulture)),
                        new XElement(Str + "ConceptIdentity", ConceptUrn(dimension.Id)),
                        new XElement(Str + "LocalRepresentation",
                            new XElement(Str + "Enumeration", $"urn:sdmx:org.sdmx.infomodel.codelist.Codelist={Reference("CL_" + dimension.Id)}")))),
                    new XElement(Str + "TimeDimension",
                        new XAttribute("urn", $"urn:sdmx:org.sdmx.infomodel.datastructure.TimeDimension={Reference(d.Id)}.TIME_PERIOD"),
                        new XAttribute("id", "TIME_PERIOD"),
                        new XElement(Str + "ConceptIdentity", ConceptUrn("TIME_PERIOD")),
                        new XElement(Str + "LocalRepresentation", new XElement(Str + "TextFormat", new XAttribute("textType", "GregorianYear"))))),
                new XElement(Str + "MeasureList",
                    new XAttribute("urn", $"urn:sdmx:org.sdmx.infomodel.datastructure.MeasureDescriptor={Reference(d.Id)}.MeasureDescriptor"),
                    new XAttribute("id", "MeasureDescriptor"),
                    new XElement(Str + "Measure",
                        new XAttribute("urn", $"urn:sdmx:org.sdmx.infomodel.datastructure.Measure={Reference(d.Id)}.OBS_VALUE"),
                        new XAttribute("id", "OBS_VALUE"),
                        new XAttribute("usage", "mandatory"),
                        new XElement(Str + "ConceptIdentity", ConceptUrn("OBS_VALUE")),
                        new XElement(Str + "LocalRepresentation", new XElement(Str + "TextFormat", new XAttribute("textType", "Decimal"))))))));
        var flows = dataflows.Select(d => new XElement(Str + "Dataflow",
            Maintainable("datastructure.Dataflow", d.Id),
            Name(d.Indicator),
            new XElement(Str + "Structure", $"urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure={Reference(d.Id)}")));

        var root = new XElement(Mes + "Structure",
            new XAttribute(XNamespace.Xmlns + "mes", Mes.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "str", Str.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "com", Com.NamespaceName),
            new XElement(Mes + "Header",
                new XElement(Mes + "ID", SdmxIds.Component($"{publication.DefinitionId}_{publication.Year}_{publication.Language}", $"publication '{publication.DefinitionId}'")),
                new XElement(Mes + "Test", "false"),
                new XElement(Mes + "Prepared", $"{publication.Year.ToString("D4", CultureInfo.InvariantCulture)}-12-31"),
                new XElement(Mes + "Sender", new XAttribute("id", SdmxIds.Agency))),
            new XElement(Mes + "Structures",
                new XElement(Str + "AgencySchemes",
                    new XElement(Str + "AgencyScheme",
                        new XAttribute("urn", $"urn:sdmx:org.sdmx.infomodel.base.AgencyScheme=SDMX:AGENCIES(1.0)"),
                        new XAttribute("agencyID", "SDMX"),
                        new XAttribute("id", "AGENCIES"),
                        Name("SDMX agencies"),
                        new XElement(Str + "Agency",
                            new XAttribute("urn", $"urn:sdmx:org.sdmx.infomodel.base.Agency=SDMX:AGENCIES(1.0).{SdmxIds.Agency}"),
                            new XAttribute("id", SdmxIds.Agency),
                            Name("Almanac")))),
                new XElement(Str + "Codelists", codelists),
                new XElement(Str + "ConceptSchemes",
                    new XElement(Str + "ConceptScheme", Maintainable("conceptscheme.ConceptScheme", ConceptScheme), Name(publication.Title, publication.Language), concepts)),
                new XElement(Str + "DataStructures", structures),
                new XElement(Str + "Dataflows", flows)));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    /// <summary>The message as UTF-8 bytes without a byte order mark, indented, with "\n" line ends.</summary>
    public static byte[] Bytes(XDocument document)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, NewLineChars = "\n" }))
        {
            document.Save(writer);
        }
        return stream.ToArray();
    }

    private static string Reference(string id) => $"{SdmxIds.Agency}:{id}({SdmxIds.Version})";

    private static string ConceptUrn(string id) => $"urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept={Reference(ConceptScheme)}.{id}";

    private static object[] Maintainable(string type, string id) =>
    [
        new XAttribute("urn", $"urn:sdmx:org.sdmx.infomodel.{type}={Reference(id)}"),
        new XAttribute("agencyID", SdmxIds.Agency),
        new XAttribute("id", id),
        new XAttribute("version", SdmxIds.Version),
    ];
}
