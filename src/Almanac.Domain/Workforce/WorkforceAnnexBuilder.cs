using System.Globalization;
using System.Text;
using Almanac.Domain.Observations;
using Almanac.Domain.Reference;
using Almanac.Domain.Tables;

namespace Almanac.Domain.Workforce;

/// <summary>Builds the staff statistics of an annual report (Annex I Tables 1–4, Annexes II–IV) for a report year.</summary>
/// <param name="BaselineYear">The early year Table 4 sets beside the last five (the reports use 2005).</param>
public sealed record WorkforceAnnexOptions(int BaselineYear = 2005, int Span = 5);

/// <summary>Lays out the workforce annexes as the reports lay them out, and notes where printed figures do not add up.</summary>
public sealed class WorkforceAnnexBuilder(WorkforceFigures figures, ReferenceData reference, WorkforceAnnexOptions? options = null)
{
    private static readonly string[] Table2Grades = ["UG", "P-1", "P-2", "P-3", "P-4", "P-5", "D-1", "D-2", "E-2", "E-1"];
    private readonly WorkforceAnnexOptions _options = options ?? new WorkforceAnnexOptions();

    public IReadOnlyList<StatTable> Build(int year)
    {
        if (!figures.HasRecords(year) && figures.Headcount(year, StaffCategory.Professional) is null)
        {
            throw new AlmanacException($"The store holds no staff figures for {year}: import a staff list with 'almanac import staff FILE --year {year}'.");
        }
        return [Table1(year), Table2(year), Table3(year), Table4(year), ByNationality(year, StaffCategory.GeneralService), ByNationality(year, StaffCategory.Professional), Annex4(year)];
    }

    private int[] Years(int year) => [.. Enumerable.Range(year - _options.Span + 1, _options.Span)];

    private StatTable Table1(int year) => MenAndWomen(
        "table-1", $"Table 1. Number of men and women in the Professional and higher categories ({Span(year)})", year, grade: null, withChange: false);

    private StatTable Table3(int year) => MenAndWomen(
        "table-3", $"Table 3. Number of men and women in the P-5 and higher categories ({Span(year)})", year, Dimensions.GradeP5AndHigher, withChange: true);

    private StatTable MenAndWomen(string id, string title, int year, string? grade, bool withChange)
    {
        var years = Years(year);
        var findings = new List<Finding>();
        var men = years.Select(y => figures.Headcount(y, StaffCategory.Professional, grade, Sex.Male)).ToArray();
        var women = years.Select(y => figures.Headcount(y, StaffCategory.Professional, grade, Sex.Female)).ToArray();
        var total = years.Select(y => figures.Headcount(y, StaffCategory.Professional, grade)).ToArray();
        var percent = years.Select(y => figures.WomenPercent(y, StaffCategory.Professional, grade)).ToArray();
        for (var i = 0; i < years.Length; i++)
        {
            CheckSum(findings, title, years[i], Measures.StaffHeadcount, WorkforceFigures.Key(StaffCategory.Professional, grade, null), men[i], women[i], "Men + Women");
            CheckPercent(findings, title, years[i], WorkforceFigures.Key(StaffCategory.Professional, grade, null), percent[i]);
        }
        var rows = new List<StatRow>
        {
            new("Men", null, RowRole.Data, [.. men.Select(Cell.Count)]),
            new("Women", null, RowRole.Data, [.. women.Select(Cell.Count)]),
            new("Total", null, RowRole.Total, [.. total.Select(Cell.Count)]),
            new("Percentage of women", null, RowRole.Derived, [.. percent.Select(Cell.Percent)]),
        };
        if (withChange)
        {
            var change = years.Select((y, i) => Difference(percent[i], figures.WomenPercent(y - 1, StaffCategory.Professional, grade)));
            rows.Add(new("Change in percentage of women (percentage points)", null, RowRole.Derived, [.. change.Select(Cell.Change)]));
        }
        return new(id, title, "", [.. years.Select(Text)], rows, [], findings);
    }

    private StatTable Table2(int year)
    {
        var first = year - 2;
        var title = $"Table 2. Increase/decrease in the number of women in the Professional and higher categories between {first} and {year}, by grade";
        var columns = Table2Grades.Select(g => g == "UG" ? "Ungraded" : g).ToArray();
        StatRow Counts(string label, RowRole role, Sex? sex) =>
            new(label, null, role, [.. Table2Grades.Select(g => Cell.Count(NullIfZero(figures.Headcount(year, StaffCategory.Professional, g, sex))))]);
        StatRow Percents(int y) =>
            new($"Percentage of women in {y}", null, RowRole.Derived, [.. Table2Grades.Select(g => Cell.Percent(figures.WomenPercent(y, StaffCategory.Professional, g)))]);
        var rows = new List<StatRow>
        {
            Counts("Men", RowRole.Data, Sex.Male),
            Counts("Women", RowRole.Data, Sex.Female),
            Counts($"Total in {year}", RowRole.Total, null),
        };
        rows.AddRange(Enumerable.Range(first, 3).Select(Percents));
        rows.Add(new($"Change in percentage of women between {first} and {year} (percentage points)", null, RowRole.Derived,
            [.. Table2Grades.Select(g => Cell.Change(Difference(
                figures.WomenPercent(year, StaffCategory.Professional, g), figures.WomenPercent(first, StaffCategory.Professional, g))))]));
        return new("table-2", title, year.ToString(CultureInfo.InvariantCulture), columns, rows, [], []);
    }

