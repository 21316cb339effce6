using System.Text;
using Almanac.Domain;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Staff;
using Almanac.Store;
using Almanac.Tests;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Almanac.Ingest.Tests;

/// <summary>Staff lists in: good files land whole, bad files are refused with file, line, column and value, and write nothing.</summary>
public sealed class StaffImportTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-staff-");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Delete(true);

    private string Write(string name, string text, Encoding? encoding = null)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    private static async Task<TestStore> StoreAsync(string engine)
    {
        var test = await TestStores.CreateAsync(engine);
        await test.Store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), Ct);
        return test;
    }

    private const string GoodList = """
        staff_id,nationality,grade,sex,category,duty_station
        s1,FRA,P-3,F,,CHE
        s2,Türkiye,G-4,M,,TUR
        s3,Syrian Arab Republic,UG,F,PH,
        s4,ken,NO-A,female,GS,KEN
        """;

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_good_list_lands_whole_and_the_same_file_again_changes_nothing(string engine)
    {
        await using var test = await StoreAsync(engine);
        var path = Write("staff.csv", GoodList);
        var importer = new StaffImporter(test.Store, TimeProvider.System);

        var first = await importer.ImportAsync(path, 2023, Ct);
        var again = await importer.ImportAsync(path, 2023, Ct);

        Assert.Equal((ImportOutcome.Imported, 4L), (first.Outcome, first.RowCount));
        Assert.Equal(ImportOutcome.Unchanged, again.Outcome);
        var headcount = await CountedFacts.CurrentAsync(test.Store, Domain.Observations.Measures.StaffHeadcount);
        Assert.Equal(
            ["category=GS;grade=G-4;nationality=TUR;sex=M", "category=GS;grade=NO-A;nationality=KEN;sex=F",
             "category=PH;grade=P-3;nationality=FRA;sex=F", "category=PH;grade=UG;nationality=SYR;sex=F"],
            headcount.Select(o => o.Key.Canonical).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task An_XLSX_list_reads_like_its_CSV(string engine)
    {
        await using var test = await StoreAsync(engine);
        var path = Path.Combine(_directory.FullName, "staff.xlsx");
        WriteXlsx(path, GoodList.Split('\n').Select(l => l.Split(',')).ToArray());

        var result = await new StaffImporter(test.Store, TimeProvider.System).ImportAsync(path, 2023, Ct);

        Assert.Equal(4, result.RowCount);
        var error = await Assert.ThrowsAsync<InputException>(async () =>
        {
            WriteXlsx(path, [["staff_id", "nationality", "grade", "sex"], ["a", "FRA", "P-3", "F"], ["b", "Narnia", "P-3", "F"]]);
            await new StaffImporter(test.Store, TimeProvider.System).ImportAsync(path, 2022, Ct);
        });
        Assert.Equal((3L, "nationality", "Narnia"), (error.Line, error.Column, error.Value));
    }

    public static TheoryData<string, string, string, long?, string?, string?, string> BadLists => new()
    {
        { "duckdb", "unknown-nationality.csv", "staff_id,nationality,grade,sex\na,FRA,P-3,F\nb,Narnia,P-3,F\n", 3, "nationality", "Narnia", "unknown nationality" },
        { "duckdb", "unknown-grade.csv", "staff_id,nationality,grade,sex\na,FRA,P-3,F\nb,FRA,P-9,M\n", 3, "grade", "P-9", "unknown grade" },
        { "duckdb", "missing-column.csv", "staff_id,nationality,sex\na,FRA,F\n", 1, "grade", null, "missing column 'grade'" },
        { "duckdb", "empty.csv", "", null, null, null, "the file is empty" },
        { "duckdb", "duplicate-id.csv", "staff_id,nationality,grade,sex\na,FRA,P-3,F\nb,FRA,P-3,F\na,KEN,G-3,M\n", 4, "staff_id", "a", "duplicate id: already on line 2" },
        { "duckdb", "ungraded-without-category.csv", "staff_id,nationality,grade,sex\na,FRA,UG,F\n", 2, "category", "", "an ungraded staff member needs a category" },
        { "duckdb", "grade-in-wrong-category.csv", "staff_id,nationality,grade,sex,category\na,FRA,G-5,F,PH\n", 2, "category", "PH", "grade G-5 belongs to category GS" },
        { "postgres", "unknown-nationality.csv", "staff_id,nationality,grade,sex\na,FRA,P-3,F\nb,Narnia,P-3,F\n", 3, "nationality", "Narnia", "unknown nationality" },
        { "postgres", "duplicate-id.csv", "staff_id,nationality,grade,sex\na,FRA,P-3,F\nb,FRA,P-3,F\na,KEN,G-3,M\n", 4, "staff_id", "a", "duplicate id: already on line 2" },
    };

    [Theory]
    [MemberData(nameof(BadLists))]
    public async Task A_bad_list_is_refused_with_its_place_and_leaves_the_store_as_it_was(
        string engine, string file, string text, long? line, string? column, string? value, string problem)
    {
        await using var test = await StoreAsync(engine);
        var importer = new StaffImporter(test.Store, TimeProvider.System);
        await importer.ImportAsync(Write("before.csv", GoodList), 2023, Ct);
        var before = await SnapshotAsync(test.Store);

        var error = await Assert.ThrowsAsync<InputException>(() => importer.ImportAsync(Write(file, text), 2023, Ct));

        Assert.Equal((file, line, column, value), (error.File, error.Line, error.Column, error.Value));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(file, error.Message, StringComparison.Ordinal);
        await test.ReopenAsync();
        Assert.Equal(before, await SnapshotAsync(test.Store));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_bad_value_of_tens_of_kilobytes_is_named_but_repeated_cut_with_its_length(string engine)
    {
        await using var test = await StoreAsync(engine);
        var importer = new StaffImporter(test.Store, TimeProvider.System);
        var nationality = new string('N', InputLimits.MaxCellLength);

        var error = await Assert.ThrowsAsync<InputException>(() => importer.ImportAsync(Write("huge.csv", $"staff_id,nationality,grade,sex\na,{nationality},P-3,F\n"), 2023, Ct));

        Assert.Equal((2L, "nationality", nationality), (error.Line, error.Column, error.Value));
        Assert.StartsWith($"huge.csv, line 2, column 'nationality', value '{nationality[..InputLimits.MaxEchoedValueLength]}…' (32767 characters): ", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Message.Length, 1, 300);
        // A header of one long name: the list of what it has is cut the same way.
        var header = await Assert.ThrowsAsync<InputException>(() => importer.ImportAsync(Write("header.csv", $"staff_id,nationality,{nationality},sex\na,FRA,P-3,F\n"), 2023, Ct));
        var headerLength = string.Join(", ", "staff_id", "nationality", nationality, "sex").Length;
        Assert.EndsWith($"(the header has: 'staff_id, nationality, {nationality[..(InputLimits.MaxEchoedValueLength - 23)]}…' ({headerLength} characters))", header.Message, StringComparison.Ordinal);
        Assert.InRange(header.Message.Length, 1, 300);
        Assert.Empty(await test.Store.SourcesAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_Latin1_file_is_refused_as_not_UTF8_with_the_line_of_the_first_bad_byte(string engine)
    {
        await using var test = await StoreAsync(engine);
        var path = Write("latin1.csv", "staff_id,nationality,grade,sex\na,FRA,P-3,F\nb,Türkiye,P-3,F\n", Encoding.Latin1);
        var before = await SnapshotAsync(test.Store);

        var error = await Assert.ThrowsAsync<InputException>(() => new StaffImporter(test.Store, TimeProvider.System).ImportAsync(path, 2023, Ct));

        Assert.Equal((3L, "0xFC"), (error.Line, error.Value));
        Assert.Contains("not UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(test.Store));
    }

    private static async Task<string> SnapshotAsync(IAlmanacStore store)
    {
        var sources = await store.SourcesAsync(Ct);
        var observations = await CountedFacts.CurrentAsync(store, Domain.Observations.Measures.StaffHeadcount);
        return string.Join("\n", sources.Select(s => $"{s.Id} {s.Sha256} {s.RowCount}")
            .Concat(observations.Select(o => $"{o.Year} {o.Key} {o.Value}")));
    }

    private static void WriteXlsx(string path, string[][] rows)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var sheet = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        for (var r = 0; r < rows.Length; r++)
        {
            var row = new Row { RowIndex = (uint)(r + 1) };
            for (var c = 0; c < rows[r].Length; c++)
            {
                if (rows[r][c].Trim().Length == 0) continue;
                row.Append(new Cell { CellReference = $"{(char)('A' + c)}{r + 1}", DataType = CellValues.InlineString, InlineString = new InlineString(new Text(rows[r][c].Trim())) });
            }
            data.Append(row);
        }
        sheet.Worksheet = new Worksheet(data);
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Staff" }));
    }
}
