using System.Globalization;
using Almanac.Ingest.Reference;
using Almanac.Tests;
using CsvHelper;

namespace Almanac.Ingest.Tests;

/// <summary>The project's own country list and membership history, checked against outside sources and the reports.</summary>
public sealed class ReferenceDataFileTests
{
    private static readonly Domain.Reference.ReferenceData Reference = ReferenceDataReader.ReadEmbedded();

    [Fact]
    public void Codes_and_names_agree_with_the_OCHA_taxonomy()
    {
        var path = SharedFiles.Require("reference/countries-and-territories.csv");
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var problems = new List<string>();
        var theirs = 0;
        while (csv.Read())
        {
            var iso3 = csv.GetField("ISO 3166-1 Alpha 3-Codes")!;
            if (iso3.Length != 3 || csv.GetField("Deprecated") == "Y") continue;
            theirs++;
            var ours = Reference.Countries.FirstOrDefault(c => c.Iso3 == iso3);
            if (ours is null)
            {
                problems.Add($"{iso3}: missing from data/reference/countries.csv");
                continue;
            }
            var m49 = csv.GetField("m49 numerical code")!;
            if (m49.Length > 0 && ours.M49 != m49.PadLeft(3, '0')) problems.Add($"{iso3}: M49 {ours.M49}, taxonomy {m49}");
            if (ours.Iso2 != csv.GetField("ISO 3166-1 Alpha 2-Codes")) problems.Add($"{iso3}: ISO2 {ours.Iso2}, taxonomy {csv.GetField("ISO 3166-1 Alpha 2-Codes")}");
            // The UN (UNTERM) English short name where the taxonomy has one, else its preferred term.
            var unName = csv.GetField("English Short") is { Length: > 0 } shortName ? shortName : csv.GetField("Preferred Term")!;
            if (ours.Name != unName) problems.Add($"{iso3}: name '{ours.Name}', taxonomy '{unName}'");
        }
        Assert.True(theirs > 240, $"only {theirs} rows read from {path}");
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData(2017, 169)]
    [InlineData(2018, 172)]
    [InlineData(2019, 173)]
    [InlineData(2020, 173)]
    [InlineData(2021, 174)]
    [InlineData(2022, 175)]
    [InlineData(2023, 175)]
    public void Membership_history_counts_the_Member_States_the_reports_print(int year, int printed) =>
        Assert.Equal(printed, Reference.MemberStateCount(year));

    [Theory]
    [InlineData("Syrian Arabic Republic", "SYR")]
    [InlineData("Türkiye", "TUR")]
    [InlineData("Turkey", "TUR")]
    [InlineData("Netherlands (Kingdom of the)", "NLD")]
    [InlineData("The former Yugoslav Republic of Macedonia", "MKD")]
    [InlineData("Lao People\u2019s Democratic Republic", "LAO")]
    [InlineData("Other", "XXX")]
    public void Names_as_printed_in_the_reports_resolve(string printed, string iso3) =>
        Assert.Equal(iso3, Reference.Resolve(printed)?.Iso3);
}
