using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Almanac.Cli;
using Almanac.Domain.Platform;
using Almanac.Store;
using Almanac.Tests;
using Almanac.Web.Demo;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Columns = DocumentFormat.OpenXml.Spreadsheet.Columns;
using Text = DocumentFormat.OpenXml.Spreadsheet.Text;

namespace Almanac.Web.Tests;

/// <summary>
/// The offline questionnaire: a submission downloaded as a workbook, filled in by the test with the OpenXML SDK as a person
/// fills it in Excel (finding each question by its words, typing into the answer cell), and uploaded back; the stored
/// answers compared with those the same answers typed into the form give.
/// </summary>
public sealed class OfflineWorkbookTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The answers as the web form posts them (English options, the stored keys).</summary>
    private static Dictionary<string, string?> Typed() => new()
    {
        ["emergency-response"] = "yes",
        ["people-assisted/Displaced persons/Women"] = "120",
        ["people-assisted/Displaced persons/Men"] = "80",
        ["people-assisted/Migrants/Women"] = "45",
        ["people-assisted/Migrants/Men"] = "30",
        ["people-assisted/Host community members/Women"] = "10",
        ["people-assisted/Host community members/Men"] = "12",
        ["durable-solutions"] = "Partly",
        ["pathway-areas"] = "Labour mobility; Resettlement",
        ["data-products"] = "4",
        ["psea-focal-point"] = "no",
    };

    /// <summary>The same answers typed into the French workbook, as a person reads it: by each question's French words.</summary>
    private static void FillInFrench(FilledWorkbook workbook, Questionnaire questionnaire)
    {
        string Text(string id) => questionnaire.Question(id)!.TextIn("fr");
        workbook.Type(Text("emergency-response"), "Oui");
        foreach (var (row, women, men) in new[] { ("Personnes déplacées", 120, 80), ("Migrants", 45, 30), ("Membres des communautés d'accueil", 10, 12) })
        {
            workbook.Type($"{row} — Femmes", women);
            workbook.Type($"{row} — Hommes", men);
        }
        workbook.Type(Text("durable-solutions"), "En partie");
        workbook.Type("Mobilité de main-d'œuvre", "Oui");
        workbook.Type("Réinstallation", "oui");
        workbook.Type("Regroupement familial", "Non");
        workbook.Type(Text("data-products"), 4);
        workbook.Type(Text("psea-focal-point"), "Non");
    }

    private static async Task<SubmissionDto> OpenOwnAsync(ApiClient focal)
    {
        using var response = await focal.SendAsync(HttpMethod.Post, "/api/submissions/", new { office = PlatformDemo.FocalOffice, year = 2023 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SubmissionDto>(Ct))!;
    }

    private static async Task<byte[]> DownloadAsync(ApiClient client, long id, string language)
    {
        using var response = await client.SendAsync(HttpMethod.Get, $"/api/submissions/{id}/workbook?lang={language}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(ApiClient client, long id, byte[] workbook)
    {
        var content = new ByteArrayContent(workbook);
        content.Headers.ContentType = new MediaTypeHeaderValue(XlsxType);
        using var response = await client.SendAsync(HttpMethod.Post, $"/api/submissions/{id}/workbook", content);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task A_workbook_filled_as_a_person_fills_it_stores_the_same_answers_as_the_form_and_is_audited_as_from_the_workbook()
    {
        IReadOnlyDictionary<string, string> throughForm;
        await using (var formServer = await PlatformServer.StartAsync())
        {
            using var focal = await formServer.ClientAsync("focal-mali");
            var draft = await OpenOwnAsync(focal);
            using var saved = await focal.SendAsync(HttpMethod.Put, $"/api/submissions/{draft.Id}/answers", new { version = draft.Version, answers = Typed() });
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            throughForm = await formServer.Store.AnswersAsync(draft.Id, Ct);
        }

        await using var server = await PlatformServer.StartAsync();
        using var client = await server.ClientAsync("focal-mali");
        var submission = await OpenOwnAsync(client);
        var questionnaire = (await server.Store.QuestionnaireAsync(2023, Ct))!;
        using var workbook = new FilledWorkbook(await DownloadAsync(client, submission.Id, "fr"));
        FillInFrench(workbook, questionnaire);

        var (status, body) = await UploadAsync(client, submission.Id, workbook.Save());

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var stored = await server.Store.AnswersAsync(submission.Id, Ct);
        Assert.Equal(throughForm.OrderBy(a => a.Key, StringComparer.Ordinal), stored.OrderBy(a => a.Key, StringComparer.Ordinal));
        Assert.Equal(submission.Version + 1, body.GetProperty("version").GetInt64());
        var audit = await server.Store.AuditAsync(new AuditQuery($"submission {submission.Id}"), Ct);
        Assert.Equal(throughForm.Count, audit.Count(a => a.Action == "answer" && a.Actor == "focal-mali"));
        var upload = Assert.Single(audit, a => a.Action == "workbook upload");
        Assert.Equal("focal-mali", upload.Actor);
        Assert.Equal(submission.Version.ToString(CultureInfo.InvariantCulture), upload.OldValue);
        Assert.StartsWith($"{submission.Version + 1} (from the workbook ", upload.NewValue, StringComparison.Ordinal);

        // Downloaded again, the workbook shows the stored answers in French where a person typed them.
        using var again = new FilledWorkbook(await DownloadAsync(client, submission.Id, "fr"));
        Assert.Equal("Oui", again.Answer(questionnaire.Question("emergency-response")!.TextIn("fr")));
        Assert.Equal("En partie", again.Answer(questionnaire.Question("durable-solutions")!.TextIn("fr")));
        Assert.Equal("45", again.Answer("Migrants — Femmes"));
        Assert.Equal("Oui", again.Answer("Réinstallation"));
        Assert.Equal("", again.Answer("Regroupement familial"));
    }

    [Fact]
    public async Task A_workbook_with_errors_names_each_sheet_and_cell_with_its_value_and_writes_nothing()
    {
        await using var server = await PlatformServer.StartAsync();
        using var client = await server.ClientAsync("focal-mali");
        var submission = await OpenOwnAsync(client);
        var questionnaire = (await server.Store.QuestionnaireAsync(2023, Ct))!;
        var bytes = await DownloadAsync(client, submission.Id, "en");

        using var workbook = new FilledWorkbook(bytes);
        workbook.Type(questionnaire.Question("emergency-response")!.Text, "Yes");
        var products = workbook.Type(questionnaire.Question("data-products")!.Text, 2.5m);
        var solutions = workbook.Type(questionnaire.Question("durable-solutions")!.Text, "Maybe");
        var migrants = workbook.Type("Migrants — Women", "many");
        var (status, body) = await UploadAsync(client, submission.Id, workbook.Save());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var detail = body.GetProperty("detail").GetString()!;
        Assert.Contains($"sheet '{products.Sheet}', cell {products.Cell}: a count is a whole number (the cell holds '2.5')", detail, StringComparison.Ordinal);
        Assert.Contains($"sheet '{solutions.Sheet}', cell {solutions.Cell}: not one of the options (Not yet, Partly, Fully) (the cell holds 'Maybe')", detail, StringComparison.Ordinal);
        Assert.Contains($"sheet '{migrants.Sheet}', cell {migrants.Cell}: not a number (the cell holds 'many')", detail, StringComparison.Ordinal);
        Assert.Equal(3, body.GetProperty("errors").EnumerateObject().Count());
        Assert.True(body.GetProperty("errors").TryGetProperty($"{products.Sheet}!{products.Cell}", out _));
        Assert.Empty(await server.Store.AnswersAsync(submission.Id, Ct));
        Assert.Equal(submission.Version, (await server.Store.SubmissionAsync(submission.Id, Ct))!.Version);

        // A formula is refused with its cell: the platform stores what was typed, not what a formula made of it.
        using var withFormula = new FilledWorkbook(bytes);
        var formula = withFormula.Formula(questionnaire.Question("data-products")!.Text, "2+2", "4");
        (status, body) = await UploadAsync(client, submission.Id, withFormula.Save());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"sheet '{formula.Sheet}', cell '{formula.Cell}': the cell holds a formula", body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A row's hidden key changed (a row moved by hand): refused as restructured, naming the sheet and the key's cell.
        using var moved = new FilledWorkbook(bytes);
        var place = moved.Type(questionnaire.Question("data-products")!.Text, 3);
        moved.SetText(place.Sheet, "A" + place.Cell[1..], "emergency-response");
        (status, body) = await UploadAsync(client, submission.Id, moved.Save());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"sheet '{place.Sheet}', cell A{place.Cell[1..]}: the workbook was restructured", body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Not a workbook at all.
        (status, body) = await UploadAsync(client, submission.Id, "office,answer\nCO-MLI,4\n"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not an XLSX workbook", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await server.Store.AnswersAsync(submission.Id, Ct));
        Assert.DoesNotContain(await server.Store.AuditAsync(new AuditQuery($"submission {submission.Id}"), Ct), a => a.Action is "answer" or "workbook upload");
    }

    [Fact]
    public async Task A_workbook_downloaded_before_someone_changed_the_submission_is_refused_naming_who_and_when()
    {
        await using var server = await PlatformServer.StartAsync();
        using var client = await server.ClientAsync("focal-mali");
        var submission = await OpenOwnAsync(client);
        var questionnaire = (await server.Store.QuestionnaireAsync(2023, Ct))!;
        using var workbook = new FilledWorkbook(await DownloadAsync(client, submission.Id, "en"));
        workbook.Type(questionnaire.Question("data-products")!.Text, 7);

        using var saved = await client.SendAsync(HttpMethod.Put, $"/api/submissions/{submission.Id}/answers",
            new { version = submission.Version, answers = new Dictionary<string, string?> { ["data-products"] = "3" } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var (status, body) = await UploadAsync(client, submission.Id, workbook.Save());

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains($"submission {submission.Id} was changed by focal-mali at ", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains($"(version {submission.Version + 1}; this page had version {submission.Version})", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("3", (await server.Store.AnswersAsync(submission.Id, Ct))["data-products"]);
    }

    [Fact]
    public async Task The_download_validates_each_answer_cell_protects_everything_else_and_hides_its_keys()
    {
        await using var server = await PlatformServer.StartAsync();
        using var client = await server.ClientAsync("focal-mali");
        var submission = await OpenOwnAsync(client);
        var questionnaire = (await server.Store.QuestionnaireAsync(2023, Ct))!;
        using var stream = new MemoryStream(await DownloadAsync(client, submission.Id, "es"));
        using var document = SpreadsheetDocument.Open(stream, false);
        var book = document.WorkbookPart!;

        Assert.True(book.Workbook.WorkbookProtection?.LockStructure?.Value);
        var sheets = book.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal("Instrucciones", sheets[0].Name?.Value);
        Assert.Equal(SheetStateValues.VeryHidden, sheets.Single(s => s.Name == "almanac-keys").State?.Value);
        Assert.Equal(SheetStateValues.Hidden, sheets.Single(s => s.Name == "almanac-lists").State?.Value);
        var sectionSheets = sheets.Where(s => s.State is null).Skip(1).ToList();
        // A sheet a section, named by its title (Excel keeps 31 characters of a name), the whole title in B1.
        Assert.Equal(questionnaire.Sections.Count, sectionSheets.Count);
        foreach (var (section, sheet) in questionnaire.Sections.Zip(sectionSheets))
        {
            Assert.StartsWith(sheet.Name!.Value!, section.TitleIn("es"), StringComparison.Ordinal);
            var first = ((WorksheetPart)book.GetPartById(sheet.Id!)).Worksheet.Descendants<Cell>().Single(c => c.CellReference!.Value == "B1");
            Assert.Equal(section.TitleIn("es"), FilledWorkbook.TextOf(first, book));
        }
        var formats = book.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        bool Unlocked(Cell cell) => formats[(int)(cell.StyleIndex?.Value ?? 0)].Protection?.Locked?.Value == false;

        var found = new Dictionary<string, (WorksheetPart Part, Cell Answer, DataValidation Validation)>();
        foreach (var sheet in sectionSheets)
        {
            var part = (WorksheetPart)book.GetPartById(sheet.Id!);
            var protection = part.Worksheet.GetFirstChild<SheetProtection>()!;
            Assert.True(protection.Sheet?.Value);
            Assert.True(protection.InsertRows?.Value);
            Assert.True(protection.DeleteRows?.Value);
            Assert.True(part.Worksheet.GetFirstChild<Columns>()!.Elements<Column>().Single(c => c.Min! == 1).Hidden?.Value);
            var validations = part.Worksheet.GetFirstChild<DataValidations>()?.Elements<DataValidation>().ToList() ?? [];
            foreach (var cell in part.Worksheet.Descendants<Cell>())
            {
                var column = cell.CellReference!.Value![..1];
                // Only the answer cells are unlocked, and each of them is validated.
                Assert.Equal(column == "C", Unlocked(cell));
                if (column != "C") continue;
                var validation = Assert.Single(validations, v => v.SequenceOfReferences!.Items.Any(r => r.Value == cell.CellReference.Value));
                var question = FilledWorkbook.TextOf(part.Worksheet.Descendants<Cell>().Single(c => c.CellReference!.Value == "B" + cell.CellReference.Value[1..]), book).Trim();
                found[question] = (part, cell, validation);
            }
        }
        string[] ListEntries(DataValidation validation)
        {
            Assert.Equal(DataValidationValues.List, validation.Type?.Value);
            var range = validation.Formula1!.Text; // 'almanac-lists'!$B$1:$B$3
            var lists = (WorksheetPart)book.GetPartById(sheets.Single(s => s.Name == "almanac-lists").Id!);
            var column = range.Split('!')[1].Split(':')[0].Trim('$').Split('$')[0];
            var last = int.Parse(range.Split(':')[1].Split('$')[2], CultureInfo.InvariantCulture);
            return [.. Enumerable.Range(1, last).Select(r => FilledWorkbook.TextOf(lists.Worksheet.Descendants<Cell>().Single(c => c.CellReference!.Value == column + r), book))];
        }
        var yesNo = found[questionnaire.Question("emergency-response")!.TextIn("es") + " *"];
        Assert.Equal(["Sí", "No"], ListEntries(yesNo.Validation));
        Assert.Equal(["Todavía no", "En parte", "Plenamente"], ListEntries(found[questionnaire.Question("durable-solutions")!.TextIn("es") + " *"].Validation));
        var count = found[questionnaire.Question("data-products")!.TextIn("es") + " *"].Validation;
        Assert.Equal(DataValidationValues.Whole, count.Type?.Value);
        Assert.Equal(DataValidationOperatorValues.Between, count.Operator?.Value);
        Assert.Equal(("0", "99999999999999"), (count.Formula1!.Text, count.Formula2!.Text));
        Assert.True(count.ShowErrorMessage?.Value);
        Assert.Equal(DataValidationValues.Whole, found["Migrantes — Mujeres"].Validation.Type?.Value);
        Assert.Equal(["Sí", "No"], ListEntries(found["Reasentamiento"].Validation));

        // The keys: the submission, its office, year and version, and each answer cell's key.
        var keys = (WorksheetPart)book.GetPartById(sheets.Single(s => s.Name == "almanac-keys").Id!);
        var rows = keys.Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => FilledWorkbook.TextOf(c, book)).ToArray()).ToList();
        Assert.Equal(["submission", submission.Id.ToString(CultureInfo.InvariantCulture), "CO-MLI", "2023", submission.Version.ToString(CultureInfo.InvariantCulture), "es"], rows[1]);
        Assert.Contains(rows, r => r[0] == "answer" && r[4] == "people-assisted/Migrants/Women");
    }

    [Fact]
    public async Task A_regional_reviewer_downloads_one_workbook_with_a_sheet_set_per_office_of_the_region()
    {
        await using var server = await PlatformServer.StartAsync();
        using var reviewer = await server.ClientAsync("reviewer-dakar");
        using var response = await reviewer.SendAsync(HttpMethod.Get, "/api/workbooks/2023?lang=fr");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct));
        using var document = SpreadsheetDocument.Open(stream, false);
        var book = document.WorkbookPart!;
        var offices = (await server.Store.OfficesAsync(Ct)).ToDictionary(o => o.Code);
        var expected = (await server.Store.SubmissionsAsync(2023, Ct)).Where(s => offices[s.Office].Region == PlatformDemo.ReviewerRegion).Select(s => s.Office).Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.Count > 1, "the demo region has several submissions");
        var keys = (WorksheetPart)book.GetPartById(book.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "almanac-keys").Id!);
        var carried = keys.Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => FilledWorkbook.TextOf(c, book)).ToArray()).Where(r => r[0] == "submission").Select(r => r[2]).ToList();
        Assert.Equal(expected, carried);
        var sections = (await server.Store.QuestionnaireAsync(2023, Ct))!.Sections.Count;
        var names = book.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList();
        foreach (var office in expected) Assert.Equal(sections, names.Count(n => n.StartsWith(office + " ", StringComparison.Ordinal)));

        // A focal point reads only its own office: the region's workbook holds no office it may not read.
        using var focal = await server.ClientAsync("focal-mali");
        using var refused = await focal.SendAsync(HttpMethod.Get, $"/api/workbooks/2023?region={PlatformDemo.ReviewerRegion}");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task The_command_line_writes_a_workbook_and_uploads_it_filled_with_the_same_checks(string engine)
    {
        await using var store = await TestStores.CreateAsync(engine);
        await PlatformDemo.SeedAsync(store.Platform, TimeProvider.System, Ct);
        var opened = await store.Platform.OpenSubmissionAsync(PlatformDemo.FocalOffice, 2023, new Change("test", DateTimeOffset.UtcNow), Ct);
        var questionnaire = (await store.Platform.QuestionnaireAsync(2023, Ct))!;
        var directory = Directory.CreateTempSubdirectory("almanac-workbook-");
        try
        {
            var file = Path.Combine(directory.FullName, "mali.xlsx");
            var (exit, output) = await store.ClosedAsync(() => CliWords.RunAsync("questionnaire", "workbook", "--office", PlatformDemo.FocalOffice, "--year", "2023", "--lang", "fr", "--out", file, "--db", store.Target));
            Assert.True(exit == 0, output);
            Assert.Contains($"wrote {file}", output, StringComparison.Ordinal);

            using (var filled = new FilledWorkbook(await File.ReadAllBytesAsync(file, Ct)))
            {
                filled.Type(questionnaire.Question("data-products")!.TextIn("fr"), "deux");
                await File.WriteAllBytesAsync(file, filled.Save(), Ct);
            }
            (exit, output) = await store.ClosedAsync(() => CliWords.RunAsync("questionnaire", "upload", file, "--db", store.Target));
            Assert.Equal(AlmanacCli.Failed, exit);
            Assert.Contains("cell C", output, StringComparison.Ordinal);
            Assert.Contains("not a number (the cell holds 'deux')", output, StringComparison.Ordinal);
            Assert.Empty(await store.Platform.AnswersAsync(opened.Id, Ct));

            using (var filled = new FilledWorkbook(await File.ReadAllBytesAsync(file, Ct)))
            {
                FillInFrench(filled, questionnaire);
                await File.WriteAllBytesAsync(file, filled.Save(), Ct);
            }
            (exit, output) = await store.ClosedAsync(() => CliWords.RunAsync("questionnaire", "upload", file, "--db", store.Target));
            Assert.True(exit == 0, output);
            Assert.Contains($"saved submission {opened.Id} (office {PlatformDemo.FocalOffice}, 2023): version {opened.Version + 1}", output, StringComparison.Ordinal);
            var expected = Typed().ToDictionary(a => a.Key, a => a.Value!, StringComparer.Ordinal);
            Assert.Equal(expected.OrderBy(a => a.Key, StringComparer.Ordinal), (await store.Platform.AnswersAsync(opened.Id, Ct)).OrderBy(a => a.Key, StringComparer.Ordinal));
            var upload = Assert.Single(await store.Platform.AuditAsync(new AuditQuery($"submission {opened.Id}"), Ct), a => a.Action == "workbook upload");
            Assert.Equal("cli:" + Environment.UserName, upload.Actor);

            // The same file again is a workbook of a version that is no longer current.
            (exit, output) = await store.ClosedAsync(() => CliWords.RunAsync("questionnaire", "upload", file, "--db", store.Target));
            Assert.Equal(AlmanacCli.Failed, exit);
            Assert.Contains($"was changed by cli:{Environment.UserName} at", output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

/// <summary>
/// A downloaded workbook filled in as a person fills it in Excel: each answer found by the words of its question (column
/// B of a visible sheet) and typed into the cell beside it, a number as a number, a text as a shared string.
/// </summary>
internal sealed class FilledWorkbook : IDisposable
{
    private readonly MemoryStream _stream = new();
    private readonly SpreadsheetDocument _document;

    public FilledWorkbook(byte[] bytes)
    {
        _stream.Write(bytes);
        _stream.Position = 0;
        _document = SpreadsheetDocument.Open(_stream, true);
    }

    private WorkbookPart Book => _document.WorkbookPart!;

    /// <summary>The text of a cell: inline, shared or a plain value.</summary>
    public static string TextOf(Cell cell, WorkbookPart book) => cell.DataType?.Value switch
    {
        var t when t == CellValues.InlineString => cell.InlineString?.InnerText ?? "",
        var t when t == CellValues.SharedString => book.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().ElementAt(int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)).InnerText,
        _ => cell.CellValue?.Text ?? "",
    };

    /// <summary>The answer cell beside the question whose words are <paramref name="words"/> (a required question's " *" left aside), in whichever visible sheet it is.</summary>
    public (string Sheet, string Cell, Cell Answer) Find(string words)
    {
        var hits = new List<(string, string, Cell)>();
        foreach (var sheet in Book.Workbook.Sheets!.Elements<Sheet>().Where(s => s.State is null))
        {
            var part = (WorksheetPart)Book.GetPartById(sheet.Id!);
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                var question = row.Elements<Cell>().FirstOrDefault(c => c.CellReference!.Value!.StartsWith('B'));
                if (question is null || TextOf(question, Book).Trim() is var text && text != words && text != words + " *") continue;
                var reference = "C" + row.RowIndex!.Value.ToString(CultureInfo.InvariantCulture);
                var answer = row.Elements<Cell>().FirstOrDefault(c => c.CellReference!.Value == reference);
                if (answer is not null) hits.Add((sheet.Name!.Value!, reference, answer));
            }
        }
        Assert.True(hits.Count == 1, $"{hits.Count} answer cells beside '{words}'");
        return hits[0];
    }

    /// <summary>The answer as the cell shows it.</summary>
    public string Answer(string words) => TextOf(Find(words).Answer, Book);

    public (string Sheet, string Cell) Type(string words, decimal number)
    {
        var (sheet, reference, cell) = Find(words);
        cell.RemoveAllChildren();
        cell.DataType = null;
        cell.CellValue = new CellValue(number.ToString(CultureInfo.InvariantCulture));
        return (sheet, reference);
    }

    public (string Sheet, string Cell) Type(string words, string text)
    {
        var (sheet, reference, cell) = Find(words);
        Shared(cell, text);
        return (sheet, reference);
    }

    /// <summary>A formula typed into the answer cell, with the value Excel cached for it.</summary>
    public (string Sheet, string Cell) Formula(string words, string formula, string cached)
    {
        var (sheet, reference, cell) = Find(words);
        cell.RemoveAllChildren();
        cell.DataType = null;
        cell.Append(new CellFormula(formula), new CellValue(cached));
        return (sheet, reference);
    }

    /// <summary>Overwrites any cell's text (what a person could do once the protection is lifted).</summary>
    public void SetText(string sheetName, string reference, string text)
    {
        var sheet = Book.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheetName);
        var part = (WorksheetPart)Book.GetPartById(sheet.Id!);
        Shared(part.Worksheet.Descendants<Cell>().Single(c => c.CellReference!.Value == reference), text);
    }

    private void Shared(Cell cell, string text)
    {
        var strings = Book.SharedStringTablePart ?? Book.AddNewPart<SharedStringTablePart>();
        strings.SharedStringTable ??= new SharedStringTable();
        strings.SharedStringTable.Append(new SharedStringItem(new Text(text)));
        cell.RemoveAllChildren();
        cell.DataType = CellValues.SharedString;
        cell.CellValue = new CellValue((strings.SharedStringTable.Elements<SharedStringItem>().Count() - 1).ToString(CultureInfo.InvariantCulture));
    }

    public byte[] Save()
    {
        _document.Save();
        _document.Dispose();
        return _stream.ToArray();
    }

    public void Dispose()
    {
        _document.Dispose();
        _stream.Dispose();
    }
}
