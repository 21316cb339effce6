using System.Data.Common;
using Almanac.Domain.Platform;
using Dapper;

namespace Almanac.Store;

/// <summary>
/// The platform's rows as the schema keeps them, read by column name (Dapper's row parsers over the store's own commands,
/// which keep their positional parameters) and turned into the domain's types.
/// </summary>
public abstract partial class SqlStore
{
    static SqlStore()
    {
        // Column user_name fills property UserName. Dapper's setting is process-wide; the store is its only user.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    /// <summary>The rows <paramref name="sql"/> returns, each mapped by column name to a <typeparamref name="TRow"/>.</summary>
    private async Task<List<TRow>> RowsAsync<TRow>(DbTransaction? transaction, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        var rows = new List<TRow>();
        await using var command = Command(transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var parse = reader.GetRowParser<TRow>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(parse(reader));
        return rows;
    }

    /// <summary>
    /// The rows of a join: its first columns mapped to <typeparamref name="TFirst"/>, the columns from
    /// <paramref name="secondAt"/> on to <typeparamref name="TSecond"/>, or null where that column is null (an outer join's missing side).
    /// </summary>
    private async Task<List<(TFirst First, TSecond? Second)>> RowsAsync<TFirst, TSecond>(DbTransaction? transaction, string sql, int secondAt, CancellationToken cancellationToken,
        params object?[] parameters)
        where TSecond : class
    {
        var rows = new List<(TFirst, TSecond?)>();
        await using var command = Command(transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var first = reader.GetRowParser<TFirst>(length: secondAt);
        var second = reader.GetRowParser<TSecond>(startIndex: secondAt);
        while (await reader.ReadAsync(cancellationToken)) rows.Add((first(reader), reader.IsDBNull(secondAt) ? null : second(reader)));
        return rows;
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static DateTimeOffset? Utc(DateTime? value) => value is { } time ? Utc(time) : null;

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

        public Submission ToSubmission() => new(Id, Office, Year, Enum.Parse<SubmissionState>(State), Version, Comment, Utc(UpdatedAt), UpdatedBy);
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

        public AccountSession ToSession() => new(Id, UserName, Stamp, Utc(CreatedAt), Utc(LastSeen), Utc(ExpiresAt), Utc(EndedAt));
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

        public AuditEntry ToEntry() => new(Id, Utc(ChangedAt), Actor, Entity, Action, Field, OldValue, NewValue);
    }

    private const string AuditColumns = "id, changed_at, actor, entity, action, field, old_value, new_value";

    private sealed class ThrottleRow
    {
        public required string ThrottleKey { get; init; }
        public int Failures { get; init; }
        public DateTime LastFailure { get; init; }
        public DateTime? BlockedUntil { get; init; }

        public ThrottleState ToState() => new(Failures, Utc(LastFailure), Utc(BlockedUntil));
    }

    private sealed class YearLockRow
    {
        public int Year { get; init; }
        public DateTime LockedAt { get; init; }
        public required string LockedBy { get; init; }
        public long SourceId { get; init; }

        public YearLock ToLock() => new(Year, Utc(LockedAt), LockedBy, SourceId);
    }
}
