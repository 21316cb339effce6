namespace Almanac.Domain.Observations;

/// <summary>The measures the workforce statistics use.</summary>
public static class Measures
{
    /// <summary>Number of staff members at the end of the year.</summary>
    public const string StaffHeadcount = "staff.headcount";

    /// <summary>Percentage of women as printed (rounded to a whole per cent); kept only where a report prints no counts.</summary>
    public const string WomenPercent = "staff.women.percent";

    /// <summary>Percentage of men as printed (a whole per cent): stated by the text, held against the counts the tables print.</summary>
    public const string MenPercent = "staff.men.percent";

    /// <summary>Percentage of the staff (of the key without its category) in the key's category, as printed.</summary>
    public const string CategoryPercent = "staff.category.percent";

    /// <summary>Percentage of the Member States that have nationals among the Professional and higher staff, as printed.</summary>
    public const string MemberStatesRepresentedPercent = "staff.member-states.represented.percent";

    /// <summary>Number of nationalities represented among Professional and higher staff.</summary>
    public const string NationalitiesRepresented = "staff.nationalities.represented";

    /// <summary>Number of Member States of the organization.</summary>
    public const string MemberStates = "organization.member-states";

    /// <summary>
    /// Headcount by nationality as a report's annex prints it: by grade without sex, or the nationality's total by sex.
    /// Kept apart from <see cref="StaffHeadcount"/>, whose nationality breakdowns come from staff lists at the finest grain.
    /// </summary>
    public const string StaffAnnexHeadcount = "staff.annex.headcount";
}

/// <summary>Names and well-known members of the dimensions observations are broken down by.</summary>
public static class Dimensions
{
    public const string Category = "category";
    public const string Grade = "grade";
    public const string Sex = "sex";
    public const string Nationality = "nationality";
    public const string Membership = "membership";

    /// <summary>Member of <see cref="Grade"/> standing for the P-5 and higher group as a whole (Table 3).</summary>
    public const string GradeP5AndHigher = "P-5+";
    public const string MembershipMember = "member";
    public const string MembershipNonMember = "non-member";
}
