using Almanac.Domain;
using Almanac.Ingest.Dhis2;
using Almanac.Ingest.Platform;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Staff;
using Almanac.Tests;

namespace Almanac.Ingest.Tests.Fuzz;

/// <summary>
/// The inputs bench/Almanac.Fuzz found crashing an importer with an exception other than Almanac's own (shrunk to what
/// makes the crash), replayed from this folder: each is now refused with an <see cref="InputException"/> that names the
/// file, the line or field and the value, and a refused staff list writes nothing.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Input(string name) => Path.Combine(SharedFiles.RepositoryRoot, "tests", "Almanac.Ingest.Tests", "Fuzz", name);

    [Theory]
    // YamlDotNet's scanner threw a bare InvalidOperationException on a '{' left open over the next lines.
    [InlineData("questionnaire-unclosed-flow-mapping.yaml", 3L, null, "not valid YAML at column 1: the file cannot be read past this point (a '{' or '[' not closed before it?)")]
    // A tag YamlDotNet cannot name (found in the 10-minute run of report definitions): ArgumentException.
    [InlineData("questionnaire-tag-not-a-uri.yaml", 2L, null, ": Global tags must be valid URIs.")]
    // A '-' with nothing after it was a null question: NullReferenceException.
    [InlineData("questionnaire-empty-question.yaml", 6L, null, "an empty entry in a list (a '-' with nothing after it, or ~)")]
    // say: { es: ~ } was a null sentence: ArgumentNullException where its placeholders are read.
    [InlineData("questionnaire-empty-sentence.yaml", 16L, "q.statements.say.es", "a sentence needs its text")]
    public void A_questionnaire_that_crashed_the_reader_is_refused_naming_where(string file, long? line, string? column, string says)
    {
        var error = Assert.Throws<InputException>(() => PlatformFiles.ReadQuestionnaire(file, File.ReadAllText(Input(file))));

        Assert.Equal((file, line, column), (error.File, error.Line, error.Column));
        Assert.EndsWith(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frameworks_file_with_an_empty_node_is_refused_on_its_line()
    {
        // Was a NullReferenceException building the nodes.
        const string file = "frameworks-empty-node.yaml";
        var error = Assert.Throws<InputException>(() => PlatformFiles.ReadFrameworks(file, File.ReadAllText(Input(file))));

        Assert.Equal((file, 8L), (error.File, error.Line));
        Assert.EndsWith("an empty entry in a list (a '-' with nothing after it, or ~)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_offices_file_with_a_stray_quote_is_refused_on_its_line_with_the_cell()
    {
        // Was CsvHelper's BadDataException, which named no line.
        const string file = "offices-stray-quote.csv";
        using var reader = new StreamReader(Input(file));
        var error = Assert.Throws<InputException>(() => PlatformFiles.ReadOffices(file, reader));

        Assert.Equal((file, 2L, "\"Head\"quarters"), (error.File, error.Line, error.Value));
        Assert.EndsWith("malformed CSV: a quote inside a cell that does not start with one (a stray quote?)", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string?, string> Workbooks
    {
        get
        {
            var data = new TheoryData<string, string, string?, string>();
            foreach (var engine in new[] { "duckdb", "postgres" })
            {
                // The workbook's relationship names a sheet part the zip lacks: InvalidOperationException.
                data.Add(engine, "staff-xlsx-missing-part.xlsx", null, "the workbook's parts do not fit together (Specified part does not exist in the package.)");
                // The sheet's r:id is none of the workbook's relationships: ArgumentOutOfRangeException.
                data.Add(engine, "staff-xlsx-unknown-relationship.xlsx", "rId7", "sheet 'Staff' refers to a part the workbook does not have");
                // The sheet has no r:id: NullReferenceException.
                data.Add(engine, "staff-xlsx-sheet-without-id.xlsx", null, "sheet 'Staff' refers to a part the workbook does not have");
                // The workbook part's root is not a workbook: InvalidDataException.
                data.Add(engine, "staff-xlsx-workbook-not-a-workbook.xlsx", null, "the workbook's parts do not fit together (Cannot load the root element from the part. The part contains invalid data.)");
                // The workbook part is empty (a part name repeated as fuzzed): NullReferenceException.
                data.Add(engine, "staff-xlsx-empty-workbook-part.xlsx", null, "the workbook part /xl/workbook.xml is empty");
                // A part's deflated data is damaged (as fuzzed, two bit flips): InvalidDataException as the sheet's reader
                // starts, or at a later row.
                data.Add(engine, "staff-xlsx-damaged-part-at-start.xlsx", null, "the workbook's zip is damaged: a part cannot be unzipped (The archive entry was compressed using an unsupported compression method.)");
                data.Add(engine, "staff-xlsx-damaged-part-in-rows.xlsx", null, "the workbook's zip is damaged: a part cannot be unzipped (A local file header is corrupt.)");
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Workbooks))]
    public async Task A_staff_workbook_that_crashed_the_reader_is_refused_and_writes_nothing(string engine, string file, string? value, string says)
    {
        await using var test = await TestStores.CreateAsync(engine);
        await test.Store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), Ct);

        var error = await Assert.ThrowsAsync<InputException>(() => new StaffImporter(test.Store, TimeProvider.System).ImportAsync(Input(file), 2023, Ct));

        Assert.Equal((file, (long?)null, value), (error.File, error.Line, error.Value));
        Assert.EndsWith(says, error.Message, StringComparison.Ordinal);
        Assert.Empty(await test.Store.SourcesAsync(Ct));
    }

    [Fact]
    public void A_dhis2_data_value_set_with_bytes_that_are_not_utf8_is_refused_on_their_line()
    {
        // Was System.Text.Json's InvalidOperationException ("Cannot transcode invalid UTF-8 JSON text"), found by the
        // dhis2-json target: the reader meets the bytes (line 24, offset 631) only when it reads the string holding them.
        const string file = "dhis2-json-not-utf8-in-a-string.json";
        var error = Assert.Throws<InputException>(() => Dhis2DataValues.Read(file, File.ReadAllBytes(Input(file)), Dhis2Format.Json));

        Assert.Equal((file, 24L), (error.File, error.Line));
        Assert.EndsWith("not UTF-8 text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dhis2_data_value_set_with_a_lone_surrogate_escape_is_refused_on_its_line()
    {
        const string file = "values.json";
        var content = System.Text.Encoding.UTF8.GetBytes("{\n  \"dataValues\": [\n    {\"dataElement\": \"A\\uD800\", \"value\": \"1\"}\n  ]\n}\n");
        var error = Assert.Throws<InputException>(() => Dhis2DataValues.Read(file, content, Dhis2Format.Json));

        Assert.Equal((file, 3L), (error.File, error.Line));
        Assert.Contains("a string that is not valid text", error.Message, StringComparison.Ordinal);
    }
}
