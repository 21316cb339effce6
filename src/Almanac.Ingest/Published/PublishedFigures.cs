using System.Globalization;
using System.Text.RegularExpressions;
using Almanac.Domain;
using Almanac.Domain.Observations;
using Almanac.Domain.Workforce;
using CsvHelper;
using CsvHelper.Configuration;

namespace Almanac.Ingest.Published;

/// <summary>
/// Reads the figures a report printed (data/published/*.csv: table, section, row, column, value, line) and turns the
/// multi-year staff tables (Tables 1–4, the nationalities-represented annex) into observations.
/// </summary>
/// <remarks>
/// Printed totals and percentages are kept as printed so that Almanac can say where they disagree with their parts;
/// printed changes in percentage points are not kept, since they are always recomputed from the percentages.
/// </remarks>
public static partial class PublishedFigures
{
    public static IReadOnlyList<PublishedCell> Read(Stream stream, string name)
    {
        using var reader = new StreamReader(stream);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        if (!csv.Read() || !csv.ReadHeader()) throw new InputException(name, 1, null, null, "the file is empty");
        string[] columns = ["table", "section", "row", "column", "value", "line"];
        foreach (var column in columns.Where(c => !csv.HeaderRecord!.Contains(c)))
        {
            throw new InputException(name, 1, column, null, "missing column");
        }
        var cells = new List<PublishedCell>();
        while (csv.Read())
        {
            var lineText = csv.GetField("line")!;
            if (!int.TryParse(lineText, NumberStyles.None, CultureInfo.InvariantCulture, out var line))
            {
                throw new InputException(name, csv.Parser.RawRow, "line", lineText, "not a line number");
            }
            cells.Add(new PublishedCell(csv.GetField("table")!, csv.GetField("section")!, csv.GetField("row")!, csv.GetField("column")!, csv.GetField("value")!, line));
        }
        return cells;
    }

    public static IReadOnlyList<PublishedCell> ReadEmbedded(int reportYear)
    {
        var path = EmbeddedData.PublishedStaffFigures(reportYear);
        using var stream = EmbeddedData.Open(path);
        return Read(stream, "data/" + path);
    }

    /// <summary>Maps the multi-year tables to observations; fails on a row it cannot place rather than dropping it.</summary>
    public static IReadOnlyList<Observation> ToObservations(IReadOnlyList<PublishedCell> cells, string sourceName) =>
        ToObservations(cells, sourceName, ReportYear(cells, sourceName));

    /// <summary>As <see cref="ToObservations(IReadOnlyList{PublishedCell}, string)"/>, for a report whose year is known (e.g. from its title).</summary>
    public static IReadOnlyList<Observation> ToObservations(IReadOnlyList<PublishedCell> cells, string sourceName, int reportYear)
    {
        var observations = new List<Observation>();
        foreach (var cell in cells.Where(c => c.Table is "Table1" or "Table2" or "Table3" or "Table4" or "AnnexIV"))
        {
            var mapped = Map(cell, reportYear, sourceName);
            if (mapped is null) continue;
            var (measure, year, key) = mapped.Value;
            var value = cell.Number ?? throw new InputException(sourceName, cell.Line, cell.Column, cell.Value, $"{cell.Table} '{cell.Row}': not a number");
            observations.Add(new Observation(measure, year, key, value, new Provenance(0, sourceName, Location(cell.Table), cell.Line)));
        }
        return observations;
    }

    /// <summary>
    /// Why a row of a multi-year table (<c>Table1</c>… <c>AnnexIV</c>) under a column cannot be mapped (most often: the
    /// row is not one Almanac knows how to read), or null when it can: a reader leaves such a row unresolved rather than
    /// refuse the whole document for it.
    /// </summary>
    public static string? UnknownRow(string table, string row, string column)
    {
        try
        {
            Map(new PublishedCell(table, "", row, column, "0", 0), 2000, "");
            return null;
        }
        catch (InputException e)
        {
            return e.Problem;
        }
    }

