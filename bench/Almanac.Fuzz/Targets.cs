using System.Globalization;
using System.IO.Compression;
using System.Text;
using Almanac.Analytics.Definitions;
using Almanac.Analytics.Rules;
using Almanac.Ingest.Observations;
using Almanac.Ingest.Platform;
using Almanac.Ingest.Reports;
using Almanac.Ingest.Staff;
using Almanac.Store;
using CsCheck;

namespace Almanac.Fuzz;

/// <summary>
/// One importer under fuzzing: its seed files, how a case becomes a file, and how the file is imported — into a
/// <see cref="FuzzStore"/> when <see cref="SeedStore"/> is set.
/// </summary>
public sealed class FuzzTarget
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    /// <summary>The file name the input is written to and imported as (its extension chooses the reader, for staff lists).</summary>
    public required string FileName { get; init; }
    public required FieldStyle Style { get; init; }
    public required Func<string, IReadOnlyList<byte[]>> Seeds { get; init; }
    /// <summary>Imports the file at the path; the bool is the case's flag.</summary>
    public required Func<string, FuzzStore?, bool, CancellationToken, Task> Import { get; init; }
    /// <summary>What a fresh store for this target holds beyond the reference data; null when the importer needs no store.</summary>
    public Func<FuzzStore, Task>? SeedStore { get; init; }
    /// <summary>Turns a case into the file's bytes; by default the mutations applied to the seed as text.</summary>
    public Func<FuzzCase, IReadOnlyList<byte[]>, byte[]>? Render { get; init; }
    public int MaxMutations { get; init; } = 8;
    /// <summary>How long one input may take before it is a hang (the property's time bound).</summary>
    public TimeSpan TimeBound { get; init; } = TimeSpan.FromSeconds(2);

    public Gen<FuzzCase> Cases(int seeds) => Mutations.Cases(seeds, MaxMutations);

    public byte[] Bytes(FuzzCase c, IReadOnlyList<byte[]> seeds) => Render?.Invoke(c, seeds) ?? Mutations.Apply(c, seeds, Style);
}

