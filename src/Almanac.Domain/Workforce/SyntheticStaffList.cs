using Almanac.Domain.Reference;

namespace Almanac.Domain.Workforce;

/// <summary>
/// Writes a synthetic, deterministic staff list whose aggregation reproduces a report's printed nationality annexes.
/// </summary>
/// <remarks>
/// The list follows the country rows of the annexes, never their printed totals rows: a staff list is rows, and the
/// totals are what Almanac checks. Where a country row's grade cells add up to less than its printed Total (and F + M
/// equals that Total), the missing staff are ungraded: in the 2023 report this is Myanmar in Annex III, and placing
/// its ninth staff member as ungraded is what makes the printed Ungraded column total (490) and Table 2 agree.
/// The sex of Professional staff by grade follows the report's Table 2 (women by grade) as far as the country rows allow.
/// </remarks>
public static class SyntheticStaffList
{
    /// <summary>The label every generated row carries, so that no one mistakes the list for real staff.</summary>
    public const string IdPrefix = "SYNTHETIC-";

    public static IReadOnlyList<StaffMember> Generate(int year, IReadOnlyCollection<PublishedCell> cells, ReferenceData reference, int seed = 20230101)
    {
        var random = new Random(seed);
        var staff = new List<StaffMember>();
        staff.AddRange(Category(cells, "AnnexII", StaffCategory.GeneralService, reference, random, womenByGrade: null));
        var table2Women = cells
            .Where(c => c.Table == "Table2" && c.Row == "Women" && c.Number is not null)
            .ToDictionary(c => Grades.Parse(c.Column)?.Code ?? throw Unreadable(c, "not a grade"), c => (int)c.Number!.Value, StringComparer.Ordinal);
        staff.AddRange(Category(cells, "AnnexIII", StaffCategory.Professional, reference, random, table2Women));
        Shuffle(staff, random);
        var width = staff.Count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        return [.. staff.Select((s, i) => s with { StaffId = $"{IdPrefix}{year}-{(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0')}" })];
    }

    private sealed record CountryRow(string Iso3, Dictionary<string, int> Grades, int Women);

    private static List<StaffMember> Category(IReadOnlyCollection<PublishedCell> cells, string table, StaffCategory category,
        ReferenceData reference, Random random, IReadOnlyDictionary<string, int>? womenByGrade)
    {
        var rows = new List<CountryRow>();
        foreach (var row in cells.Where(c => c.Table == table && c.Row != "Total").GroupBy(c => (c.Section, c.Row, c.Line)))
        {
            var first = row.First();
            var country = reference.Resolve(row.Key.Row) ?? throw Unreadable(first, $"'{row.Key.Row}' is not a country the reference data knows");
            var grades = new Dictionary<string, int>(StringComparer.Ordinal);
            int? total = null, women = null, men = null;
            foreach (var cell in row)
            {
                var n = (int)(cell.Number ?? throw Unreadable(cell, $"'{cell.Value}' is not a count"));
                switch (cell.Column)
                {
                    case "Total": total = n; break;
                    case "F": women = n; break;
                    case "M": men = n; break;
                    default: grades[(Grades.Parse(cell.Column) ?? throw Unreadable(cell, $"'{cell.Column}' is not a grade")).Code] = n; break;
                }
            }
            var sum = grades.Values.Sum();
            total ??= sum;
            if ((women ?? 0) + (men ?? 0) != total) throw Unreadable(first, $"F + M = {(women ?? 0) + (men ?? 0)} but Total = {total}");
            if (sum > total) throw Unreadable(first, $"the grades add up to {sum}, more than the Total {total}");
            if (sum < total) grades[Grades.Ungraded.Code] = grades.GetValueOrDefault(Grades.Ungraded.Code) + (total.Value - sum);
            rows.Add(new(country.Iso3, grades, women ?? 0));
        }

        var womenPlan = womenByGrade is null ? null : PlanWomen(rows, womenByGrade);
        var staff = new List<StaffMember>();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var people = row.Grades.OrderBy(g => g.Key, StringComparer.Ordinal)
                .SelectMany(g => Enumerable.Repeat(Grades.Parse(g.Key)!, g.Value)).ToList();
            var sexes = new List<Sex>();
            if (womenPlan is null)
            {
                sexes.AddRange(Enumerable.Repeat(Sex.Female, row.Women).Concat(Enumerable.Repeat(Sex.Male, people.Count - row.Women)));
                Shuffle(sexes, random);
            }
            else
            {
                // Women first within each grade as planned, men for the rest of that grade.
                var planned = people.GroupBy(g => g.Code).SelectMany(g =>
                    Enumerable.Repeat(Sex.Female, womenPlan[r].GetValueOrDefault(g.Key))
                        .Concat(Enumerable.Repeat(Sex.Male, g.Count() - womenPlan[r].GetValueOrDefault(g.Key))));
                sexes.AddRange(planned);
            }
            for (var i = 0; i < people.Count; i++)
            {
                var duty = category == StaffCategory.GeneralService && !reference[row.Iso3].IsPseudo ? row.Iso3 : null;
                staff.Add(new StaffMember("", row.Iso3, people[i], category, sexes[i], duty));
            }
        }
        return staff;
    }

    /// <summary>
    /// Chooses how many women each country has in each grade so that country totals hold exactly and grade totals
    /// meet <paramref name="womenByGrade"/> as far as the rows allow: a maximum flow from countries to grades.
    /// </summary>
    private static List<Dictionary<string, int>> PlanWomen(List<CountryRow> rows, IReadOnlyDictionary<string, int> womenByGrade)
    {
        var grades = rows.SelectMany(r => r.Grades.Keys).Concat(womenByGrade.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        int source = 0, firstRow = 1, firstGrade = 1 + rows.Count, sink = firstGrade + grades.Count;
        var flow = new MaxFlow(sink + 1);
        for (var r = 0; r < rows.Count; r++)
        {
            flow.AddEdge(source, firstRow + r, rows[r].Women);
            for (var g = 0; g < grades.Count; g++)
            {
                flow.AddEdge(firstRow + r, firstGrade + g, rows[r].Grades.GetValueOrDefault(grades[g]));
            }
        }
        for (var g = 0; g < grades.Count; g++) flow.AddEdge(firstGrade + g, sink, womenByGrade.GetValueOrDefault(grades[g]));
        flow.Run(source, sink);

        var plan = new List<Dictionary<string, int>>();
        for (var r = 0; r < rows.Count; r++)
        {
            var women = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var g = 0; g < grades.Count; g++) women[grades[g]] = flow.Flow(firstRow + r, firstGrade + g);
            // Where the grade targets cannot all be met, the country's remaining women fill its remaining places.
            var missing = rows[r].Women - women.Values.Sum();
            foreach (var grade in grades)
            {
                var room = rows[r].Grades.GetValueOrDefault(grade) - women[grade];
                var take = Math.Min(room, missing);
                women[grade] += take;
                missing -= take;
            }
            plan.Add(women);
        }
        return plan;
    }

    private static void Shuffle<T>(List<T> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static AlmanacException Unreadable(PublishedCell cell, string problem) =>
        new($"Published figures, {cell.Table} line {cell.Line} ('{cell.Row}'): {problem}.");
}
