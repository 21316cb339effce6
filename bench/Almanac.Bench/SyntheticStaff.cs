using System.Globalization;
using Almanac.Domain.Reference;
using Almanac.Domain.Workforce;

namespace Almanac.Bench;

/// <summary>
/// A deterministic, realistic-looking staff list of any size: nationalities drawn from the project's reference data
/// with a long-tailed (Zipf-like) spread, a grade pyramid over <see cref="Grades"/>, a share of women that falls with
/// the grade, locally recruited General Service staff serving in their own country and Professional staff at a few
/// headquarters duty stations (some rows without one, as real lists have).
/// </summary>
public static class SyntheticStaff
{
    public const int DefaultSeed = 20231123;

    /// <summary>Relative weight of each grade and the share of women in it.</summary>
    private static readonly (string Code, double Weight, double Women)[] GradeMix =
    [
        ("G-1", 0.8, 0.45), ("G-1A", 0.3, 0.45), ("G-1B", 0.3, 0.45), ("G-2", 3, 0.50), ("G-3", 8, 0.58), ("G-4", 14, 0.62),
        ("G-5", 15, 0.63), ("G-6", 11, 0.60), ("G-7", 5, 0.55), ("G-8", 1.6, 0.50),
        ("NO-A", 2.5, 0.52), ("NO-B", 2.5, 0.50), ("NO-C", 1.6, 0.47), ("NO-D", 0.8, 0.44),
        ("E-1", 0.0002, 0.0), ("E-2", 0.002, 0.40), ("D-2", 0.35, 0.35), ("D-1", 1.1, 0.38),
        ("P-5", 3.8, 0.42), ("P-4", 8, 0.47), ("P-3", 11, 0.53), ("P-2", 6.5, 0.58), ("P-1", 0.9, 0.60),
        ("UG", 0.5, 0.50),
    ];

    /// <summary>Where Professional staff serve, with weights; the remainder of the rows give no duty station.</summary>
    private static readonly (string Iso3, double Weight)[] Headquarters =
        [("CHE", 40), ("USA", 14), ("AUT", 10), ("ITA", 8), ("KEN", 7), ("THA", 5), ("FRA", 4), ("DNK", 2)];

    private const double NoDutyStation = 10;

    public static IEnumerable<StaffMember> Generate(int rows, ReferenceData reference, int seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var random = new Random(seed);

        // Countries in a seeded order, weighted 1/rank^0.8 so that a few dominate and every one appears; the
        // pseudo-nationalities (stateless, unspecified) are rare.
        var real = reference.Countries.Where(c => !c.IsPseudo).ToList();
        for (var i = real.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (real[i], real[j]) = (real[j], real[i]);
        }
        var nationalities = new Table<Country>(
            [.. real.Select((c, rank) => (c, 1.0 / Math.Pow(rank + 1, 0.8))),
             .. reference.Countries.Where(c => c.IsPseudo).Select(c => (c, 0.002))]);
        var grades = new Table<(Grade Grade, double Women)>(
            [.. GradeMix.Select(g => ((Grades.Parse(g.Code) ?? throw new InvalidOperationException($"no grade {g.Code}"), g.Women), g.Weight))]);
        var duty = new Table<string?>([.. Headquarters.Select(h => ((string?)reference[h.Iso3].Iso3, h.Weight)), (null, NoDutyStation)]);

        var width = Math.Max(7, rows.ToString(CultureInfo.InvariantCulture).Length);
        for (var i = 1; i <= rows; i++)
        {
            var nationality = nationalities.Draw(random);
            var (grade, women) = grades.Draw(random);
            var category = grade.Category ?? (random.NextDouble() < 0.6 ? StaffCategory.GeneralService : StaffCategory.Professional);
            var sex = random.NextDouble() < women ? Sex.Female : Sex.Male;
            var station = category == StaffCategory.GeneralService && !nationality.IsPseudo ? nationality.Iso3 : duty.Draw(random);
            var id = string.Create(CultureInfo.InvariantCulture, $"{SyntheticStaffList.IdPrefix}2023-{i.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')}");
            yield return new StaffMember(id, nationality.Iso3, grade, category, sex, station);
        }
    }

    /// <summary>A weighted draw by binary search over cumulative weights.</summary>
    private sealed class Table<T>
    {
        private readonly T[] _items;
        private readonly double[] _cumulative;

        public Table(IReadOnlyList<(T Item, double Weight)> entries)
        {
            _items = [.. entries.Select(e => e.Item)];
            _cumulative = new double[entries.Count];
            double total = 0;
            for (var i = 0; i < entries.Count; i++) _cumulative[i] = total += entries[i].Weight;
        }

        public T Draw(Random random)
        {
            var x = random.NextDouble() * _cumulative[^1];
            var i = Array.BinarySearch(_cumulative, x);
            if (i < 0) i = ~i;
            return _items[Math.Min(i, _items.Length - 1)];
        }
    }
}
