using System.Globalization;
using System.Text;
using Almanac.Domain;
using Almanac.Domain.Projects;
using CsvHelper;
using static Almanac.Ingest.Projects.ProjectFileReader;

namespace Almanac.Ingest.Projects;

/// <summary>Writes a portfolio as the two CSV UTF-8 files <see cref="ProjectFileReader"/> reads (projects, transactions).</summary>
public static class ProjectFileWriter
{
    public static void Write(Portfolio portfolio, string projectsPath, string transactionsPath)
    {
        var years = portfolio.Projects.SelectMany(p => p.Budgets.Select(b => b.Year)).Distinct().Order().ToList();
        using (var csv = Open(projectsPath))
        {
            string[] header =
            [
                Columns.Id, Columns.TitleEn, Columns.TitleFr, Columns.TitleEs, Columns.DescriptionEn, Columns.DescriptionFr, Columns.DescriptionEs,
                Columns.Offices, Columns.Countries, Columns.Region, Columns.Start, Columns.End, Columns.Status, Columns.Migof, Columns.GenderMarker,
                Columns.AppealLine, .. years.Select(y => Columns.BudgetPrefix + y.ToString(CultureInfo.InvariantCulture)),
            ];
            Row(csv, header);
            foreach (var p in portfolio.Projects)
            {
                Row(csv,
                [
                    p.Id, p.Titles.En, p.Titles.Fr, p.Titles.Es, p.Descriptions.En, p.Descriptions.Fr, p.Descriptions.Es,
                    string.Join(';', p.Offices), string.Join(';', p.Countries.Select(c => $"{c.Iso3}:{c.Percent.ToString(CultureInfo.InvariantCulture)}")),
                    p.AppealRegion, Date(p.Start), Date(p.End), p.Status.Name(), p.Migof, p.GenderMarker.ToString(CultureInfo.InvariantCulture), p.AppealLine,
                    .. years.Select(y => p.BudgetOf(y) == 0 ? "" : p.BudgetOf(y).ToString(CultureInfo.InvariantCulture)),
                ]);
            }
        }
        using (var csv = Open(transactionsPath))
        {
            Row(csv, [TransactionColumns.ProjectId, TransactionColumns.Type, TransactionColumns.Date, TransactionColumns.Organisation, TransactionColumns.Currency,
                TransactionColumns.Amount, TransactionColumns.UsdRate]);
            foreach (var t in portfolio.Transactions)
            {
                Row(csv, [t.ProjectId, t.Kind.Name(), Date(t.Date), t.Organisation, t.Currency, t.Amount.ToString(CultureInfo.InvariantCulture), t.UsdRate.ToString(CultureInfo.InvariantCulture)]);
            }
        }
    }

    /// <summary>The appeal requirements the project keeps for an appeal year (data/published), for the synthetic portfolio.</summary>
    public static AppealRequirements ReadEmbeddedAppeal(int year)
    {
        var path = $"published/migration-initiatives-{year}-requirements.csv";
        using var stream = EmbeddedData.Open(path);
        return AppealRequirements.FromCells(year, "data/" + path, Published.PublishedFigures.Read(stream, "data/" + path));
    }

    private static CsvWriter Open(string path)
    {
        var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
        return new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: false);
    }

    // Every text cell through SpreadsheetText, which the reader undoes: a title must not run as a formula.
    private static void Row(CsvWriter csv, IEnumerable<string?> cells)
    {
        foreach (var cell in cells) csv.WriteField(SpreadsheetText.Cell(cell));
        csv.NextRecord();
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
