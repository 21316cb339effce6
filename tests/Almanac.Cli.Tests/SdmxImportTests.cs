using Almanac.Tests;

namespace Almanac.Cli.Tests;

/// <summary>
/// SDMX-CSV both ways on both stores: what `publish --format sdmx` writes, `import sdmx` reads back to the same facts;
/// a file with an unknown dataflow, dimension or code, or a bad value, is refused naming file, line, column and value,
/// and nothing is written.
/// </summary>
public sealed class SdmxImportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Members no SDMX id may spell as they are ("P-5+", a comma, an accent, a space), each by sex, and a total row.
    private const string Observations = """
        measure,year,office,band,sex,value
        people.count,2023,,P-5+,F,3
        people.count,2023,,P-5+,M,4
        people.count,2023,,Côte d'Ivoire,F,1.5
        people.count,2023,,"north,east",M,2
        people.count,2023,,G-1,F,10
        people.count,2023,,G-1,M,12

        """;

    private const string Definition = """
        id: people-brief
        title: "People {year}"
        sections:
          - id: people
            title: People
            blocks:
              - table:
                  id: people-by-band
                  title: "People by band and sex, {year}"
                  measure: people.count
                  columns:
                    - each: sex
                      members: [F, M]
                  rows:
                    - each: band
                      members: [P-5+, "Côte d'Ivoire", "north,east", G-1]
                    - total: All bands
        """;

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Published_SDMX_CSV_imports_back_to_the_same_facts_and_bad_files_are_refused_naming_the_cell(string engine)
    {
        var directory = Directory.CreateTempSubdirectory("almanac-sdmx-");
        try
        {
            await using var test = await TestStores.CreateAsync(engine);
            var db = test.Target;
            string PathOf(string name) => Path.Combine(directory.FullName, name);
            await File.WriteAllTextAsync(PathOf("people.csv"), Observations, Ct);
            await File.WriteAllTextAsync(PathOf("people-brief.yaml"), Definition, Ct);
            await test.ClosedAsync(async () =>
            {
                await CliRun.RunOkAsync("import", "observations", PathOf("people.csv"), "--db", db);
                await CliRun.RunOkAsync("publish", "--year", "2023", "--out", PathOf("out"), "--definition", PathOf("people-brief.yaml"), "--format", "sdmx", "--db", db);
                var published = PathOf("out/sdmx-PEOPLE_COUNT.csv");
                var text = await File.ReadAllTextAsync(published, Ct);
                Assert.Contains("dataflow,ALMANAC:PEOPLE_COUNT(1.0),I,P-5$002B,F,2023,3\r\n", text, StringComparison.Ordinal);
                Assert.Contains("dataflow,ALMANAC:PEOPLE_COUNT(1.0),I,north$002Ceast,M,2023,2\r\n", text, StringComparison.Ordinal);
                Assert.Contains("dataflow,ALMANAC:PEOPLE_COUNT(1.0),I,_T,F,2023,14.5\r\n", text, StringComparison.Ordinal);
                var query = new[] { "query", "people.count", "--rows", "band", "--columns", "sex", "--year", "2023", "--format", "csv", "--db", db };
                var before = await CliRun.RunOkAsync(query);
                Assert.Contains("P-5+", before, StringComparison.Ordinal);

                // Refused, each naming the cell; nothing is written (the sources stay as they were).
                var sources = await CliRun.RunOkAsync("sources", "--db", db);
                var lines = text.Split("\r\n");
                var cases = new (string Name, string Content, string Error)[]
                {
                    ("unknown-dataflow.csv", text.Replace("ALMANAC:PEOPLE_COUNT(1.0)", "ALMANAC:PEOPLE_GONE(1.0)", StringComparison.Ordinal),
                        "unknown-dataflow.csv, line 2, column 'STRUCTURE_ID', value 'ALMANAC:PEOPLE_GONE(1.0)': unknown dataflow: no measure of the store is this dataflow"),
                    ("unknown-dimension.csv", text.Replace(",BAND,", ",AGE,", StringComparison.Ordinal),
                        "unknown-dimension.csv, line 1, column 'AGE': dataflow PEOPLE_COUNT has no dimension AGE (its dimensions are BAND, SEX)"),
                    ("unknown-code.csv", text.Replace(",G-1,M,", ",G-9,M,", StringComparison.Ordinal),
                        $"unknown-code.csv, line {Array.FindIndex(lines, l => l.Contains(",G-1,M,", StringComparison.Ordinal)) + 1}, column 'BAND', value 'G-9': unknown code: band 'G-9' is not a member the store knows (codelist CL_BAND)"),
                    ("printed-code.csv", text.Replace("P-5$002B,F", "P-5+,F", StringComparison.Ordinal),
                        $"printed-code.csv, line {Array.FindIndex(lines, l => l.Contains("P-5$002B,F", StringComparison.Ordinal)) + 1}, column 'BAND', value 'P-5+': not a code of codelist CL_BAND"),
                    ("bad-value.csv", text.Replace(",2023,3\r\n", ",2023,three\r\n", StringComparison.Ordinal),
                        $"bad-value.csv, line {Array.FindIndex(lines, l => l.EndsWith(",2023,3", StringComparison.Ordinal)) + 1}, column 'OBS_VALUE', value 'three': OBS_VALUE is a number"),
                };
                foreach (var (name, content, error) in cases)
                {
                    Assert.NotEqual(text, content);
                    await File.WriteAllTextAsync(PathOf(name), content, Ct);
                    var (exit, output) = await CliRun.RunAsync("import", "sdmx", PathOf(name), "--db", db);
                    Assert.Equal(AlmanacCli.Failed, exit);
                    Assert.Contains(error, output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
                }
                Assert.Equal(sources, await CliRun.RunOkAsync("sources", "--db", db));

                var imported = await CliRun.RunOkAsync("import", "sdmx", published, "--db", db);
                Assert.Matches(@"Imported SDMX-CSV file sdmx-PEOPLE_COUNT\.csv \(dataflow PEOPLE_COUNT, measure people\.count\) as source \d+: 8 observations; supersedes source \d+\.", imported);
                Assert.Equal(before, await CliRun.RunOkAsync(query));
                Assert.Contains("sdmx-PEOPLE_COUNT.csv", await CliRun.RunOkAsync("sources", "--db", db), StringComparison.Ordinal);
                // The same file again changes nothing.
                Assert.Contains("Unchanged: this SDMX-CSV file", await CliRun.RunOkAsync("import", "sdmx", published, "--db", db), StringComparison.Ordinal);
                return true;
            });
        }
        finally
        {
            directory.Delete(true);
        }
    }
}
