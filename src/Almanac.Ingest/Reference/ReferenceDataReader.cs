using System.Globalization;
using Almanac.Domain;
using Almanac.Domain.Reference;
using CsvHelper;
using CsvHelper.Configuration;

namespace Almanac.Ingest.Reference;

/// <summary>Reads the project's country list and membership history (data/reference/*.csv).</summary>
public static class ReferenceDataReader
{
    private static readonly string[] NameColumns = ["name_en", "name_fr", "name_es"];

    public static ReferenceData ReadEmbedded()
    {
        using var countries = EmbeddedData.Open(EmbeddedData.Countries);
        using var membership = EmbeddedData.Open(EmbeddedData.Membership);
        return Read(countries, "data/" + EmbeddedData.Countries, membership, "data/" + EmbeddedData.Membership);
    }

    public static ReferenceData Read(Stream countries, string countriesName, Stream membership, string membershipName)
    {
        var countryList = new List<Country>();
        foreach (var (line, row) in Rows(countries, countriesName, ["iso3", "iso2", "m49", "name_en", "name_fr", "name_es", "aliases", "region_m49", "region", "subregion_m49", "subregion"]))
        {
            if (row["iso3"].Length != 3) throw new InputException(countriesName, line, "iso3", row["iso3"], "not a three-letter code");
            // Publications print country names in each of their languages: a country without one cannot be published.
            foreach (var column in NameColumns.Where(c => row[c].Length == 0))
            {
                throw new InputException(countriesName, line, column, null, $"{row["iso3"]} has no name in this language");
            }
            countryList.Add(new Country(row["iso3"], NullIfEmpty(row["iso2"]), NullIfEmpty(row["m49"]), row["name_en"],
                [.. row["aliases"].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                row["name_fr"], row["name_es"],
                Area(countriesName, line, row, "region_m49", "region"), Area(countriesName, line, row, "subregion_m49", "subregion")));
        }
        var periods = new List<MembershipPeriod>();
        foreach (var (line, row) in Rows(membership, membershipName, ["iso3", "status", "since", "until"]))
        {
            var status = row["status"] switch
            {
                "member" => MembershipStatus.Member,
                "observer" => MembershipStatus.Observer,
                var other => throw new InputException(membershipName, line, "status", other, "expected 'member' or 'observer'"),
            };
            periods.Add(new MembershipPeriod(row["iso3"], status, Year(membershipName, line, "since", row["since"])!.Value, Year(membershipName, line, "until", row["until"])));
        }
        return new ReferenceData(countryList, periods);
    }

    private static IEnumerable<(long Line, Dictionary<string, string> Row)> Rows(Stream stream, string name, string[] columns)
    {
        using var reader = new StreamReader(stream);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim });
        if (!csv.Read() || !csv.ReadHeader()) throw new InputException(name, 1, null, null, "the file is empty");
        foreach (var column in columns.Where(c => !csv.HeaderRecord!.Contains(c)))
        {
            throw new InputException(name, 1, column, null, "missing column");
        }
        while (csv.Read())
        {
            yield return (csv.Parser.RawRow, columns.ToDictionary(c => c, c => csv.GetField(c) ?? ""));
        }
    }

    /// <summary>An M49 area from its code and name columns: both or neither, the code as three digits.</summary>
    private static M49Area? Area(string file, long line, Dictionary<string, string> row, string codeColumn, string nameColumn)
    {
        var (code, name) = (row[codeColumn], row[nameColumn]);
        if (code.Length == 0 && name.Length == 0) return null;
        if (code.Length != 3 || !code.All(char.IsAsciiDigit)) throw new InputException(file, line, codeColumn, code, $"not a three-digit M49 code (for {row["iso3"]}'s {nameColumn} '{name}')");
        if (name.Length == 0) throw new InputException(file, line, nameColumn, null, $"{row["iso3"]} has an M49 code {code} but no name");
        return new M49Area(code, name);
    }

    private static int? Year(string file, long line, string column, string text) =>
        text.Length == 0 ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year
        : throw new InputException(file, line, column, text, "not a year");

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
