namespace Almanac.Domain.Reference;

/// <summary>How a country stands towards the organization in a given year.</summary>
public enum MembershipStatus
{
    NonMember,
    Observer,
    Member,
}

/// <summary>A period during which a country held a status; <paramref name="Until"/> null means still.</summary>
public sealed record MembershipPeriod(string Iso3, MembershipStatus Status, int Since, int? Until)
{
    public bool Covers(int year) => year >= Since && (Until is null || year <= Until);
}
