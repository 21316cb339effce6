using System.Text;
using Almanac.Domain;
using Almanac.Domain.Observations;
using Almanac.Domain.Projects;
using Almanac.Ingest.Projects;
using Almanac.Ingest.Reference;
using Almanac.Store;
using Almanac.Tests;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Almanac.Ingest.Tests;

/// <summary>
/// Project portfolios in: a good file lands whole with its funding in the fact table, a bad one is refused naming file,
/// sheet, line, column and value and writes nothing, and a new file supersedes the previous one, which stays in the history.
/// </summary>
public sealed class ProjectImportTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-projects-");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Delete(true);

    private const string Projects = """
        project_id,title_en,title_fr,title_es,offices,countries,region,start,end,status,migof,gender_marker,appeal_line,budget_2018,budget_2019
        PR-1,Border management,Gestion des frontières,Gestión de fronteras,NBO;KMP,KEN:60;Uganda:40,east-africa-and-the-horn-of-africa,2018-01-01,2019-06-30,implementation,objective-3,1,2018/east-africa-and-the-horn-of-africa/objective-3,1000000,200000
        PR-2,Institutional support,,,GVA,,global,2018-01-01,2018-12-31,closed,,0,,500000,
        """;

    private const string Transactions = """
        project_id,type,date,organisation,currency,amount,usd_rate
        PR-1,commitment,2018-02-01,Donor A,EUR,500000,1.2
        PR-1,incoming-funds,2018-03-01,Donor A,EUR,250000,1.2
        PR-2,commitment,2018-02-01,Donor B,USD,100000,1
        """;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n", new UTF8Encoding(false));
        return path;
    }

    private static async Task<TestStore> StoreAsync(string engine)
    {
        var test = await TestStores.CreateAsync(engine);
        await test.Store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), Ct);
        return test;
    }

    private static async Task<List<string>> FundingAsync(IAlmanacStore store) =>
        [.. (await CountedFacts.CurrentAsync(store, ProjectMeasures.Required, ProjectMeasures.Funded)).Select(f => f.ToString()).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_good_portfolio_lands_whole_with_its_funding_split_by_country_shares(string engine)
    {
        await using var test = await StoreAsync(engine);
        var importer = new ProjectImporter(test.Store, TimeProvider.System);

        var first = await importer.ImportAsync(Write("projects.csv", Projects), Write("transactions.csv", Transactions), Ct);
        var again = await importer.ImportAsync(Path.Combine(_directory.FullName, "projects.csv"), Path.Combine(_directory.FullName, "transactions.csv"), Ct);

        Assert.Equal((ImportOutcome.Imported, 2L), (first.Outcome, first.RowCount));
        Assert.Equal(ImportOutcome.Unchanged, again.Outcome);
        // 1 000 000 budgeted in 2018 split 60/40; EUR 500 000 committed at 1.2 = USD 600 000, split the same way; a project
        // without countries counts whole under "Unassigned", one outside MiGOF under "none".
        Assert.Equal(
        [
            "funding.funded 2018 appeal_region=east-africa-and-the-horn-of-africa;country=KEN;migof=objective-3 360000",
            "funding.funded 2018 appeal_region=east-africa-and-the-horn-of-africa;country=UGA;migof=objective-3 240000",
            "funding.funded 2018 appeal_region=global;country=Unassigned;migof=none 100000",
            "funding.required 2018 appeal_region=east-africa-and-the-horn-of-africa;country=KEN;migof=objective-3 600000",
            "funding.required 2018 appeal_region=east-africa-and-the-horn-of-africa;country=UGA;migof=objective-3 400000",
            "funding.required 2018 appeal_region=global;country=Unassigned;migof=none 500000",
            "funding.required 2019 appeal_region=east-africa-and-the-horn-of-africa;country=KEN;migof=objective-3 120000",
            "funding.required 2019 appeal_region=east-africa-and-the-horn-of-africa;country=UGA;migof=objective-3 80000",
        ], await FundingAsync(test.Store));

        var (sourceId, portfolio) = (await test.Store.CurrentPortfolioAsync(Ct))!.Value;
        Assert.Equal(first.SourceId, sourceId);
        var project = portfolio.Projects.Single(p => p.Id == "PR-1");
        Assert.Equal(("Gestion des frontières", "Gestión de fronteras"), (project.Titles.Fr, project.Titles.Es));
        Assert.Equal(["NBO", "KMP"], project.Offices);
        Assert.Equal([new CountryShare("KEN", 60), new CountryShare("UGA", 40)], project.Countries);
        Assert.Equal((new DateOnly(2018, 1, 1), new DateOnly(2019, 6, 30), ProjectStatus.Implementation), (project.Start, project.End, project.Status));
        Assert.Equal(("objective-3", 1, "2018/east-africa-and-the-horn-of-africa/objective-3"), (project.Migof, project.GenderMarker, project.AppealLine));
        Assert.Equal([new YearBudget(2018, 1_000_000), new YearBudget(2019, 200_000)], project.Budgets);
        var received = portfolio.Transactions.Single(t => t.Kind == FundingKind.IncomingFunds);
        Assert.Equal(("PR-1", "EUR", 250_000m, 1.2m, 300_000m, 3L), (received.ProjectId, received.Currency, received.Amount, received.UsdRate, received.AmountUsd, received.Line));
        Assert.Null(portfolio.Projects.Single(p => p.Id == "PR-2").Migof);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_new_portfolio_supersedes_the_previous_one_which_stays_in_the_history(string engine)
    {
        await using var test = await StoreAsync(engine);
        var importer = new ProjectImporter(test.Store, TimeProvider.System);
        var first = await importer.ImportAsync(Write("projects.csv", Projects), Write("transactions.csv", Transactions), Ct);
        // The second file covers 2018 only: the first stops being current for 2019 too.
        var second = await importer.ImportAsync(Write("projects-v2.csv", """
            project_id,title_en,offices,countries,region,start,end,status,migof,gender_marker,budget_2018
            PR-9,Labour mobility,DAK,SEN,west-and-central-africa,2018-03-01,2018-12-31,implementation,objective-1,2,750000
            """), null, Ct);

        Assert.Equal([first.SourceId], second.Superseded);
        Assert.Equal(["funding.required 2018 appeal_region=west-and-central-africa;country=SEN;migof=objective-1 750000"], await FundingAsync(test.Store));
        Assert.Equal(["PR-9"], (await test.Store.CurrentPortfolioAsync(Ct))!.Value.Portfolio.Projects.Select(p => p.Id));
        var history = (await test.Store.SourcesAsync(Ct)).Where(s => s.Kind == SourceKinds.Projects).ToList();
        Assert.Equal([(second.SourceId, true), (first.SourceId, false)], history.Select(s => (s.Id, s.Years.Any(y => y.IsCurrent))));
        Assert.All(history.SelectMany(s => s.Years), y => Assert.Equal(Scopes.Projects, y.Scope));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_portfolio_leaves_the_appeals_printed_requirements_current(string engine)
    {
        await using var test = await StoreAsync(engine);
        var printed = new Observation(FundingMeasures.Requirement, 2018, DimensionKey.Of((FundingDimensions.Region, "east-africa-and-the-horn-of-africa")), 325_240_677,
            new Provenance(0, "appeal.txt", "FUNDING REQUIREMENTS", 220));
        await test.Store.ImportPublishedFiguresAsync(new SourceInfo(SourceKinds.PublishedReport, "appeal.txt", "abc", DateTimeOffset.UtcNow), [printed], Ct);

        await new ProjectImporter(test.Store, TimeProvider.System).ImportAsync(Write("projects.csv", Projects), null, Ct);

        Assert.Equal([325_240_677m], (await test.Store.CurrentPrintedObservationsAsync([FundingMeasures.Requirement], Ct)).Select(o => o.Value));
    }

    /// <summary>Every bad row on both engines.</summary>
    public static TheoryData<string, string, string, long, string, string, string> BadRows()
    {
        var data = new TheoryData<string, string, string, long, string, string, string>();
        foreach (var engine in TestStores.Engines())
        {
            foreach (var (file, row, line, column, value, problem) in BadRowCases) data.Add(engine, file, row, line, column, value, problem);
        }
        return data;
    }

    private static readonly (string File, string Row, long Line, string Column, string Value, string Problem)[] BadRowCases =
    [
        // file, the bad line's text (replacing PR-2's row), line, column, value, words of the problem
        ("projects", "PR-2,Institutional,,,GVA,,global,2018-01-01,2018-12-31,closed,,0,,5OO000,", 3, "budget_2018", "5OO000", "not an amount"),
        ("projects", "PR-1,Again,,,GVA,,global,2018-01-01,2018-12-31,closed,,0,,1,", 3, "project_id", "PR-1", "duplicate project id: already on line 2"),
        ("projects", "PR-2,Institutional,,,GVA,Narnia:100,global,2018-01-01,2018-12-31,closed,,0,,1,", 3, "countries", "Narnia:100", "unknown country 'Narnia'"),
        ("projects", "PR-2,Institutional,,,GVA,,atlantis,2018-01-01,2018-12-31,closed,,0,,1,", 3, "region", "atlantis", "not an appeal region"),
        ("projects", "PR-2,Institutional,,,GVA,,global,2018-13-01,2018-12-31,closed,,0,,1,", 3, "start", "2018-13-01", "not a date"),
        ("projects", "PR-2,Institutional,,,GVA,,global,2018-01-01,2018-12-31,finished,,0,,1,", 3, "status", "finished", "unknown status"),
        ("projects", "PR-2,Institutional,,,GVA,,global,2018-01-01,2018-12-31,closed,objective-9,0,,1,", 3, "migof", "objective-9", "not a MiGOF node"),
        ("projects", "PR-2,Institutional,,,GVA,,global,2018-01-01,2018-12-31,closed,,2b,,1,", 3, "gender_marker", "2b", "the gender marker is 0"),
        ("projects", "PR-2,Institutional,,,GVA,,global,2018-01-01,2018-12-31,closed,objective-1,0,2018/global/objective-2,1,", 3, "appeal_line", "2018/global/objective-2", "not the project's"),
        ("transactions", "PR-3,commitment,2018-02-01,Donor B,USD,100000,1", 4, "project_id", "PR-3", "no project with this id"),
        ("transactions", "PR-2,grant,2018-02-01,Donor B,USD,100000,1", 4, "type", "grant", "unknown transaction type"),
        ("transactions", "PR-2,commitment,2018-02-01,Donor B,dollars,100000,1", 4, "currency", "dollars", "ISO 4217"),
        ("transactions", "PR-2,commitment,2018-02-01,Donor B,USD,-5,1", 4, "amount", "-5", "not an amount"),
        ("transactions", "PR-2,commitment,2018-02-01,Donor B,USD,100000,1.1", 4, "usd_rate", "1.1", "rate 1"),
    ];

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task A_bad_row_is_named_by_file_line_column_and_value_and_nothing_is_written(string engine, string file, string badRow, long line, string column, string value, string problem)
    {
        await using var test = await StoreAsync(engine);
        var projects = file == "projects" ? Projects.Split('\n')[0] + "\n" + Projects.Split('\n')[1] + "\n" + badRow : Projects;
        var transactions = file == "transactions" ? Transactions.Split('\n')[..3].Append(badRow).Aggregate((a, b) => a + "\n" + b) : Transactions;
        var before = await StoreRows.ReadAsync(test.Target);

        var error = await Assert.ThrowsAsync<InputException>(() =>
            new ProjectImporter(test.Store, TimeProvider.System).ImportAsync(Write("projects.csv", projects), Write("transactions.csv", transactions), Ct));

        Assert.Equal(($"{file}.csv", line, column, value), (error.File, error.Line, error.Column, error.Value));
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"{file}.csv, line {line}, column '{column}', value '{value}': ", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await StoreRows.ReadAsync(test.Target));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_workbook_reads_like_its_two_CSV_files_and_names_the_sheet_of_a_bad_row(string engine)
    {
        await using var test = await StoreAsync(engine);
        var path = Path.Combine(_directory.FullName, "portfolio.xlsx");
        WriteWorkbook(path, ("Projects", Cells(Projects)), ("Transactions", Cells(Transactions)));

        var result = await new ProjectImporter(test.Store, TimeProvider.System).ImportAsync(path, null, Ct);

        Assert.Equal(2, result.RowCount);
        Assert.Equal(8, (await FundingAsync(test.Store)).Count);
        Assert.Equal(3, (await test.Store.CurrentPortfolioAsync(Ct))!.Value.Portfolio.Transactions.Count);

        WriteWorkbook(path, ("Projects", Cells(Projects)), ("Transactions", Cells(Transactions.Replace("Donor B,USD,100000", "Donor B,USD,lots", StringComparison.Ordinal))));
        var before = await StoreRows.ReadAsync(test.Target);
        var error = await Assert.ThrowsAsync<InputException>(() => new ProjectImporter(test.Store, TimeProvider.System).ImportAsync(path, null, Ct));
        Assert.Equal(("portfolio.xlsx, sheet 'transactions'", 4L, "amount", "lots"), (error.File, error.Line, error.Column, error.Value));
        Assert.Equal(before, await StoreRows.ReadAsync(test.Target));

        WriteWorkbook(path, ("Projects", Cells(Projects)));
        var missing = await Assert.ThrowsAsync<InputException>(() => new ProjectImporter(test.Store, TimeProvider.System).ImportAsync(path, null, Ct));
        Assert.Contains("the workbook has no sheet 'transactions' (it has: 'Projects')", missing.Message, StringComparison.Ordinal);
    }

    private static string[][] Cells(string csv) => [.. csv.Split('\n').Select(l => l.Trim().Split(','))];

    private static void WriteWorkbook(string path, params (string Name, string[][] Rows)[] sheets)
    {
        using var document = SpreadsheetDocument.Create(path, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook(new Sheets());
        uint id = 1;
        foreach (var (name, rows) in sheets)
        {
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    if (rows[r][c].Length == 0) continue;
                    row.Append(new Cell { CellReference = $"{(char)('A' + c)}{r + 1}", DataType = CellValues.InlineString, InlineString = new InlineString(new Text(rows[r][c])) });
                }
                data.Append(row);
            }
            part.Worksheet = new Worksheet(data);
            workbook.Workbook.Sheets!.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
        }
    }
}