/// <summary>The importers Almanac has, each as a fuzz target.</summary>
public static class Targets
{
    private static readonly TimeProvider Clock = TimeProvider.System;
    private static readonly Change Fuzzer = new("fuzz", DateTimeOffset.UnixEpoch);
    private static readonly Lazy<Domain.Reference.ReferenceData> Reference = new(Ingest.Reference.ReferenceDataReader.ReadEmbedded);

    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new()
        {
            Name = "staff-csv", Description = "staff list CSV (import staff)", FileName = "staff.csv", Style = FieldStyle.Csv,
            Seeds = _ => [.. StaffLists().Select(l => Encoding.UTF8.GetBytes(Csv(l)))],
            SeedStore = _ => Task.CompletedTask,
            Import = (path, store, flag, ct) => new StaffImporter(store!.Store, Clock) { Replace = flag }.ImportAsync(path, 2020, ct),
        },
        new()
        {
            Name = "staff-xlsx", Description = "staff list XLSX (import staff)", FileName = "staff.xlsx", Style = FieldStyle.Xml,
            Seeds = _ => [.. StaffLists().Select((l, i) => Encoding.UTF8.GetBytes(XlsxParts(l, sharedStrings: i % 2 == 1)))],
            SeedStore = _ => Task.CompletedTask,
            Render = RenderXlsx,
            Import = (path, store, flag, ct) => new StaffImporter(store!.Store, Clock) { Replace = flag }.ImportAsync(path, 2020, ct),
        },
        new()
        {
            Name = "observations", Description = "observation file CSV (import observations)", FileName = "observations.csv", Style = FieldStyle.Csv,
            Seeds = _ => [.. ObservationFiles().Select(Encoding.UTF8.GetBytes)],
            SeedStore = _ => Task.CompletedTask,
            Import = (path, store, _, ct) => new ObservationImporter(store!.Store, Clock).ImportAsync(path, ct),
        },
        new()
        {
            Name = "sdmx-csv", Description = "SDMX-CSV of a published dataflow (import sdmx)", FileName = "sdmx-T2_HEADCOUNT.csv", Style = FieldStyle.Csv,
            Seeds = _ => [.. SdmxFiles().Select(Encoding.UTF8.GetBytes)],
            // The dataflows the seeds name are the measures of an observation file imported first, as publish writes them.
            SeedStore = async store =>
            {
                var path = Path.Combine(Path.GetTempPath(), $"almanac-fuzz-sdmx-{Guid.NewGuid():N}.csv");
                try
                {
                    await File.WriteAllTextAsync(path, ObservationFiles().ElementAt(1));
                    await new ObservationImporter(store.Store, Clock).ImportAsync(path, default);
                }
                finally
                {
                    File.Delete(path);
                }
            },
            Import = (path, store, _, ct) => new Ingest.Sdmx.SdmxImporter(store!.Store, Clock).ImportAsync(path, ct),
        },
        new()
        {
            Name = "hxl", Description = "HXL-tagged CSV through the shipped mapping (import observations)", FileName = "displacement.csv", Style = FieldStyle.Csv,
            Seeds = _ => [.. HxlFiles().Select(Encoding.UTF8.GetBytes)],
            SeedStore = _ => Task.CompletedTask,
            Import = (path, store, _, ct) => new ObservationImporter(store!.Store, Clock).ImportAsync(path, ct),
        },
        new()
        {
            Name = "report", Description = "published report text (import report: recognizer and table readers)", FileName = "report.txt", Style = FieldStyle.Words,
            Seeds = root => Reports(root),
            SeedStore = _ => Task.CompletedTask,
            // A whole report (200 KB, thousands of figures) takes a second or two to read and store on a busy machine: half
            // the inputs (the case's flag unset) are only recognized and read, the other half imported into the store too.
            TimeBound = TimeSpan.FromSeconds(10),
            Import = async (path, store, flag, ct) =>
            {
                if (flag) await new ReportImporter(store!.Store, Clock, ReportReaders.All).ImportAsync(path, ct);
                else ReportExtraction.Read(Path.GetFileName(path), await File.ReadAllBytesAsync(path, ct), Reference.Value, ReportReaders.All);
            },
        },
        new()
        {
            Name = "dhis2-json", Description = "DHIS2 data value set JSON (import dhis2)", FileName = "values.json", Style = FieldStyle.Words,
            Seeds = _ => [Dhis2Seed(Ingest.Dhis2.Dhis2Format.Json)],
            SeedStore = _ => Task.CompletedTask,
            Import = (path, store, flag, ct) => ImportDhis2Async(path, store!, dryRun: flag, ct),
        },
        new()
        {
            Name = "dhis2-csv", Description = "DHIS2 data value CSV (import dhis2)", FileName = "values.csv", Style = FieldStyle.Csv,
            Seeds = _ => [Dhis2Seed(Ingest.Dhis2.Dhis2Format.Csv)],
            SeedStore = _ => Task.CompletedTask,
            Import = (path, store, flag, ct) => ImportDhis2Async(path, store!, dryRun: flag, ct),
        },
        new()
        {
            Name = "dhis2-adx", Description = "ADX document (import dhis2)", FileName = "values.adx", Style = FieldStyle.Xml,
            Seeds = _ => [Dhis2Seed(Ingest.Dhis2.Dhis2Format.Adx)],
            SeedStore = _ => Task.CompletedTask,
            Import = (path, store, flag, ct) => ImportDhis2Async(path, store!, dryRun: flag, ct),
        },
        new()
        {
            Name = "projects", Description = "project portfolio CSV (import projects)", FileName = "projects.csv", Style = FieldStyle.Csv,
            Seeds = _ => [ProjectsSeed()],
            SeedStore = _ => Task.CompletedTask,
            Import = (path, store, _, ct) => new Ingest.Projects.ProjectImporter(store!.Store, Clock).ImportAsync(path, null, ct),
        },
        new()
        {
            Name = "questionnaire", Description = "questionnaire YAML (platform import)", FileName = "questionnaire.yaml", Style = FieldStyle.Yaml,
            Seeds = root => Files(root, "data/platform/questionnaire-2017.yaml", "data/platform/questionnaire-2018.yaml", "data/platform/questionnaire-2023.yaml"),
            SeedStore = async store =>
            {
                var root = Program.RepositoryRoot;
                await store.Platform.SaveFrameworksAsync(PlatformFiles.ReadFrameworks("frameworks.yaml", File.ReadAllText(Path.Combine(root, "data/platform/frameworks.yaml"))), Fuzzer, default);
            },
            Import = async (path, store, _, ct) =>
            {
                // As PlatformService.ImportQuestionnaireAsync does.
                var file = Path.GetFileName(path);
                var questionnaire = PlatformFiles.ReadQuestionnaire(file, await File.ReadAllTextAsync(path, ct));
                if (!(await store!.Platform.FrameworksAsync(ct)).Any(f => f.Id == questionnaire.Framework))
                    throw new Domain.InputException(file, null, "framework", questionnaire.Framework, "no such framework: import it first");
                await store.Platform.SaveQuestionnaireAsync(questionnaire, Fuzzer, ct);
            },
        },
        new()
        {
            Name = "frameworks", Description = "results frameworks YAML (platform import)", FileName = "frameworks.yaml", Style = FieldStyle.Yaml,
            Seeds = root => Files(root, "data/platform/frameworks.yaml"),
            SeedStore = _ => Task.CompletedTask,
            Import = async (path, store, _, ct) =>
                await store!.Platform.SaveFrameworksAsync(PlatformFiles.ReadFrameworks(Path.GetFileName(path), await File.ReadAllTextAsync(path, ct)), Fuzzer, ct),
        },
        new()
        {
            Name = "offices", Description = "offices CSV (platform import)", FileName = "offices.csv", Style = FieldStyle.Csv,
            Seeds = root => Files(root, "data/platform/offices.csv"),
            SeedStore = _ => Task.CompletedTask,
            Import = async (path, store, _, ct) =>
            {
                using var reader = new StreamReader(path);
                await store!.Platform.ImportOfficesAsync(PlatformFiles.ReadOffices(Path.GetFileName(path), reader), Fuzzer, ct);
            },
        },
        new()
        {
            Name = "report-definition", Description = "report definition YAML (publish --definition)", FileName = "annual-report.yaml", Style = FieldStyle.Yaml,
            Seeds = root => Files(root, "data/reports/annual-report.yaml"),
            Import = async (path, _, _, ct) => ReportDefinitionReader.Read(await File.ReadAllTextAsync(path, ct), Path.GetFileName(path)),
        },
        new()
        {
            Name = "rules", Description = "rule set YAML (audit --rules)", FileName = "rules.yaml", Style = FieldStyle.Yaml,
            Seeds = root => Files(root, "data/rules/staff.yaml"),
            Import = async (path, _, _, ct) => RuleSetReader.Read(await File.ReadAllTextAsync(path, ct), Path.GetFileName(path)),
        },
    ];

    private static byte[][] Files(string root, params string[] paths) => [.. paths.Select(p => File.ReadAllBytes(Path.Combine(root, p)))];

    /// <summary>The corpus reports in /work/shared/reports (or ALMANAC_FUZZ_REPORTS) when present, else the test project's small report.</summary>
    private static byte[][] Reports(string root)
    {
        var folder = Environment.GetEnvironmentVariable("ALMANAC_FUZZ_REPORTS") ?? "/work/shared/reports";
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.txt").Order(StringComparer.Ordinal).ToArray() : [];
        if (files.Length == 0) throw new InvalidOperationException($"no report text in {folder}: set ALMANAC_FUZZ_REPORTS to a folder of report .txt files");
        return [.. files.Select(File.ReadAllBytes)];
    }

    /// <summary>Small staff lists in the shapes real ones come in: minimal columns, every column, other orders and names.</summary>
    private static IReadOnlyList<string[][]> StaffLists()
    {
        var random = new Random(20261204);
        string[] countries = ["FRA", "KEN", "PER", "Mali", "CHE", "USA", "THA", "BGD", "Côte d'Ivoire", "SYR"];
        string[] grades = ["G-4", "G-5", "P-3", "P-4", "NO-B", "D-1", "UG", "P-2"];
        string[][] Rows(int n, bool all) => [.. Enumerable.Range(1, n).Select(i =>
        {
            var grade = grades[random.Next(grades.Length)];
            string[] row = [(100000 + i).ToString(CultureInfo.InvariantCulture), countries[random.Next(countries.Length)], grade, random.Next(2) == 0 ? "F" : "M"];
            return all ? [.. row, grade == "UG" ? "GS" : "", random.Next(3) == 0 ? "" : countries[random.Next(countries.Length)]] : row;
        })];
        return
        [
            [["staff_id", "nationality", "grade", "sex"], .. Rows(1, false)],
            [["staff_id", "nationality", "grade", "sex", "category", "duty_station"], .. Rows(8, true)],
            [["staff_id", "nationality", "grade", "sex"], .. Rows(40, false)],
            [["staff_id", "nationality", "grade", "sex", "category", "duty_station"], .. Rows(25, true)],
        ];
    }

    private static string Csv(string[][] rows) => string.Concat(rows.Select(r => string.Join(',', r.Select(c => c.Contains(',', StringComparison.Ordinal) || c.Contains('\'', StringComparison.Ordinal) ? $"\"{c}\"" : c)) + "\n"));

    /// <summary>SDMX-CSV files of the dataflow T2_HEADCOUNT (the second observation file's measure), as publish writes them and in SDMX-CSV 1.0.</summary>
    private static IEnumerable<string> SdmxFiles() =>
    [
        "STRUCTURE,STRUCTURE_ID,ACTION,GRADE,SEX,TIME_PERIOD,OBS_VALUE\r\ndataflow,ALMANAC:T2_HEADCOUNT(1.0),I,P-3,F,2023,1\r\ndataflow,ALMANAC:T2_HEADCOUNT(1.0),I,P-3,M,2023,2\r\ndataflow,ALMANAC:T2_HEADCOUNT(1.0),I,P-3,_T,2023,3\r\n",
        "STRUCTURE,STRUCTURE_ID,ACTION,GRADE,SEX,TIME_PERIOD,OBS_VALUE\r\ndataflow,ALMANAC:T2_HEADCOUNT(1.0),I,G-5,_T,2022,3.5\r\ndataflow,ALMANAC:T2_HEADCOUNT(1.0),I,_T,_T,2022,6.25\r\ndataflow,ALMANAC:T2_HEADCOUNT(1.0),I,P-5$002B,F,2022,1\r\n",
        "DATAFLOW,GRADE,TIME_PERIOD,OBS_VALUE\nALMANAC:T2_HEADCOUNT(1.0),P-3,2023,3\nALMANAC:T2_HEADCOUNT(1.0),_T,2023,3\n",
    ];

    /// <summary>HXL-tagged files as HDX publishes them: header text rows (or none) above the hashtag row.</summary>
    private static IEnumerable<string> HxlFiles() =>
    [
        "Country,Admin 1,Date,IDPs,Refugees,Targeted,Reached\n#country+code,#adm1+code,#date,#affected+idps,#affected+refugees,#targeted,#reached\nSDN,SD01,2023-06-30,3050000,,1200000,640000\nSDN,SD02,2023-06-30,450500,,300000,120000\nTCD,,2023-12-31,,1080000,,\n",
        "#country+code,#date,#affected+idps,#sector\nMLI,2022-01-31,350000,protection\nNER,2022-01-31,264000,shelter\n",
        "Source: DTM\nCountry ISO3,Reporting date,Returnees\n#COUNTRY +CODE,#Date,#affected+returnees\nPER,2018-06-30,1200\n",
    ];

    private static IEnumerable<string> ObservationFiles() =>
    [
        "measure,year,office,sex,value\nt1.headcount,2023,,F,5\nt1.headcount,2023,,M,7\nt1.headcount,2023,,,12\n",
        "measure,year,office,grade,sex,value\nt2.headcount,2023,CO-MLI,P-3,F,1\nt2.headcount,2023,CO-MLI,P-3,M,2\nt2.headcount,2022,HQ,G-5,,3.5\nt2.headcount,2022,,,,6.25\n",
        "measure,year,office,area,programme,value\nreturns,2018,CO-PER,north,avr,10\nreturns,2018,CO-PER,south,avr,20\nreturns,2018,CO-PER,,avr,30\nfunding,2018,,,,-1234.5678\n",
        "measure,year,office,value\nbudget,2017,HQ,99999999999999\nbudget,2018,HQ,0\n",
    ];

    /// <summary>
    /// An XLSX workbook as one text: its parts, each after a line <c>#PART name</c>, with a line break between rows and
    /// cells so that line mutations act on them; <see cref="RenderXlsx"/> zips it again.
    /// </summary>
    private static string XlsxParts(string[][] rows, bool sharedStrings)
    {
        const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var strings = new List<string>();
        string Cell(int r, int c, string text)
        {
            var reference = $"{(char)('A' + c)}{r}";
            if (long.TryParse(text, CultureInfo.InvariantCulture, out _)) return $"""<c r="{reference}"><v>{text}</v></c>""";
            if (!sharedStrings) return $"""<c r="{reference}" t="inlineStr"><is><t>{System.Security.SecurityElement.Escape(text)}</t></is></c>""";
            strings.Add(text);
            return $"""<c r="{reference}" t="s"><v>{strings.Count - 1}</v></c>""";
        }
        var sheetRows = rows.Select((row, r) => $"<row r=\"{r + 1}\">\n{string.Join('\n', row.Select((text, c) => Cell(r + 1, c, text)))}\n</row>");
        var sheet = $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"{Main}\"><sheetData>\n{string.Join('\n', sheetRows)}\n</sheetData></worksheet>";
        var parts = new List<(string Name, string Text)>
        {
            ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>\n<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\n<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\n<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>\n</Types>"),
            ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
            ("xl/workbook.xml", $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"{Main}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>\n<sheet name=\"Staff\" sheetId=\"1\" r:id=\"rId1\"/>\n</sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>\n<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"),
            ("xl/worksheets/sheet1.xml", sheet),
        };
        var shared = $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"{Main}\" count=\"{strings.Count}\" uniqueCount=\"{strings.Count}\">\n{string.Join('\n', strings.Select(s => $"<si><t>{System.Security.SecurityElement.Escape(s)}</t></si>"))}\n</sst>";
        parts.Add(("xl/sharedStrings.xml", shared));
        return string.Concat(parts.Select(p => $"#PART {p.Name}\n{p.Text}\n"));
    }

    /// <summary>
    /// Mutates the workbook's parts as text, zips them, then applies the mutations meant for the zip itself (a bit flip or
    /// a cut whose value is a multiple of 4).
    /// </summary>
    private static byte[] RenderXlsx(FuzzCase c, IReadOnlyList<byte[]> seeds)
    {
        if (c.Random is not null) return c.Random;
        static bool OnZip(Mutation m) => m.Kind is MutationKind.FlipBit or MutationKind.Truncate && m.Value % 4 == 0;
        var text = Encoding.Latin1.GetString(seeds[c.Seed % seeds.Count]);
        foreach (var m in c.Mutations.Where(m => !OnZip(m))) text = Mutations.Apply(m, text, FieldStyle.Xml);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var part in text.Split("#PART ").Skip(1))
            {
                var newline = part.IndexOf('\n', StringComparison.Ordinal);
                var name = newline < 0 ? part : part[..newline];
                if (name.Length == 0 || !names.Add(name)) continue;
                using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                stream.Write(Encoding.Latin1.GetBytes(newline < 0 ? "" : part[(newline + 1)..]));
            }
        }
        var bytes = Encoding.Latin1.GetString(buffer.ToArray());
        foreach (var m in c.Mutations.Where(OnZip)) bytes = Mutations.Apply(m, bytes, FieldStyle.Xml);
        return Encoding.Latin1.GetBytes(bytes);
    }
    /// <summary>Imports a DHIS2 or ADX file as <c>almanac import dhis2</c> does, through the project's mapping.</summary>
    private static async Task ImportDhis2Async(string path, FuzzStore store, bool dryRun, CancellationToken cancellationToken)
    {
        var content = await File.ReadAllBytesAsync(path, cancellationToken);
        var view = await Ingest.Dhis2.Dhis2StoreView.ReadAsync(store.Store, cancellationToken);
        var name = Path.GetFileName(path);
        await Ingest.Dhis2.Dhis2Exchange.ImportAsync(name, content, Ingest.Dhis2.Dhis2DataValues.Detect(name, content), Ingest.Dhis2.Dhis2Mapping.Default(), view, dryRun,
            Fuzzer.At, (source, values, dry) => store.Store.ImportFactValuesAsync(source, values, dry, Fuzzer, cancellationToken));
    }

    /// <summary>A few staff headcounts as the shipped mapping writes them (category, grade, nationality and sex options).</summary>
    private static byte[] Dhis2Seed(Ingest.Dhis2.Dhis2Format format)
    {
        static KeyValuePair<string, string> Option(string category, string option) => new(category, option);
        var values = new[] { ("PH", "P-2", "FRA", "FEMALE", 12m), ("GS", "G-4", "KEN", "MALE", 7m), ("PH", "D-1", "BRA", "MALE", 1m) }
            .Select(v => new Ingest.Dhis2.Dhis2ExportValue("ALMANAC_STAFF_HEADCOUNT", "2023", "IOM", $"{v.Item1}_{v.Item2}_{v.Item3}_{v.Item4}",
                [Option("STAFF_CATEGORY", v.Item1), Option("GRADE", v.Item2), Option("NATIONALITY", v.Item3), Option("SEX", v.Item4)], "default", [], v.Item5))
            .ToList();
        return Ingest.Dhis2.Dhis2DataValues.Write(values, format, DateTimeOffset.UnixEpoch);
    }

    /// <summary>The first rows of the synthetic portfolio's projects file (no transactions file: the import takes none).</summary>
    private static byte[] ProjectsSeed()
    {
        var directory = Directory.CreateTempSubdirectory("almanac-fuzz-projects-");
        try
        {
            var portfolio = Domain.Projects.SyntheticPortfolio.Generate(Ingest.Projects.ProjectFileWriter.ReadEmbeddedAppeal(2018), Reference.Value);
            var projects = Path.Combine(directory.FullName, "projects.csv");
            Ingest.Projects.ProjectFileWriter.Write(portfolio, projects, Path.Combine(directory.FullName, "transactions.csv"));
            return Encoding.UTF8.GetBytes(string.Join('\n', File.ReadLines(projects).Take(20)) + "\n");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