    private StatTable Table4(int year)
    {
        int[] years = [_options.BaselineYear, .. Years(year)];
        var title = $"Table 4. Increase/decrease in the number of international and national staff in {year} and previous years";
        var findings = new List<Finding>();
        var professional = years.Select(y => figures.Headcount(y, StaffCategory.Professional)).ToArray();
        var general = years.Select(y => figures.Headcount(y, StaffCategory.GeneralService)).ToArray();
        var total = years.Select(y => figures.Headcount(y)).ToArray();
        for (var i = 0; i < years.Length; i++)
        {
            CheckSum(findings, title, years[i], Measures.StaffHeadcount, DimensionKey.Empty, professional[i], general[i], "Professional + General Service");
        }
        var rows = new List<StatRow>
        {
            new(StaffCategory.Professional.Label(), null, RowRole.Data, [.. professional.Select(Cell.Count)]),
            new(StaffCategory.GeneralService.Label(), null, RowRole.Data, [.. general.Select(Cell.Count)]),
            new("Total", null, RowRole.Total, [.. total.Select(Cell.Count)]),
            new("Percentage of staff in Professional and higher categories", null, RowRole.Derived,
                [.. professional.Select((p, i) => Cell.Percent(WorkforceFigures.Percent(p, total[i])))]),
        };
        return new("table-4", title, "Category", [.. years.Select(Text)], rows, [], findings);
    }

    private StatTable ByNationality(int year, StaffCategory category)
    {
        var professional = category == StaffCategory.Professional;
        var (id, title) = professional
            ? ("annex-iii", "Annex III. International Professional and higher category staff by nationality, grade and sex")
            : ("annex-ii", "Annex II. General Service staff and National Officers worldwide by nationality, grade and sex");
        if (!figures.HasRecords(year))
        {
            throw new AlmanacException($"{title}: the store holds only printed totals for {year}; the annex needs a staff list.");
        }
        var counts = figures.ByNationality(year, category);
        var present = counts.Keys.Select(k => k.Grade).ToHashSet(StringComparer.Ordinal);
        var grades = (professional ? Grades.Professional : Grades.GeneralService)
            .Where(g => g.Code is not ("G-1A" or "G-1B") || present.Contains(g.Code))
            .Select(g => g.Code)
            .Append(Grades.Ungraded.Code)
            .ToArray();

        decimal Count(string iso3, string? grade, Sex? sex) =>
            counts.Where(kv => kv.Key.Nationality == iso3 && (grade is null || kv.Key.Grade == grade) && (sex is null || kv.Key.Sex == sex)).Sum(kv => kv.Value);

        StatRow CountryRow(string label, string? iso3, IReadOnlyCollection<string> nationalities) =>
            new(label, iso3, RowRole.Data, Cells(g => nationalities.Sum(n => Count(n, g, null)), s => nationalities.Sum(n => Count(n, null, s))));

        IReadOnlyList<Cell> Cells(Func<string?, decimal> byGrade, Func<Sex?, decimal> bySex) =>
            [.. grades.Select(g => Cell.Count(NullIfZero(byGrade(g)))), Cell.Count(byGrade(null)), Cell.Count(NullIfZero(bySex(Sex.Female))), Cell.Count(NullIfZero(bySex(Sex.Male)))];

        StatRow TotalRow(IReadOnlyList<StatRow> rows) => new("Total", null, RowRole.Total,
            [.. Enumerable.Range(0, grades.Length + 3).Select(i => Cell.Count(rows.Sum(r => r.Cells[i].Value ?? 0)))]);

        var withStaff = counts.Where(kv => kv.Value > 0).Select(kv => kv.Key.Nationality).ToHashSet(StringComparer.Ordinal);
        var members = reference.Countries
            .Where(c => reference.StatusIn(c.Iso3, year) == MembershipStatus.Member)
            .OrderBy(c => SortKey(c.Name), StringComparer.Ordinal)
            .Select(c => CountryRow(c.Name, c.Iso3, [c.Iso3]))
            .ToList();
        var others = reference.Countries
            .Where(c => !c.IsPseudo && reference.StatusIn(c.Iso3, year) != MembershipStatus.Member
                && (reference.StatusIn(c.Iso3, year) == MembershipStatus.Observer || withStaff.Contains(c.Iso3)))
            .OrderBy(c => SortKey(c.Name), StringComparer.Ordinal)
            .Select(c => CountryRow(c.Name, c.Iso3, [c.Iso3]))
            .ToList();
        var unknown = withStaff.Where(n => !reference.Countries.Any(c => c.Iso3 == n)).ToList();
        if (unknown.Count > 0)
        {
            throw new AlmanacException($"{title}: the store holds staff of nationalities the reference data does not know: {string.Join(", ", unknown)}.");
        }
        var pseudo = reference.Countries.Where(c => c.IsPseudo).Select(c => c.Iso3).ToArray();
        others.Add(CountryRow("Other", null, pseudo));

        var rows = new List<StatRow> { new("Country of nationality: Member States", null, RowRole.SectionHeading, []) };
        rows.AddRange(members);
        rows.Add(TotalRow(members));
        rows.Add(new("Country of nationality: observer States, non-member States and other", null, RowRole.SectionHeading, []));
        rows.AddRange(others);
        rows.Add(TotalRow(others));
        string[] columns = [.. grades, "Total", "F", "M"];
        var notes = professional
            ? new[] { "E-1: Director General; E-2: Deputy Director General; UG: Ungraded positions." }
            : ["G: General Service; NO: National Officer; UG: Ungraded positions."];
        return new(id, title, "Country of nationality", columns, rows, notes, []);
    }

