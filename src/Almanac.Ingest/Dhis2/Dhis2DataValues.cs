using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Almanac.Domain;

namespace Almanac.Ingest.Dhis2;

/// <summary>The three ways DHIS2 exchanges aggregate data values.</summary>
public enum Dhis2Format
{
    /// <summary>A data value set as JSON (<c>application/json</c>).</summary>
    Json,

    /// <summary>A data value set as CSV (<c>application/csv</c>).</summary>
    Csv,

    /// <summary>An IHE ADX document (<c>application/adx+xml</c>).</summary>
    Adx,
}

/// <summary>
/// A category option combo or an attribute option combo as a file gives it: by its code (data value set JSON and CSV),
/// or by the option of each category (ADX, whose attributes name categories).
/// </summary>
public sealed record Dhis2Combo(string? Code, IReadOnlyList<KeyValuePair<string, string>>? Options)
{
    public static Dhis2Combo OfCode(string? code) => new(code, null);

    public static Dhis2Combo OfOptions(IReadOnlyList<KeyValuePair<string, string>> options) => new(null, options);
}

/// <summary>One DHIS2 data value; <paramref name="Where"/> says where a file gave it ("line 12"), for conflicts.</summary>
public sealed record Dhis2DataValue(string DataElement, string Period, string OrgUnit, Dhis2Combo Categories, Dhis2Combo Attributes, string? Value, string Where);

/// <summary>
/// Reads and writes DHIS2 data value sets and ADX documents. Followed: the DHIS2 Developer Manual, Web API, "Data
/// values" (https://docs.dhis2.org/en/develop/using-the-api/dhis-core-version-master/data.html): the JSON data value
/// set <c>{"dataValues":[{"dataElement","period","orgUnit","categoryOptionCombo","attributeOptionCombo","value"}]}</c>
/// with period, orgUnit and attributeOptionCombo allowed on the set for all its values, and the CSV whose columns are, in
/// this order, <c>dataelement, period, orgunit, catoptcombo, attroptcombo, value, storedby, lastupdated, comment,
/// followup, deleted</c> (the first row a header); and IHE's ADX profile (urn:ihe:qrph:adx:2015, the schema
/// adx_loose.xsd of dhis2/adx): <c>adx/@exported</c>, <c>group/@orgUnit</c>, <c>group/@period</c> (an SDMX time range,
/// "2023-01-01/P1Y"), <c>dataValue/@dataElement</c>, <c>dataValue/@value</c>, every other attribute of a dataValue a
/// category of its data element and of a group a category of its attribute option combo, named by codes (DHIS2's ADX).
/// </summary>
public static class Dhis2DataValues
{
    public const string JsonType = "application/json";
    public const string CsvType = "application/csv";
    public const string AdxType = "application/adx+xml";
    public const string AdxNamespace = "urn:ihe:qrph:adx:2015";

    /// <summary>The columns of DHIS2's data value set CSV, in its order.</summary>
    public static readonly IReadOnlyList<string> CsvColumns = ["dataelement", "period", "orgunit", "catoptcombo", "attroptcombo", "value", "storedby", "lastupdated", "comment", "followup", "deleted"];

    /// <summary>The names DHIS2 itself writes in the header for the first six columns (its exports and its documentation differ).</summary>
    private static readonly string[][] HeaderNames =
    [
        ["dataelement", "de"], ["period", "pe"], ["orgunit", "ou"], ["catoptcombo", "categoryoptioncombo", "co"], ["attroptcombo", "attributeoptioncombo", "ao"], ["value"],
    ];

