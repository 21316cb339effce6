using System.Diagnostics;
using System.Globalization;
using Almanac.Domain.Reference;
using Almanac.Domain.Workforce;
using DuckDB.NET.Data;

namespace Almanac.Bench;

/// <summary>
/// The synthetic data set of the analytics benchmark: 50 measures × 20 years × 200 offices, each (measure, year,
/// office) block holding its share of the N detail observations spread over sex × grade × nationality, plus declared
/// total rows (empty dimension cells) for the first ten measures, a known few of which do not add up.
/// </summary>
/// <remarks>
/// Everything is a pure function of the row number, so the file is the same on every machine and DuckDB can write it
/// with one <c>COPY (SELECT … FROM range(N)) TO …</c>: 100 million rows in about a minute instead of an hour of C#.
/// Row i falls in block <c>i % 200 000</c> as its <c>i / 200 000</c>-th cell; a block's cells are
/// <c>(j × 7919 + block × 104729) mod 11 500</c>, distinct for j &lt; 11 500 because 7919 is prime to 11 500 =
/// 2 sex × 23 grades × 250 nationalities, so no (measure, year, office, sex, grade, nationality) repeats.
/// </remarks>
public sealed class AnalyticsDataset
{
    public const int MeasureCount = 50;
    public const int FirstYear = 2004;
    public const int YearCount = 20;
    public const int LastYear = FirstYear + YearCount - 1;
    public const int OfficeCount = 200;
    public const int RegionCount = 9;

    /// <summary>Measures 1–10 carry declared totals (and so the hierarchy rules); the pivots use the others.</summary>
    public const int MeasuresWithTotals = 10;

    /// <summary>Measures 41–50 are amounts with two decimals; the others are counts.</summary>
    public const int FirstAmountMeasure = 41;

    private const int Blocks = MeasureCount * YearCount * OfficeCount;
    private const int CellsPerBlock = 2 * 23 * 250;

    /// <summary>The regions offices report to (the organization's regional offices).</summary>
    public static readonly IReadOnlyList<string> Regions =
    [
        "Asia and the Pacific", "Central and North America and the Caribbean", "Central and West Africa",
        "East and Horn of Africa", "European Economic Area", "Middle East and North Africa", "South America",
        "South-Eastern Europe, Eastern Europe and Central Asia", "Southern Africa",
    ];

    public AnalyticsDataset(ReferenceData reference)
    {
        Nationalities = [.. reference.Countries.Where(c => c.Iso2 is not null).Select(c => c.Iso3).Order(StringComparer.Ordinal)];
        if (Nationalities.Count != 250) throw new InvalidOperationException($"the benchmark expects 250 countries in the reference data, found {Nationalities.Count}");
        Grades = [.. Domain.Workforce.Grades.All.Where(g => !g.IsUngraded)];
        if (Grades.Count != 23) throw new InvalidOperationException($"the benchmark expects 23 graded grades, found {Grades.Count}");
        // Country → region: a fixed, even spread (the reference data holds no regions).
        CountryRegion = Nationalities.Select((iso3, i) => (iso3, Regions[i * 7 % RegionCount])).ToDictionary(p => p.iso3, p => p.Item2, StringComparer.Ordinal);
        // Office → country: 200 of the 250 countries, in a fixed scattered order.
        Offices = [.. Enumerable.Range(0, OfficeCount).Select(i => new Office(OfficeCode(i), Nationalities[i * 37 % 250]))];
    }

    /// <summary>An office with the country it is in (office → country → region is the benchmark's geographic hierarchy).</summary>
    public sealed record Office(string Code, string Country);

    /// <summary>ISO3 codes of the 250 countries and territories of data/reference/countries.csv with an alpha-2 code (not stateless or "Other"), ordered.</summary>
    public IReadOnlyList<string> Nationalities { get; }

    /// <summary>The 23 graded grades of <see cref="Domain.Workforce.Grades"/> (ungraded staff have no category).</summary>
    public IReadOnlyList<Grade> Grades { get; }

    public IReadOnlyList<Office> Offices { get; }

    public IReadOnlyDictionary<string, string> CountryRegion { get; }

    public static string MeasureCode(int number) => string.Create(CultureInfo.InvariantCulture, $"M{number:00}");

    public static string OfficeCode(int index) => string.Create(CultureInfo.InvariantCulture, $"OF{index + 1:000}");

    public static string CategoryCode(Grade grade) => grade.Category == StaffCategory.Professional ? "PH" : "GS";

    public string RegionOfOffice(Office office) => CountryRegion[office.Country];

    /// <summary>What the generator wrote: the file, its rows, and the declared totals that do not add up.</summary>
    public sealed record Generated(string Path, long DetailRows, long TotalRows, long BadBlockTotals, long BadGradeTotals, double Seconds)
    {
        public long Rows => DetailRows + TotalRows;
        public long BadTotals => BadBlockTotals + BadGradeTotals;
    }

    /// <summary>The SQL list literal of some codes, for DuckDB: ['a', 'b', …].</summary>
    private static string List(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(i => "'" + i.Replace("'", "''", StringComparison.Ordinal) + "'")) + "]";