    private StatTable Annex4(int year)
    {
        var years = Years(year);
        var title = "Annex IV. Number of Member State and non-member State nationalities represented among staff in the international Professional and higher categories";
        var member = years.Select(y => figures.NationalitiesRepresented(y, MembershipStatus.Member)).ToArray();
        var nonMember = years.Select(y => figures.NationalitiesRepresented(y, MembershipStatus.NonMember)).ToArray();
        var total = years.Select((y, i) => figures.HasRecords(y)
            ? member[i] + nonMember[i]
            : figures.NationalitiesRepresented(y, null) ?? member[i] + nonMember[i]).ToArray();
        var states = years.Select(figures.MemberStates).ToArray();
        var findings = new List<Finding>();
        for (var i = 0; i < years.Length; i++)
        {
            CheckSum(findings, title, years[i], Measures.NationalitiesRepresented, DimensionKey.Empty, member[i], nonMember[i], "Member + non-member nationalities");
            var printedStates = figures.PrintedAll(Measures.MemberStates, years[i], DimensionKey.Empty);
            foreach (var printed in printedStates.Where(p => p.Value != states[i]))
            {
                findings.Add(new(title, "same-fact-agrees", $"{years[i]}: {Text(printed.Value)} Member States printed, the membership history counts {Text(states[i])}.",
                    printed.Value, states[i], printed.Provenance.ToString()));
            }
        }
        var rows = new List<StatRow>
        {
            new("Number of Member State nationalities", null, RowRole.Data, [.. member.Select(Cell.Count)]),
            new("Number of non-member State nationalities", null, RowRole.Data, [.. nonMember.Select(Cell.Count)]),
            new("Total nationalities represented", null, RowRole.Total, [.. total.Select(Cell.Count)]),
            new("Number of Member States", null, RowRole.Data, [.. states.Select(Cell.Count)]),
            new("Percentage of Member States represented", null, RowRole.Derived, [.. member.Select((m, i) => Cell.Percent(WorkforceFigures.Percent(m, states[i])))]),
        };
        return new("annex-iv", title, "", [.. years.Select(Text)], rows, [], findings);
    }

    /// <summary>Where a year's total is printed, it must equal the sum of its printed or counted parts.</summary>
    private void CheckSum(List<Finding> findings, string table, int year, string measure, DimensionKey totalKey, decimal? a, decimal? b, string parts)
    {
        if (a is null || b is null) return;
        foreach (var printed in figures.PrintedAll(measure, year, totalKey).Where(p => p.Value != a + b))
        {
            findings.Add(new(table, "parts-sum-to-total",
                $"{year}: {parts} = {Text(a + b)}, but {Text(printed.Value)} is printed as the total.", printed.Value, a + b, printed.Provenance.ToString()));
        }
    }

    private void CheckPercent(List<Finding> findings, string table, int year, DimensionKey key, decimal? computed)
    {
        if (computed is null) return;
        foreach (var printed in figures.PrintedAll(Measures.WomenPercent, year, key).Where(p => p.Value != computed))
        {
            findings.Add(new(table, "percentage-matches-ratio",
                $"{year}: {Text(printed.Value)}% of women is printed, the counts give {Text(computed)}%.", printed.Value, computed, printed.Provenance.ToString()));
        }
    }

    private static decimal? Difference(decimal? to, decimal? from) => to is null || from is null ? null : to - from;

    private static decimal? NullIfZero(decimal? value) => value == 0 ? null : value;

    private static string Span(int year) => $"{year - 4}\u2013{year}";

    private static string Text(int year) => year.ToString(CultureInfo.InvariantCulture);

    private static string Text(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "none";

    /// <summary>Sorts "Türkiye" between "Tunisia" and "Turkmenistan" and "Côte d'Ivoire" after "Costa Rica", as print does.</summary>
    public static string SortKey(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed.Where(ch => CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark))
        {
            builder.Append(char.ToLowerInvariant(ch));
        }
        return builder.ToString();
    }
}