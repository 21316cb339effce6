using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Almanac.Tests;

/// <summary>
/// The XML schemas of ../shared/reference (IATI, ADX, SDMX-ML) compiled for validation, and the problems a document has
/// against them: one mechanism for every export an outside schema defines.
/// </summary>
public static class SharedSchemas
{
    /// <summary>
    /// The schema at <paramref name="relativePath"/> under ../shared (with what it includes and imports beside it), or a
    /// skip when the shared folder is absent (a failure under CI=true, <see cref="SharedFiles.Require(string)"/>).
    /// </summary>
    public static XmlSchemaSet Load(string relativePath, string? targetNamespace = null)
    {
        var path = SharedFiles.Require(relativePath);
        var schemas = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        using (var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = new XmlUrlResolver() }))
        {
            schemas.Add(targetNamespace, reader);
        }
        schemas.Compile();
        return schemas;
    }

    /// <summary>Every problem the schemas find in the document, each with its line; empty for a valid one.</summary>
    public static List<string> Problems(byte[] document, XmlSchemaSet schemas)
    {
        var problems = new List<string>();
        XDocument.Load(new MemoryStream(document), LoadOptions.SetLineInfo).Validate(schemas, (_, e) => problems.Add($"line {e.Exception?.LineNumber}: {e.Message}"));
        return problems;
    }

    /// <summary>As <see cref="Problems(byte[], XmlSchemaSet)"/> for a file.</summary>
    public static List<string> Problems(string file, XmlSchemaSet schemas) => Problems(File.ReadAllBytes(file), schemas);
}
