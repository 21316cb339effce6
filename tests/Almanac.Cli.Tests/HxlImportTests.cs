using Almanac.Tests;

namespace Almanac.Cli.Tests;

/// <summary>
/// HXL-tagged CSV files through `import observations` on both stores: the hashtag row found after rows of header text or
/// as the first row, hashtags matched whatever their case and attribute order, untagged and unmapped columns left out;
/// the stored facts are those of the file; a bad file is refused naming file, line, column (its hashtag) and value, and
/// nothing is written.
/// </summary>
public sealed class HxlImportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Shaped like an HDX displacement file: a title row and a row of column names before the hashtag row, hashtags in
    // mixed case with their attributes in any order, an untagged column (Notes), an unmapped one (#adm1+name), a quoted
    // cell with a comma, a country in lower case, an empty figure, dates as a day, a month and a year, a blank last row.
    private const string Displacement = """
        Displacement Tracking Matrix - Sudan and Chad mid-2023,,,,,,
        Country,Admin 1 P-code,Admin 1,Date,IDPs (individuals),Notes,Reached
        #COUNTRY+Code,#adm1 +code,#adm1+name,#Date,#Affected +IND +idps,,#reached
        SDN,SD01,Khartoum,2023-06-30,3050000,first wave,640000
        sdn,SD02,North Darfur,2023-06,450500,,
        TCD,TD01,Ouaddaï,2023,120000,"camps, east",98000
        ,,,,,,

        """;

    // The hashtag row as the first row.
    private const string EarlierYear = """
        #country+code,#date,#adm1+code,#affected+idps+ind
        SDN,2022-12-31,SD01,1000
        TCD,2022-12-31,TD01,250.5

        """;

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task An_HXL_file_imports_its_figures_and_a_bad_one_is_refused_naming_the_cell(string engine)
    {
        var directory = Directory.CreateTempSubdirectory("almanac-hxl-");
        try
        {
            await using var test = await TestStores.CreateAsync(engine);
            var db = test.Target;
            string PathOf(string name) => Path.Combine(directory.FullName, name);
            await test.ClosedAsync(async () =>
            {
                var sources = await CliRun.RunOkAsync("sources", "--db", db);
                var cases = new (string Name, string Content, string Error)[]
                {
                    ("no-country.csv", Displacement.Replace("#COUNTRY+Code", "#country+name", StringComparison.Ordinal),
                        "no-country.csv, line 3, column '#country+code': the mapping mapping.yaml (the default HXL mapping) requires a column tagged #country+code (dimension country)"),
                    ("unknown-country.csv", Displacement.Replace("TCD,TD01", "XYZ,TD01", StringComparison.Ordinal),
                        "unknown-country.csv, line 6, column '#COUNTRY+Code', value 'XYZ': unknown country: not an ISO 3166 alpha-3 code of the reference data"),
                    ("no-country-cell.csv", Displacement.Replace("sdn,SD02", ",SD02", StringComparison.Ordinal),
                        "no-country-cell.csv, line 5, column '#COUNTRY+Code', value '': every row gives its dimension country (the mapping requires it)"),
                    ("bad-date.csv", Displacement.Replace(",2023-06,", ",2023-13,", StringComparison.Ordinal),
                        "bad-date.csv, line 5, column '#Date', value '2023-13': a date is an ISO 8601 date (2023, 2023-06 or 2023-06-30)"),
                    ("too-large.csv", Displacement.Replace("3050000", "100000000000000", StringComparison.Ordinal),
                        "too-large.csv, line 4, column '#Affected +IND +idps', value '100000000000000': a figure is a number with '.' as the decimal separator (no thousands separator), below 10^14"),
                    ("thousands.csv", Displacement.Replace("3050000", "\"3,050,000\"", StringComparison.Ordinal),
                        "thousands.csv, line 4, column '#Affected +IND +idps', value '3,050,000': a figure is a number"),
                    ("twice.csv", Displacement.Replace("sdn,SD02,North Darfur,2023-06", "SDN,SD01,Khartoum,2023-03", StringComparison.Ordinal),
                        "twice.csv, line 5, column '#Affected +IND +idps', value '450500': the same figure (humanitarian.idps, 2023, SDN, SD01) as line 4"),
                    ("two-columns.csv", Displacement.Replace("#adm1+name", "#ADM1+CODE", StringComparison.Ordinal),
                        "two-columns.csv, line 3, column '#ADM1+CODE': the columns '#adm1 +code' and '#ADM1+CODE' are both the mapping's dimension adm1"),
                };
                foreach (var (name, content, error) in cases)
                {
                    Assert.NotEqual(Displacement, content);
                    await File.WriteAllTextAsync(PathOf(name), content, Ct);
                    var (exit, output) = await CliRun.RunAsync("import", "observations", PathOf(name), "--db", db);
                    Assert.True(exit == AlmanacCli.Failed, $"{name}: exit {exit}\n{output}");
                    Assert.Contains(error, output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
                }
                Assert.Equal(sources, await CliRun.RunOkAsync("sources", "--db", db));

                await File.WriteAllTextAsync(PathOf("displacement.csv"), Displacement, Ct);
                var imported = await CliRun.RunOkAsync("import", "observations", PathOf("displacement.csv"), "--db", db);
                Assert.Matches(@"Imported HXL file displacement\.csv \(hashtag row on line 3, through mapping\.yaml \(the default HXL mapping\); measures humanitarian\.idps, humanitarian\.reached\) as source \d+: 5 observations\.", imported.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal));
                Assert.Equal(
                    ["country,adm1,value", "SDN,SD01,3050000", "SDN,SD02,450500", "TCD,TD01,120000"],
                    (await CliRun.RunOkAsync("query", "humanitarian.idps", "--rows", "country,adm1", "--year", "2023", "--format", "csv", "--db", db)).TrimEnd().Split('\n'));
                Assert.Equal(
                    ["country,value", "SDN,640000", "TCD,98000"],
                    (await CliRun.RunOkAsync("query", "humanitarian.reached", "--rows", "country", "--year", "2023", "--format", "csv", "--db", db)).TrimEnd().Split('\n'));
                Assert.Contains("hxl", await CliRun.RunOkAsync("sources", "--db", db), StringComparison.Ordinal);
                // The same file again changes nothing.
                Assert.Contains("Unchanged: this HXL file displacement.csv", await CliRun.RunOkAsync("import", "observations", PathOf("displacement.csv"), "--db", db), StringComparison.Ordinal);

                await File.WriteAllTextAsync(PathOf("earlier.csv"), EarlierYear, Ct);
                Assert.Contains("hashtag row on line 1", await CliRun.RunOkAsync("import", "observations", PathOf("earlier.csv"), "--db", db), StringComparison.Ordinal);
                Assert.Equal(
                    ["country,value", "SDN,1000", "TCD,250.5"],
                    (await CliRun.RunOkAsync("query", "humanitarian.idps", "--rows", "country", "--year", "2022", "--format", "csv", "--db", db)).TrimEnd().Split('\n'));
                return true;
            });
        }
        finally
        {
            directory.Delete(true);
        }
    }

    [Fact]
    public async Task A_mapping_of_ones_own_names_the_office_and_requires_its_measure()
    {
        var directory = Directory.CreateTempSubdirectory("almanac-hxl-");
        try
        {
            string PathOf(string name) => Path.Combine(directory.FullName, name);
            var db = PathOf("hxl.db");
            await File.WriteAllTextAsync(PathOf("ops.yaml"), """
                year:
                  tags: ["#date"]
                office:
                  tags: ["#org+code"]
                  required: true
                dimensions:
                  - dimension: sex
                    tags: ["#sex"]
                measures:
                  - measure: ops.inneed
                    tags: ["#inneed"]
                    required: true
                """, Ct);
            await File.WriteAllTextAsync(PathOf("ops.csv"), """
                Office,Year,Sex,People in need
                #org+code,#date,#sex,#inneed
                CO-KEN,2023,F,10
                CO-KEN,2023,M,12
                """, Ct);
            await CliRun.RunOkAsync("init", "--db", db);
            var imported = await CliRun.RunOkAsync("import", "observations", PathOf("ops.csv"), "--mapping", PathOf("ops.yaml"), "--db", db);
            Assert.Contains("through ops.yaml", imported, StringComparison.Ordinal);
            Assert.Equal(
                ["office,sex,value", "CO-KEN,F,10", "CO-KEN,M,12"],
                (await CliRun.RunOkAsync("query", "ops.inneed", "--rows", "office,sex", "--year", "2023", "--format", "csv", "--db", db)).TrimEnd().Split('\n'));

            await File.WriteAllTextAsync(PathOf("no-inneed.csv"), "#org+code,#date,#sex,#inneed+f\nCO-KEN,2023,F,10\n", Ct);
            var (exit, output) = await CliRun.RunAsync("import", "observations", PathOf("no-inneed.csv"), "--mapping", PathOf("ops.yaml"), "--db", db);
            Assert.Equal(AlmanacCli.Failed, exit);
            Assert.Contains("no-inneed.csv, line 1, column '#inneed': the mapping ops.yaml requires a column tagged #inneed (measure ops.inneed)", output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);

            await File.WriteAllTextAsync(PathOf("bad-sex.csv"), "#org+code,#date,#sex,#inneed\nCO-KEN,2023,X,10\n", Ct);
            (exit, output) = await CliRun.RunAsync("import", "observations", PathOf("bad-sex.csv"), "--mapping", PathOf("ops.yaml"), "--db", db);
            Assert.Equal(AlmanacCli.Failed, exit);
            Assert.Contains("bad-sex.csv, line 2, column '#sex', value 'X': sex is F or M", output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);

            await File.WriteAllTextAsync(PathOf("bad-mapping.yaml"), "year:\n  tags: [\"#date\"]\nmeasures:\n  - measure: ops.inneed\n    tags: [\"inneed\"]\n", Ct);
            (exit, output) = await CliRun.RunAsync("import", "observations", PathOf("ops.csv"), "--mapping", PathOf("bad-mapping.yaml"), "--db", db);
            Assert.Equal(AlmanacCli.Failed, exit);
            Assert.Contains("bad-mapping.yaml, line 5, column 'measures[0].tags[0]', value 'inneed': not an HXL hashtag spec", output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(true);
        }
    }
}
