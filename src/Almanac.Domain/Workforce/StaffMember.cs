namespace Almanac.Domain.Workforce;

/// <summary>One row of a staff list: a pseudonymous staff member at the end of the reporting year.</summary>
/// <param name="StaffId">Pseudonymous identifier, unique within one staff list.</param>
/// <param name="Nationality">ISO alpha-3 code of the nationality (or XXA/XXX).</param>
/// <param name="DutyStation">ISO alpha-3 code of the duty-station country, when the list gives it.</param>
public sealed record StaffMember(string StaffId, string Nationality, Grade Grade, StaffCategory Category, Sex Sex, string? DutyStation);
