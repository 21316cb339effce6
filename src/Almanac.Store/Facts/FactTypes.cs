namespace Almanac.Store.Facts;

/// <summary>
/// What the fact store holds: the measures with their dimension slots, and the member dictionary with hierarchy parents.
/// Facts are integer codes (measure id, year, office code, one member code per dimension slot, 0 for a declared total);
/// this catalog turns names into codes before a query and codes into names after it.
/// </summary>
public sealed record FactCatalog(IReadOnlyList<MeasureInfo> Measures, IReadOnlyDictionary<string, IReadOnlyList<MemberInfo>> Members)
{
    public static readonly FactCatalog Empty = new([], new Dictionary<string, IReadOnlyList<MemberInfo>>());

    public MeasureInfo? Measure(string name) => Measures.FirstOrDefault(m => m.Name == name);

    public IReadOnlyList<MemberInfo> MembersOf(string dimension) => Members.GetValueOrDefault(dimension) ?? [];
}

/// <summary>A measure of the fact table.</summary>
/// <param name="Dimensions">The dimension in each slot d1, d2, … (slot 1 first), as the file that created it named them.</param>
/// <param name="Used">The dimensions some observation breaks the measure down by: the finest grain is where all of them are given.</param>
/// <param name="UsesOffice">Whether some observation names an office.</param>
/// <param name="Totals">The columns ("office" and dimensions) some observation leaves empty: the declared totals a rule can hold against their parts.</param>
public sealed record MeasureInfo(int Id, string Name, string Scope, IReadOnlyList<string> Dimensions, IReadOnlyList<string> Used, bool UsesOffice, IReadOnlyList<string> Totals)
{
    /// <summary>The 1-based slot of a dimension, or null when the measure has no such dimension.</summary>
    public int? SlotOf(string dimension)
    {
        for (var i = 0; i < Dimensions.Count; i++)
        {
            if (Dimensions[i] == dimension) return i + 1;
        }
        return null;
    }
}

/// <summary>A member of a dimension: its code in the fact table (never 0, which stands for a total), name and parent member.</summary>
public sealed record MemberInfo(int Code, string Name, string? Parent);

/// <summary>A column of the fact table.</summary>
public enum FactColumn
{
    Measure,
    Year,
    Office,
    D1,
    D2,
    D3,
    D4,
    D5,
    D6,
    /// <summary>The import a fact came from: grouped by, it keeps each figure's source apart (the publish step's trace names it).</summary>
    Source,
}

/// <summary>A condition on one column: its value among <paramref name="Codes"/>; or, with <paramref name="Codes"/> null, a total (0) or not a total.</summary>
public sealed record FactCondition(FactColumn Column, IReadOnlyList<int>? Codes, bool Total = false)
{
    public static FactCondition In(FactColumn column, IReadOnlyList<int> codes) => new(column, codes);

    public static FactCondition IsTotal(FactColumn column) => new(column, null, Total: true);

    public static FactCondition NotTotal(FactColumn column) => new(column, null, Total: false);
}

/// <summary>One sum of an aggregation: SUM(value) over the rows that meet every condition (all rows when there is none).</summary>
public sealed record FactSum(IReadOnlyList<FactCondition> Filter);

/// <summary>
/// Sums of the current facts of some measures, grouped by columns: what a pivot query compiles to.
/// One scan answers every sum (SUM … FILTER (WHERE …)).
/// </summary>
/// <param name="MeasureIds">The measures scanned.</param>
/// <param name="Years">The years scanned; empty for all.</param>
/// <param name="Where">Conditions every row meets.</param>
public sealed record FactAggregation(IReadOnlyList<int> MeasureIds, IReadOnlyList<int> Years, IReadOnlyList<FactColumn> GroupBy, IReadOnlyList<FactCondition> Where, IReadOnlyList<FactSum> Sums);

/// <summary>One group of an aggregation: its codes (aligned with <see cref="FactAggregation.GroupBy"/>) and sums (null where no row met the sum's filter).</summary>
public sealed record FactRow(int[] Keys, decimal?[] Sums);

/// <summary>Column names and SQL text of the fact table.</summary>
public static class FactColumns
{
    /// <summary>How many dimension slots the fact table has (office and year are columns of their own).</summary>
    public const int Slots = 6;

    public static FactColumn Slot(int slot) => slot is >= 1 and <= Slots
        ? FactColumn.D1 + (slot - 1)
        : throw new ArgumentOutOfRangeException(nameof(slot), slot, $"slots are 1…{Slots}");

    public static string Sql(FactColumn column) => column switch
    {
        FactColumn.Measure => "measure_id",
        FactColumn.Year => "year",
        FactColumn.Office => "office",
        FactColumn.Source => "source_id",
        _ => "d" + (column - FactColumn.D1 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
