using System.Globalization;
using System.Text;
using Almanac.Domain.Workforce;
using Almanac.Ingest.Observations;
using Almanac.Ingest.Published;
using Almanac.Ingest.Reference;
using Almanac.Store;

namespace Almanac.Tests;

/// <summary>Observation files made from figures the 2023 annual report printed (data/published), and a way to import them.</summary>
public static class FactTestData
{
    private static readonly IReadOnlyList<PublishedCell> Printed = PublishedFigures.ReadEmbedded(2023);

    /// <summary>
    /// Table 1 (Professional and higher staff by sex, 2019–2023) as measure t1.headcount by sex: women and men, and the
    /// printed Total as a declared total (sex left empty). Printed 2022: 1 292 + 1 282 = 2 574, Total 2 575.
    /// </summary>
    public static string Table1()
    {
        var text = new StringBuilder("measure,year,office,sex,value\n");
        foreach (var cell in Printed.Where(c => c.Table == "Table1" && c.Row is "Women" or "Men" or "Total"))
        {
            var sex = cell.Row switch { "Women" => "F", "Men" => "M", _ => "" };
            text.Append(CultureInfo.InvariantCulture, $"t1.headcount,{cell.Column},,{sex},{cell.Value}\n");
        }
        return text.ToString();
    }

    /// <summary>Loads the reference data and imports the synthetic 2023 staff list that reproduces the report's annexes; returns the list.</summary>
    public static async Task<IReadOnlyList<StaffMember>> ImportSyntheticStaff2023Async(IAlmanacStore store, CancellationToken cancellationToken)
    {
        var reference = ReferenceDataReader.ReadEmbedded();
        await store.ReplaceReferenceDataAsync(reference, cancellationToken);
        var staff = SyntheticStaffList.Generate(2023, [.. Printed], reference);
        await store.ImportStaffListAsync(new SourceInfo(SourceKinds.StaffList, "synthetic.csv", "synthetic", DateTimeOffset.UnixEpoch), 2023,
            staff.Select((s, i) => ((long)i + 2, s)), cancellationToken);
        return staff;
    }

    /// <summary>The printed Table 1 percentage of women for a year.</summary>
    public static decimal Table1Percent(int year) =>
        Printed.Single(c => c.Table == "Table1" && c.Row == "Percentage of women" && c.Column == year.ToString(CultureInfo.InvariantCulture)).Number!.Value;

    /// <summary>Table 2 (Professional and higher staff in 2023 by grade and sex) as measure t2.headcount by grade and sex, totals declared.</summary>
    public static string Table2()
    {
        var text = new StringBuilder("measure,year,office,grade,sex,value\n");
        foreach (var cell in Printed.Where(c => c.Table == "Table2" && c.Row is "Women" or "Men" or "Total in 2023"))
        {
            var sex = cell.Row switch { "Women" => "F", "Men" => "M", _ => "" };
            text.Append(CultureInfo.InvariantCulture, $"t2.headcount,2023,,{Grade(cell.Column)},{sex},{cell.Value}\n");
        }
        return text.ToString();
    }

    /// <summary>The Table 2 percentages of women in 2023 as printed, by grade code.</summary>
    public static IReadOnlyDictionary<string, decimal> Table2Percent() =>
        Printed.Where(c => c.Table == "Table2" && c.Row == "Percentage of women in 2023").ToDictionary(c => Grade(c.Column), c => c.Number!.Value);

    public static string Grade(string column) => column == "Ungraded" ? "UG" : column;

    /// <summary>Writes the text to a new file and imports it into the store.</summary>
    public static async Task<ImportResult> ImportAsync(IAlmanacStore store, string csv, string name = "observations.csv")
    {
        var directory = Directory.CreateTempSubdirectory("almanac-facts-");
        try
        {
            var path = Path.Combine(directory.FullName, name);
            await File.WriteAllTextAsync(path, csv, TestContext.Current.CancellationToken);
            return await new ObservationImporter(store, TimeProvider.System).ImportAsync(path, TestContext.Current.CancellationToken);
        }
        finally
        {
            directory.Delete(true);
        }
    }
}
