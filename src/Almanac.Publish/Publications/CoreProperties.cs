using System.Xml.Linq;
using Almanac.Domain.Publishing;
using DocumentFormat.OpenXml.Packaging;

namespace Almanac.Publish.Publications;

/// <summary>
/// The package's title and language (docProps/core.xml), without the created and modified dates Office writes: a date
/// would make two writes of the same publication differ. Written as a part with a given relationship id, because the
/// package's own properties get a random one.
/// </summary>
internal static class CoreProperties
{
    private static readonly XNamespace Cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    public static void Add(OpenXmlPackage package, Publication publication) => Add(package, publication.Title, publication.Language);

    public static void Add(OpenXmlPackage package, string title, string language)
    {
        var part = package.AddNewPart<CoreFilePropertiesPart>("rIdCore");
        var xml = new XDocument(
            new XDeclaration("1.0", "utf-8", "yes"),
            new XElement(Cp + "coreProperties",
                new XAttribute(XNamespace.Xmlns + "cp", Cp),
                new XAttribute(XNamespace.Xmlns + "dc", Dc),
                new XElement(Dc + "title", title),
                new XElement(Dc + "language", language)));
        using var stream = part.GetStream(FileMode.Create);
        xml.Save(stream, SaveOptions.DisableFormatting);
    }
}
