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
            // The UN M49 region and sub-region, the levels a country dimension rolls up to in queries.
            var region = Area(csv.GetField("Region Code")!, csv.GetField("Region Name")!);
            var subRegion = Area(csv.GetField("Sub-region Code")!, csv.GetField("Sub-region Name")!);
            if (ours.Region != region) problems.Add($"{iso3}: region {ours.Region}, taxonomy {region}");
            if (ours.SubRegion != subRegion) problems.Add($"{iso3}: sub-region {ours.SubRegion}, taxonomy {subRegion}");
        }
        Assert.True(theirs > 240, $"only {theirs} rows read from {path}");
        Assert.Empty(problems);
    }

    private static Domain.Reference.M49Area? Area(string code, string name) => code.Length == 0 ? null : new(code.PadLeft(3, '0'), name);

    [Fact]
    public void Every_country_but_Antarctica_and_the_pseudo_codes_has_an_M49_region()
    {
        var without = Reference.Countries.Where(c => c.Region is null || c.SubRegion is null).Select(c => c.Iso3).ToList();
        Assert.Equal(["ATA", "XXA", "XXX"], without);
        // Kosovo is not in M49 (nor in the taxonomy): the project counts it in Southern Europe, where M49 counts Serbia.
        Assert.Equal(new Domain.Reference.M49Area("039", "Southern Europe"), Reference["XKX"].SubRegion);
        Assert.Equal(Reference["SRB"].SubRegion, Reference["XKX"].SubRegion);
        Assert.Equal(["Africa", "Americas", "Asia", "Europe", "Oceania"], Reference.Countries.Select(c => c.Region?.Name).OfType<string>().Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_region_without_its_code_is_refused_with_its_line()
    {
        var countries = "iso3,iso2,m49,name_en,name_fr,name_es,aliases,region_m49,region,subregion_m49,subregion\n"
            + "FRA,FR,250,France,France,Francia,,150,Europe,155,Western Europe\nESP,ES,724,Spain,Espagne,España,,,Europe,039,Southern Europe\n";
        using var countryStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(countries));
        using var membership = new MemoryStream(System.Text.Encoding.UTF8.GetBytes("iso3,status,since,until\n"));
        var error = Assert.Throws<Domain.InputException>(() => ReferenceDataReader.Read(countryStream, "countries.csv", membership, "membership.csv"));
        Assert.Equal(3, error.Line);
        Assert.Equal("region_m49", error.Column);
        Assert.Contains("ESP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void French_and_Spanish_names_agree_with_the_OCHA_taxonomy()
    {
        var path = SharedFiles.Require("reference/countries-and-territories.csv");
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var theirs = new Dictionary<string, (string French, string Spanish)>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var iso3 = csv.GetField("ISO 3166-1 Alpha 3-Codes")!;
            if (iso3.Length != 3 || csv.GetField("Deprecated") == "Y") continue;
            // The UNTERM short name where the taxonomy has one, else the M49 name: the rule the list was filled by.
            theirs[iso3] = (
                csv.GetField("French Short") is { Length: > 0 } fr ? fr : csv.GetField("M49 French")!,
                csv.GetField("Spanish Short") is { Length: > 0 } es ? es : csv.GetField("M49 Spanish")!);
        }
        Assert.True(theirs.Count > 240, $"only {theirs.Count} rows read from {path}");

        var problems = new List<string>();
        var withoutReference = new List<string>();
        foreach (var ours in Reference.Countries)
        {
            if (!theirs.TryGetValue(ours.Iso3, out var names) || (names.French.Length == 0 && names.Spanish.Length == 0))
            {
                withoutReference.Add(ours.Iso3);
                continue;
            }
            if (ours.NameFr != names.French) problems.Add($"{ours.Iso3}: French '{ours.NameFr}', taxonomy '{names.French}'");
            if (ours.NameEs != names.Spanish) problems.Add($"{ours.Iso3}: Spanish '{ours.NameEs}', taxonomy '{names.Spanish}'");
        }
        Assert.Empty(problems);
        // The taxonomy has no French or Spanish name for these, so the project wrote its own: a new one here needs the same care.
        Assert.Equal(["TWN", "XKX", "XXA", "XXX"], withoutReference);
    }

    [Fact]
    public void Every_country_has_a_name_in_English_French_and_Spanish()
    {
        var nameless = Reference.Countries
            .SelectMany(c => new (string Language, string? Name)[] { ("en", c.Name), ("fr", c.NameFr), ("es", c.NameEs) }
                .Where(n => string.IsNullOrWhiteSpace(n.Name)).Select(n => $"{c.Iso3} ({n.Language})"))
            .ToList();
        Assert.Empty(nameless);
        Assert.True(Reference.Countries.Count > 250, $"only {Reference.Countries.Count} countries in the list");
        Assert.Equal("Apatride", Reference["XXA"].NameIn("fr"));
        Assert.Equal("Países Bajos (Reino de los)", Reference["NLD"].NameIn("es"));
    }

    [Theory]
    [InlineData("name_fr")]
    [InlineData("name_es")]
    public void A_country_without_a_translation_is_refused_with_its_line(string emptyColumn)
    {
        var countries = "iso3,iso2,m49,name_en,name_fr,name_es,aliases,region_m49,region,subregion_m49,subregion\nFRA,FR,250,France,France,Francia,,150,Europe,155,Western Europe\nESP,ES,724,Spain,"
            + (emptyColumn == "name_fr" ? ",España," : "Espagne,,") + ",150,Europe,039,Southern Europe\n";
        using var countryStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(countries));
        using var membership = new MemoryStream(System.Text.Encoding.UTF8.GetBytes("iso3,status,since,until\n"));
        var error = Assert.Throws<Domain.InputException>(() => ReferenceDataReader.Read(countryStream, "countries.csv", membership, "membership.csv"));
        Assert.Equal(3, error.Line);
        Assert.Equal(emptyColumn, error.Column);
        Assert.Contains("ESP", error.Message, StringComparison.Ordinal);
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