    private static (string Measure, int Year, DimensionKey Key)? Map(PublishedCell cell, int reportYear, string sourceName)
    {
        var row = cell.Row.ToLowerInvariant();
        InputException Unplaced() => new(sourceName, cell.Line, cell.Column, cell.Value, $"{cell.Table}: the row '{cell.Row}' is not one Almanac knows how to read");
        int ColumnYear() => int.TryParse(cell.Column, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            ? y
            : throw new InputException(sourceName, cell.Line, cell.Column, cell.Value, $"{cell.Table}: the column '{cell.Column}' is not a year");
        var professional = StaffCategory.Professional;
        switch (cell.Table)
        {
            case "Table1" or "Table3":
                {
                    var grade = cell.Table == "Table3" ? Dimensions.GradeP5AndHigher : null;
                    if (row.StartsWith("change", StringComparison.Ordinal)) return null;
                    if (row.StartsWith("percentage of women", StringComparison.Ordinal)) return (Measures.WomenPercent, ColumnYear(), StaffKeys.Of(professional, grade, null));
                    Sex? sex = row switch { "men" => Sex.Male, "women" => Sex.Female, "total" => null, _ => throw Unplaced() };
                    return (Measures.StaffHeadcount, ColumnYear(), StaffKeys.Of(professional, grade, sex));
                }
            case "Table2":
                {
                    if (row.StartsWith("change", StringComparison.Ordinal)) return null;
                    var grade = Grades.Parse(cell.Column)?.Code ?? GradeGroup(cell.Column)
                        ?? throw new InputException(sourceName, cell.Line, cell.Column, cell.Value, "Table 2: not a grade");
                    var inYear = YearInLabel().Match(row);
                    if (row.StartsWith("percentage of women", StringComparison.Ordinal) && inYear.Success)
                    {
                        return (Measures.WomenPercent, int.Parse(inYear.Value, CultureInfo.InvariantCulture), StaffKeys.Of(professional, grade, null));
                    }
                    if (row.StartsWith("total", StringComparison.Ordinal))
                    {
                        return (Measures.StaffHeadcount, inYear.Success ? int.Parse(inYear.Value, CultureInfo.InvariantCulture) : reportYear, StaffKeys.Of(professional, grade, null));
                    }
                    Sex sex = row switch { "men" => Sex.Male, "women" => Sex.Female, _ => throw Unplaced() };
                    return (Measures.StaffHeadcount, reportYear, StaffKeys.Of(professional, grade, sex));
                }
            case "Table4":
                {
                    if (row.StartsWith("percentage", StringComparison.Ordinal)) return null;
                    StaffCategory? category = row.Contains("professional", StringComparison.Ordinal) ? professional
                        : row.StartsWith("general service", StringComparison.Ordinal) ? StaffCategory.GeneralService
                        : row == "total" ? null
                        : throw Unplaced();
                    return (Measures.StaffHeadcount, ColumnYear(), StaffKeys.Of(category, null, null));
                }
            default:
                {
                    if (row.StartsWith("percentage", StringComparison.Ordinal)) return null;
                    if (row.StartsWith("number of member state nationalities", StringComparison.Ordinal))
                        return (Measures.NationalitiesRepresented, ColumnYear(), DimensionKey.Of((Dimensions.Membership, Dimensions.MembershipMember)));
                    if (row.StartsWith("number of non-member state nationalities", StringComparison.Ordinal))
                        return (Measures.NationalitiesRepresented, ColumnYear(), DimensionKey.Of((Dimensions.Membership, Dimensions.MembershipNonMember)));
                    if (row.StartsWith("total", StringComparison.Ordinal)) return (Measures.NationalitiesRepresented, ColumnYear(), DimensionKey.Empty);
                    if (row.StartsWith("number of member states", StringComparison.Ordinal)) return (Measures.MemberStates, ColumnYear(), DimensionKey.Empty);
                    throw Unplaced();
                }
        }
    }

    /// <summary>The 2017 and 2018 reports print D-1 and D-2 as one column.</summary>
    private static string? GradeGroup(string column) =>
        DGroup().IsMatch(column) ? "D-1+D-2" : null;

    /// <summary>The report's own year: the year of Table 2's "Total in YYYY" row, else the latest year Table 1 prints.</summary>
    private static int ReportYear(IReadOnlyList<PublishedCell> cells, string sourceName)
    {
        var total = cells.FirstOrDefault(c => c.Table == "Table2" && c.Row.StartsWith("Total in", StringComparison.OrdinalIgnoreCase));
        if (total is not null) return int.Parse(YearInLabel().Match(total.Row).Value, CultureInfo.InvariantCulture);
        var years = cells.Where(c => c.Table == "Table1").Select(c => int.TryParse(c.Column, out var y) ? y : 0).ToList();
        return years.Count > 0 ? years.Max() : throw new InputException(sourceName, null, null, null, "no Table 1 or Table 2 to tell the report's year from");
    }

    private static string Location(string table) => table.StartsWith("Table", StringComparison.Ordinal)
        ? "Annex I, Table " + table["Table".Length..]
        : table.Replace("Annex", "Annex ", StringComparison.Ordinal);

    [GeneratedRegex(@"\b(19|20)\d{2}\b")]
    private static partial Regex YearInLabel();

    [GeneratedRegex(@"^D-1\s*[-–—]\s*D-2$")]
    private static partial Regex DGroup();
}