    /// <summary>
    /// The detail rows as a DuckDB query over range(N). Value: a count from 1 up to a range that grows with the
    /// nationality's rank (so that a top 10 means something) and, for women, with the grade (so that % women by grade
    /// varies); amounts (measures 41–50) in cents.
    /// </summary>
    private static string DetailSql(long rows) => $"""
        SELECT measure_no, year, office_no, sex, grade_no, nat_no,
               CASE WHEN measure_no >= {FirstAmountMeasure} THEN CAST((1 + h % (rng * 100)) / 100 AS DECIMAL(18,2))
                    ELSE CAST(1 + h % rng AS DECIMAL(18,2)) END AS value
        FROM (
            SELECT *, (20 + 4000 // (1 + (nat_no * 97) % 250)) * (CASE WHEN sex = 0 THEN 6 + grade_no ELSE 28 END) // 20 AS rng
            FROM (
                SELECT 1 + blk % {MeasureCount} AS measure_no, {FirstYear} + (blk // {MeasureCount}) % {YearCount} AS year,
                       blk // {MeasureCount * YearCount} AS office_no,
                       c % 2 AS sex, (c // 2) % 23 AS grade_no, c // 46 AS nat_no,
                       (i * 2654435761 + 97) % 2147483647 AS h
                FROM (SELECT i, i % {Blocks} AS blk, ((i // {Blocks}) * 7919 + (i % {Blocks}) * 104729) % {CellsPerBlock} AS c
                      FROM range({rows}) r(i))))
        """;

    /// <summary>
    /// Writes N detail observations and the declared totals of measures 1–10 to a CSV file (the observation file
    /// contract: measure,year,office,sex,grade,nationality,value; an empty dimension is a declared total over it):
    /// per (measure, year, office) a total over everything, and per grade a total over sex and nationality. A
    /// block total is off by 1–5 when a hash of its key is 0 mod 397, a grade total when another is 0 mod 389.
    /// </summary>
    public async Task<Generated> WriteAsync(string path, long rows, string work, CancellationToken cancellationToken)
    {
        if (rows > (long)Blocks * CellsPerBlock) throw new ArgumentOutOfRangeException(nameof(rows), $"at most {(long)Blocks * CellsPerBlock:N0} distinct observations");
        var stopwatch = Stopwatch.StartNew();
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"SET temp_directory = '{Escape(Path.Combine(work, "generator.tmp"))}'", cancellationToken);
        var offices = List(Offices.Select(o => o.Code));
        var grades = List(Grades.Select(g => g.Code));
        var nationalities = List(Nationalities);
        await ExecuteAsync(connection, $"CREATE VIEW detail AS {DetailSql(rows)}", cancellationToken);
        await ExecuteAsync(connection, $"""
            CREATE TABLE block_total AS
            SELECT measure_no, year, office_no, SUM(value) AS value,
                   (measure_no * 1000003 + year * 1009 + office_no) % 397 = 0 AS bad,
                   (measure_no * 1000003 + year * 1009 + office_no) % 5 + 1 AS delta
            FROM detail WHERE measure_no <= {MeasuresWithTotals} GROUP BY ALL
            """, cancellationToken);
        await ExecuteAsync(connection, $"""
            CREATE TABLE grade_total AS
            SELECT measure_no, year, office_no, grade_no, SUM(value) AS value,
                   ((measure_no * 1000003 + year * 1009 + office_no) * 29 + grade_no) % 389 = 0 AS bad,
                   grade_no % 5 + 1 AS delta
            FROM detail WHERE measure_no <= {MeasuresWithTotals} GROUP BY ALL
            """, cancellationToken);
        var measure = $"printf('M%02d', measure_no)";
        await ExecuteAsync(connection, $"""
            COPY (
                SELECT {measure} AS measure, year, {offices}[office_no + 1] AS office,
                       CASE WHEN sex = 0 THEN 'F' ELSE 'M' END AS sex, {grades}[grade_no + 1] AS grade,
                       {nationalities}[nat_no + 1] AS nationality,
                       CASE WHEN measure_no >= {FirstAmountMeasure} THEN CAST(value AS VARCHAR) ELSE CAST(CAST(value AS BIGINT) AS VARCHAR) END AS value
                FROM detail
                UNION ALL
                SELECT {measure}, year, {offices}[office_no + 1], NULL, NULL, NULL, CAST(CAST(value AS BIGINT) + CASE WHEN bad THEN delta ELSE 0 END AS VARCHAR)
                FROM (SELECT * FROM block_total ORDER BY measure_no, year, office_no)
                UNION ALL
                SELECT {measure}, year, {offices}[office_no + 1], NULL, {grades}[grade_no + 1], NULL, CAST(CAST(value AS BIGINT) + CASE WHEN bad THEN delta ELSE 0 END AS VARCHAR)
                FROM (SELECT * FROM grade_total ORDER BY measure_no, year, office_no, grade_no)
            ) TO '{Escape(path)}' (FORMAT csv, HEADER true)
            """, cancellationToken);
        var counts = await ScalarsAsync(connection, """
            SELECT (SELECT COUNT(*) FROM block_total) + (SELECT COUNT(*) FROM grade_total),
                   (SELECT COUNT(*) FROM block_total WHERE bad), (SELECT COUNT(*) FROM grade_total WHERE bad)
            """, cancellationToken);
        stopwatch.Stop();
        return new Generated(path, rows, counts[0], counts[1], counts[2], stopwatch.Elapsed.TotalSeconds);
    }

    internal static string Escape(string text) => text.Replace("'", "''", StringComparison.Ordinal);

    private static async Task ExecuteAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long[]> ScalarsAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) throw new InvalidOperationException("no row");
        return [.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture))];
    }
}