    private static readonly string[] GroupAttributes = ["orgUnit", "period", "dataSet", "dataSetComplete", "comment", "completeDate"];
    private static readonly string[] ValueAttributes = ["dataElement", "value", "comment", "annotation", "storedBy", "created", "lastUpdated", "followup", "deleted"];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The format of a file: by its extension, else by its first character ('{' JSON, '&lt;' ADX, CSV otherwise).</summary>
    public static Dhis2Format Detect(string name, ReadOnlySpan<byte> content)
    {
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (extension == ".json") return Dhis2Format.Json;
        if (extension == ".csv") return Dhis2Format.Csv;
        if (extension is ".xml" or ".adx") return Dhis2Format.Adx;
        foreach (var b in content[(content.StartsWith(Encoding.UTF8.Preamble) ? 3 : 0)..])
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') continue;
            return b == '{' ? Dhis2Format.Json : b == '<' ? Dhis2Format.Adx : Dhis2Format.Csv;
        }
        return Dhis2Format.Csv;
    }

    /// <summary>The format a request's content type names, or null when it names none of the three.</summary>
    public static Dhis2Format? FromContentType(string? contentType)
    {
        var type = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return type switch
        {
            "application/json" => Dhis2Format.Json,
            "application/csv" or "text/csv" => Dhis2Format.Csv,
            "application/adx+xml" or "application/xml" or "text/xml" => Dhis2Format.Adx,
            _ => null,
        };
    }

    /// <summary>
    /// The data values of a file, every one with where it stands. A file that cannot be read as its format, or past a
    /// bound, is an <see cref="InputException"/> naming the file, the line, the field and the value; nothing is returned.
    /// </summary>
    public static IReadOnlyList<Dhis2DataValue> Read(string name, byte[] content, Dhis2Format format)
    {
        if (content.Length > InputLimits.MaxDataValueSetBytes)
            throw new InputException(name, null, null, null, $"the file is larger than the {InputLimits.Number(InputLimits.MaxDataValueSetBytes)} bytes (64 MiB) a data value set may have");
        var values = format switch
        {
            Dhis2Format.Json => ReadJson(name, content),
            Dhis2Format.Csv => ReadCsv(name, content),
            _ => ReadAdx(name, content),
        };
        if (values.Count == 0) throw new InputException(name, null, null, null, "the file holds no data value");
        return values;
    }

    private static void Count(string name, long? line, int count)
    {
        if (count >= InputLimits.MaxDataValues)
            throw new InputException(name, line, null, null, $"more than the {InputLimits.Number(InputLimits.MaxDataValues)} data values one import may carry");
    }

    private static List<Dhis2DataValue> ReadJson(string name, byte[] content)
    {
        var lines = new LineCounter(content);
        try
        {
            // The reader takes bytes and finds bytes that are not UTF-8 only when a string is read, with no line to give.
            StrictUtf8.GetCharCount(content);
        }
        catch (DecoderFallbackException e)
        {
            throw new InputException(name, e.Index >= 0 ? lines.At(e.Index) : null, null, null, "not UTF-8 text");
        }
        var reader = new Utf8JsonReader(content, new JsonReaderOptions { MaxDepth = 16, CommentHandling = JsonCommentHandling.Skip });
        InputException Problem(long at, string? field, string problem) => new(name, lines.At(at), field, null, problem);
        var raw = new List<(Dictionary<string, string?> Fields, long Line)>();
        string? setPeriod = null, setOrgUnit = null, setAttributes = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw Problem(reader.TokenStartIndex, null, "a data value set is one JSON object: {\"dataValues\": [...]}");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.GetString()!;
                reader.Read();
                switch (property)
                {
                    case "dataValues":
                        if (reader.TokenType != JsonTokenType.StartArray) throw Problem(reader.TokenStartIndex, "dataValues", "dataValues is a list of data values");
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            if (reader.TokenType != JsonTokenType.StartObject) throw Problem(reader.TokenStartIndex, "dataValues", "each data value is an object");
                            var line = lines.At(reader.TokenStartIndex);
                            Count(name, line, raw.Count);
                            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
                            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                            {
                                var field = reader.GetString()!;
                                reader.Read();
                                fields[field] = Scalar(ref reader, field) ?? (reader.TokenType == JsonTokenType.Null ? null : throw Problem(reader.TokenStartIndex, field, $"{field} is a text or a number"));
                            }
                            raw.Add((fields, line));
                        }
                        break;
                    case "period":
                        setPeriod = Scalar(ref reader, property) ?? (reader.TokenType == JsonTokenType.Null ? null : throw Problem(reader.TokenStartIndex, property, $"{property} is a text"));
                        break;
                    case "orgUnit":
                        setOrgUnit = Scalar(ref reader, property) ?? (reader.TokenType == JsonTokenType.Null ? null : throw Problem(reader.TokenStartIndex, property, $"{property} is a text"));
                        break;
                    case "attributeOptionCombo":
                        setAttributes = Scalar(ref reader, property) ?? (reader.TokenType == JsonTokenType.Null ? null : throw Problem(reader.TokenStartIndex, property, $"{property} is a text"));
                        break;
                    default:
                        // dataSet, completeDate and the like say nothing Almanac keeps.
                        reader.Skip();
                        break;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject) throw Problem(reader.TokenStartIndex, null, "the data value set's object is not closed");
            if (reader.Read()) throw Problem(reader.TokenStartIndex, null, "more after the data value set's object");
        }
        catch (InvalidOperationException e) when (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            // A string whose escapes make no text (a lone surrogate, "\uD800").
            throw Problem(reader.TokenStartIndex, null, "a string that is not valid text: " + e.Message.TrimEnd('.'));
        }
        catch (JsonException e)
        {
            throw new InputException(name, (e.LineNumber ?? 0) + 1, null, null, "not valid JSON: " + e.Message.Split(" LineNumber:", 2)[0].TrimEnd('.', ' '));
        }
        var values = new List<Dhis2DataValue>(raw.Count);
        foreach (var (fields, line) in raw)
        {
            string Required(string field, string? setDefault)
            {
                var value = fields.GetValueOrDefault(field) ?? setDefault;
                return string.IsNullOrWhiteSpace(value) ? throw new InputException(name, line, field, value, $"a data value needs its {field}") : value;
            }
            values.Add(new Dhis2DataValue(Required("dataElement", null), Required("period", setPeriod), Required("orgUnit", setOrgUnit),
                Dhis2Combo.OfCode(fields.GetValueOrDefault("categoryOptionCombo")), Dhis2Combo.OfCode(fields.GetValueOrDefault("attributeOptionCombo") ?? setAttributes),
                fields.GetValueOrDefault("value"), $"line {line}"));
        }
        return values;

        // A text, a number or a truth value as text; null for JSON's null and for what is none of these (an object, a list).
        static string? Scalar(ref Utf8JsonReader reader, string field) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            _ => null,
        };
    }

    private static List<Dhis2DataValue> ReadCsv(string name, byte[] content)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            throw new InputException(name, null, null, null, "not UTF-8 text");
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var values = new List<Dhis2DataValue>();
        var line = 0L;
        var header = true;
        foreach (var (cells, start) in CsvRows(name, text))
        {
            line = start;
            if (cells.Count == 1 && cells[0].Trim().Length == 0) continue;
            if (header)
            {
                // DHIS2 takes the first row for a header and ignores it: a first row of data would be lost without a word.
                for (var i = 0; i < Math.Min(cells.Count, HeaderNames.Length); i++)
                {
                    if (!HeaderNames[i].Contains(cells[i].Trim().ToLowerInvariant().Replace("_", "", StringComparison.Ordinal)))
                        throw new InputException(name, line, $"column {i + 1}", cells[i], $"the first row is DHIS2's header: {string.Join(",", CsvColumns)}");
                }
                if (cells.Count < HeaderNames.Length) throw new InputException(name, line, null, null, $"the header has {cells.Count} columns; DHIS2's are {string.Join(",", CsvColumns)}");
                header = false;
                continue;
            }
            if (cells.Count < HeaderNames.Length) throw new InputException(name, line, null, null, $"{cells.Count} cells where a data value has at least {HeaderNames.Length} ({string.Join(",", CsvColumns.Take(HeaderNames.Length))})");
            if (cells.Count > CsvColumns.Count) throw new InputException(name, line, null, null, $"{cells.Count} cells where DHIS2's data value CSV has {CsvColumns.Count}");
            Count(name, line, values.Count);
            for (var i = 0; i < 3; i++)
            {
                if (cells[i].Trim().Length == 0) throw new InputException(name, line, CsvColumns[i], cells[i], $"a data value needs its {CsvColumns[i]}");
            }
            if (cells.Count > 10 && cells[10].Trim().Equals("true", StringComparison.OrdinalIgnoreCase))
                throw new InputException(name, line, "deleted", cells[10], "Almanac does not delete through a DHIS2 import");
            values.Add(new Dhis2DataValue(cells[0].Trim(), cells[1].Trim(), cells[2].Trim(), Dhis2Combo.OfCode(Empty(cells[3])), Dhis2Combo.OfCode(Empty(cells[4])),
                Empty(cells[5]), $"line {line}"));
        }
        if (header) throw new InputException(name, 1, null, null, $"empty file: the first row is DHIS2's header {string.Join(",", CsvColumns)}");
        return values;

        static string? Empty(string cell) => cell.Trim().Length == 0 ? null : cell.Trim();
    }

    /// <summary>The rows of a CSV text with the line each begins on; a quoted cell may hold commas, quotes doubled and line breaks.</summary>
    private static IEnumerable<(List<string> Cells, long Line)> CsvRows(string name, string text)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        long line = 1, start = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') line++;
            if (quoted)
            {
                if (c != '"') cell.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\n')
            {
                cells.Add(cell.ToString());
                yield return (cells, start);
                cells = [];
                cell.Clear();
                start = line;
            }
            else if (c != '\r') cell.Append(c);
        }
        if (quoted) throw new InputException(name, start, null, null, "a quoted cell is not closed");
        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            yield return (cells, start);
        }
    }

    private static List<Dhis2DataValue> ReadAdx(string name, byte[] content)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            IgnoreProcessingInstructions = true,
            MaxCharactersInDocument = InputLimits.MaxDataValueSetBytes,
        };
        var values = new List<Dhis2DataValue>();
        using var stream = new MemoryStream(content, writable: false);
        using var reader = XmlReader.Create(stream, settings);
        var info = (IXmlLineInfo)reader;
        InputException Problem(string? field, string? value, string problem) => new(name, info.LineNumber, field, value, problem);
        try
        {
            reader.MoveToContent();
            if (reader.LocalName != "adx" || reader.NamespaceURI != AdxNamespace) throw Problem(reader.LocalName, null, $"an ADX document's root is adx in the namespace {AdxNamespace}");
            if (reader.IsEmptyElement) return values;
            string? orgUnit = null, period = null;
            List<KeyValuePair<string, string>> groupOptions = [];
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.EndElement) continue;
                if (reader.NodeType != XmlNodeType.Element)
                {
                    if (reader.NodeType == XmlNodeType.Text && reader.Depth > 2) continue;
                    throw Problem(null, reader.Value, "only groups of data values go in an ADX document");
                }
                if (reader.NamespaceURI != AdxNamespace) throw Problem(reader.LocalName, null, $"an element of another namespace than {AdxNamespace}");
                switch (reader.LocalName, reader.Depth)
                {
                    case ("group", 1):
                        (orgUnit, period, groupOptions) = (null, null, []);
                        foreach (var (attribute, value) in Attributes(reader))
                        {
                            if (attribute == "orgUnit") orgUnit = value;
                            else if (attribute == "period") period = value;
                            else if (!GroupAttributes.Contains(attribute)) groupOptions.Add(new(attribute, value));
                        }
                        if (string.IsNullOrWhiteSpace(orgUnit)) throw Problem("orgUnit", orgUnit, "a group needs its orgUnit");
                        if (string.IsNullOrWhiteSpace(period)) throw Problem("period", period, "a group needs its period");
                        break;
                    case ("dataValue", 2):
                        Count(name, info.LineNumber, values.Count);
                        string? dataElement = null, number = null;
                        var options = new List<KeyValuePair<string, string>>();
                        var line = info.LineNumber;
                        foreach (var (attribute, value) in Attributes(reader))
                        {
                            if (attribute == "dataElement") dataElement = value;
                            else if (attribute == "value") number = value;
                            else if (!ValueAttributes.Contains(attribute)) options.Add(new(attribute, value));
                        }
                        if (string.IsNullOrWhiteSpace(dataElement)) throw Problem("dataElement", dataElement, "a dataValue needs its dataElement");
                        values.Add(new Dhis2DataValue(dataElement.Trim(), period!.Trim(), orgUnit!.Trim(), Dhis2Combo.OfOptions(options), Dhis2Combo.OfOptions(groupOptions),
                            number, $"line {line}"));
                        break;
                    case ("annotation", 3):
                        reader.Skip();
                        break;
                    default:
                        throw Problem(reader.LocalName, null, "an ADX document holds adx, its groups and their dataValues (with an annotation)");
                }
            }
        }
        catch (XmlException e)
        {
            throw new InputException(name, e.LineNumber != 0 ? e.LineNumber : info.LineNumber != 0 ? info.LineNumber : null, null, null, "not a readable ADX document: " + e.Message);
        }
        return values;
    }

    /// <summary>The attributes of the element without a namespace (xsi:schemaLocation and the like are not data).</summary>
    private static List<(string Name, string Value)> Attributes(XmlReader reader)
    {
        var attributes = new List<(string, string)>();
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.NamespaceURI.Length == 0) attributes.Add((reader.LocalName, reader.Value));
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        return attributes;
    }

    /// <summary>Writes data values in a format. ADX needs each combo by its options; JSON and CSV by its code.</summary>
    public static byte[] Write(IReadOnlyList<Dhis2ExportValue> values, Dhis2Format format, DateTimeOffset exported) => format switch
    {
        Dhis2Format.Json => WriteJson(values),
        Dhis2Format.Csv => WriteCsv(values),
        _ => WriteAdx(values, exported),
    };

    private static byte[] WriteJson(IReadOnlyList<Dhis2ExportValue> values)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("dataValues");
            foreach (var v in values)
            {
                json.WriteStartObject();
                json.WriteString("dataElement", v.DataElement);
                json.WriteString("period", v.Period);
                json.WriteString("orgUnit", v.OrgUnit);
                json.WriteString("categoryOptionCombo", v.CategoryOptionCombo);
                json.WriteString("attributeOptionCombo", v.AttributeOptionCombo);
                // DHIS2 writes every value as text, whatever its value type.
                json.WriteString("value", Number(v.Value));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static byte[] WriteCsv(IReadOnlyList<Dhis2ExportValue> values)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', CsvColumns.Take(HeaderNames.Length))).Append('\n');
        foreach (var v in values)
        {
            csv.Append(Cell(v.DataElement)).Append(',').Append(Cell(v.Period)).Append(',').Append(Cell(v.OrgUnit)).Append(',')
                .Append(Cell(v.CategoryOptionCombo)).Append(',').Append(Cell(v.AttributeOptionCombo)).Append(',').Append(Number(v.Value)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(csv.ToString());

        // Codes never begin with a character a spreadsheet runs (Dhis2Mapping refuses them), so a cell needs only quoting.
        static string Cell(string text) => text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : '"' + text.Replace("\"", "\"\"", StringComparison.Ordinal) + '"';
    }

    private static byte[] WriteAdx(IReadOnlyList<Dhis2ExportValue> values, DateTimeOffset exported)
    {
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartElement("adx", AdxNamespace);
            xml.WriteAttributeString("exported", XmlConvert.ToString(exported.UtcDateTime, XmlDateTimeSerializationMode.Utc));
            foreach (var group in values.GroupBy(v => (v.OrgUnit, v.Period, Attributes: string.Join('\u0001', v.AttributeOptions.Select(o => o.Key + "=" + o.Value)))))
            {
                var first = group.First();
                xml.WriteStartElement("group", AdxNamespace);
                xml.WriteAttributeString("orgUnit", first.OrgUnit);
                xml.WriteAttributeString("period", AdxPeriod(first.Period));
                foreach (var (category, option) in first.AttributeOptions) xml.WriteAttributeString(category, option);
                foreach (var v in group)
                {
                    xml.WriteStartElement("dataValue", AdxNamespace);
                    xml.WriteAttributeString("dataElement", v.DataElement);
                    xml.WriteAttributeString("value", Number(v.Value));
                    foreach (var (category, option) in v.CategoryOptions) xml.WriteAttributeString(category, option);
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return stream.ToArray();
    }

    /// <summary>A yearly period as ADX writes it: the SDMX time range of the year, "2023-01-01/P1Y".</summary>
    public static string AdxPeriod(string period) => period + "-01-01/P1Y";

    /// <summary>The year of a period: DHIS2's yearly "2023", or ADX's "2023-01-01/P1Y"; null for any other period.</summary>
    public static int? YearOf(string period)
    {
        var text = period.Trim();
        if (text.EndsWith("-01-01/P1Y", StringComparison.Ordinal)) text = text[..^"-01-01/P1Y".Length];
        return text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : null;
    }

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One figure as an export writes it: codes, and each combo both by its code and by its options.</summary>
public sealed record Dhis2ExportValue(string DataElement, string Period, string OrgUnit, string CategoryOptionCombo, IReadOnlyList<KeyValuePair<string, string>> CategoryOptions,
    string AttributeOptionCombo, IReadOnlyList<KeyValuePair<string, string>> AttributeOptions, decimal Value);

/// <summary>Finds the line of a byte offset, counting forwards from the last offset asked (a reader asks in order).</summary>
internal sealed class LineCounter(byte[] content)
{
    private long _offset;
    private long _line = 1;

    public long At(long offset)
    {
        if (offset < _offset) (_offset, _line) = (0, 1);
        for (; _offset < offset && _offset < content.Length; _offset++)
        {
            if (content[_offset] == '\n') _line++;
        }
        return _line;
    }
}
