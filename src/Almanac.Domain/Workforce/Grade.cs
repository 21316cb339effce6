using System.Collections.Frozen;

namespace Almanac.Domain.Workforce;

/// <summary>A staff grade; <see cref="Category"/> is null for ungraded positions, whose category the staff list must give.</summary>
public sealed record Grade(string Code, StaffCategory? Category, string Label)
{
    public bool IsUngraded => Category is null;
    public override string ToString() => Code;
}

/// <summary>The grade scale of the organization, in the order the annexes print it.</summary>
public static class Grades
{
    public static readonly Grade Ungraded = new("UG", null, "Ungraded");

    /// <summary>General Service and National Officer grades in annex order (Annex II), then ungraded.</summary>
    public static readonly IReadOnlyList<Grade> GeneralService =
    [
        Gs("G-1"), Gs("G-1A"), Gs("G-1B"), Gs("G-2"), Gs("G-3"), Gs("G-4"), Gs("G-5"), Gs("G-6"), Gs("G-7"), Gs("G-8"),
        Gs("NO-A"), Gs("NO-B"), Gs("NO-C"), Gs("NO-D"),
    ];

    /// <summary>Professional and higher grades from the top down, as Annex III prints them.</summary>
    public static readonly IReadOnlyList<Grade> Professional =
    [
        Ph("E-1", "Director General"), Ph("E-2", "Deputy Director General"), Ph("D-2"), Ph("D-1"),
        Ph("P-5"), Ph("P-4"), Ph("P-3"), Ph("P-2"), Ph("P-1"),
    ];

    /// <summary>The grades counted in "P-5 and higher" (Table 3).</summary>
    public static readonly FrozenSet<string> P5AndHigher = FrozenSet.Create(StringComparer.Ordinal, "P-5", "D-1", "D-2", "E-2", "E-1");

    public static readonly IReadOnlyList<Grade> All = [.. GeneralService, .. Professional, Ungraded];

    private static readonly FrozenDictionary<string, Grade> ByKey = BuildKeys();

    /// <summary>Parses "G-4", "g4", "NOA", "NO-A", "P-3", "UG", "Ungraded"; null when unknown.</summary>
    public static Grade? Parse(string text)
    {
        var key = new string([.. text.Where(char.IsLetterOrDigit)]).ToUpperInvariant();
        return ByKey.GetValueOrDefault(key);
    }

    private static FrozenDictionary<string, Grade> BuildKeys()
    {
        var keys = All.ToDictionary(g => g.Code.Replace("-", "", StringComparison.Ordinal), g => g, StringComparer.Ordinal);
        keys["UNGRADED"] = Ungraded;
        keys["UNGRADEDPOSITIONS"] = Ungraded;
        return keys.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static Grade Gs(string code) => new(code, StaffCategory.GeneralService, code);
    private static Grade Ph(string code, string? label = null) => new(code, StaffCategory.Professional, label ?? code);
}
