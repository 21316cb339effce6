using Almanac.Domain.Platform;

namespace Almanac.Store.Platform;

/// <summary>The platform's rows as the schema keeps them, read by column name (<see cref="SqlStore.RowsAsync{TRow}"/>) and turned into the domain's types.</summary>
internal sealed partial class PlatformStore
{
    private sealed class OfficeRow
    {
        public required string Code { get; init; }
        public required string Name { get; init; }
        public required string Kind { get; init; }
        public string? Region { get; init; }
        public string? Country { get; init; }

        public Office ToOffice() => new(Code, Name, OfficeKinds.Parse(Kind) ?? OfficeKind.CountryOffice, Region, Country);
    }

    private const string OfficeColumns = "code, name, kind, region, country";

    private sealed class AccountRow
    {
        public required string UserName { get; init; }
        public required string DisplayName { get; init; }
        public required string Role { get; init; }
        public string? Office { get; init; }
        public string? Region { get; init; }
        public string? PasswordHash { get; init; }
        public string? SecurityStamp { get; init; }
        public bool? Disabled { get; init; }
        public DateTime? LastSignIn { get; init; }

        public Account ToAccount() => new(UserName, DisplayName, Roles.Parse(Role) ?? Domain.Platform.Role.Reader, Office, Region);

        public StoredAccount ToStored() => new(ToAccount(), PasswordHash!, SecurityStamp ?? "", Disabled == true);
    }

    private const string AccountColumns = "user_name, display_name, role, office, region, password_hash, security_stamp, disabled";

    private sealed class SubmissionRow
    {
        public long Id { get; init; }
        public required string Office { get; init; }
        public int Year { get; init; }
        public required string State { get; init; }
        public long Version { get; init; }
        public string? Comment { get; init; }
        public DateTime UpdatedAt { get; init; }
        public required string UpdatedBy { get; init; }

        public Submission ToSubmission() => new(Id, Office, Year, Enum.Parse<SubmissionState>(State), Version, Comment, SqlStore.Utc(UpdatedAt), UpdatedBy);
    }

    private const string SubmissionColumns = "id, office, year, state, version, comment, updated_at, updated_by";

    private sealed class SessionRow
    {
        public required string Id { get; init; }
        public required string UserName { get; init; }
        public required string Stamp { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime LastSeen { get; init; }
        public DateTime ExpiresAt { get; init; }
        public DateTime? EndedAt { get; init; }

        public AccountSession ToSession() => new(Id, UserName, Stamp, SqlStore.Utc(CreatedAt), SqlStore.Utc(LastSeen), SqlStore.Utc(ExpiresAt), SqlStore.Utc(EndedAt));
    }

    private const string SessionColumns = "id, user_name, stamp, created_at, last_seen, expires_at, ended_at";

    private sealed class AuditRow
    {
        public long Id { get; init; }
        public DateTime ChangedAt { get; init; }
        public required string Actor { get; init; }
        public required string Entity { get; init; }
        public required string Action { get; init; }
        public string? Field { get; init; }
        public string? OldValue { get; init; }
        public string? NewValue { get; init; }

        public AuditEntry ToEntry() => new(Id, SqlStore.Utc(ChangedAt), Actor, Entity, Action, Field, OldValue, NewValue);
    }

    private const string AuditColumns = "id, changed_at, actor, entity, action, field, old_value, new_value";

    private sealed class ThrottleRow
    {
        public required string ThrottleKey { get; init; }
        public int Failures { get; init; }
        public DateTime LastFailure { get; init; }
        public DateTime? BlockedUntil { get; init; }

        public ThrottleState ToState() => new(Failures, SqlStore.Utc(LastFailure), SqlStore.Utc(BlockedUntil));
    }

    private sealed class YearLockRow
    {
        public int Year { get; init; }
        public DateTime LockedAt { get; init; }
        public required string LockedBy { get; init; }
        public long SourceId { get; init; }

        public YearLock ToLock() => new(Year, SqlStore.Utc(LockedAt), LockedBy, SourceId);
    }

    private sealed class AnswerRow
    {
        public long SubmissionId { get; init; }
        public required string AnswerKey { get; init; }
        public required string Value { get; init; }
    }

    /// <summary>A focal point's name and address for the overview's list to chase.</summary>
    private sealed class ContactRow
    {
        public required string Office { get; init; }
        public required string UserName { get; init; }
        public required string DisplayName { get; init; }
    }

    /// <summary>A submission as the audit log names it: office and year.</summary>
    private sealed class SubmissionNameRow
    {
        public long Id { get; init; }
        public required string Office { get; init; }
        public int Year { get; init; }
        public string? OfficeName { get; init; }
    }

    /// <summary>How many rows refer to an office (or a region, under the same column name).</summary>
    private sealed class CountRow
    {
        public required string Office { get; init; }
        public long Count { get; init; }
    }
}
