namespace Almanac.Ingest.Reports.Staff;

/// <summary>The ids of the staff statistics tables; stable across reports whatever their annex numbers.</summary>
public static class StaffTableIds
{
    /// <summary>Men, women, total and percentage of women in the Professional and higher categories, by year.</summary>
    public const string Table1 = "staff-table-1";

    /// <summary>Professional and higher staff by grade: men, women, total, percentage of women over three years, change.</summary>
    public const string Table2 = "staff-table-2";

    /// <summary>P-5 and higher by year, with the change in the percentage of women.</summary>
    public const string Table3 = "staff-table-3";

    /// <summary>Professional against General Service and National Officer staff by year, total and percentage.</summary>
    public const string Table4 = "staff-table-4";

    /// <summary>General Service and National Officer staff by nationality, grade and sex.</summary>
    public const string GeneralServiceAnnex = "staff-annex-general-service";

    /// <summary>Professional and higher staff by nationality, grade and sex.</summary>
    public const string ProfessionalAnnex = "staff-annex-professional";

    /// <summary>Member State and non-member State nationalities represented among Professional staff, by year.</summary>
    public const string NationalitiesAnnex = "staff-annex-nationalities";

    /// <summary>The ids in the order the reports print the tables.</summary>
    public static readonly IReadOnlyList<string> All = [Table1, Table2, Table3, Table4, GeneralServiceAnnex, ProfessionalAnnex, NationalitiesAnnex];
}
