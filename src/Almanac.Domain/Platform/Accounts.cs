namespace Almanac.Domain.Platform;

/// <summary>What a user may do; a reviewer is scoped to a region, a focal point to an office.</summary>
public enum Role
{
    Administrator,
    Editor,
    RegionalReviewer,
    FocalPoint,
    Reader,
}

/// <summary>A local account: user name, display name, role and its scope (office for a focal point, region for a reviewer).</summary>
public sealed record Account(string UserName, string DisplayName, Role Role, string? Office, string? Region);

/// <summary>Role names as files, the API and the pages write them.</summary>
public static class Roles
{
    public static string Code(this Role role) => role switch
    {
        Role.Administrator => "administrator",
        Role.Editor => "editor",
        Role.RegionalReviewer => "regional-reviewer",
        Role.FocalPoint => "focal-point",
        _ => "reader",
    };

    public static Role? Parse(string? text) => Enum.GetValues<Role>().Cast<Role?>().FirstOrDefault(r => r!.Value.Code() == text?.Trim().ToLowerInvariant());

    /// <summary>An account's scope must fit its role: a focal point has an office, a reviewer a region, nobody else either.</summary>
    public static string? ScopeProblem(Account account) => account.Role switch
    {
        Role.FocalPoint when account.Office is null => "a focal point needs an office",
        Role.RegionalReviewer when account.Region is null => "a regional reviewer needs a region",
        Role.FocalPoint when account.Region is not null => "a focal point is scoped to an office, not a region",
        Role.RegionalReviewer when account.Office is not null => "a regional reviewer is scoped to a region, not an office",
        Role.Administrator or Role.Editor or Role.Reader when account.Office is not null || account.Region is not null => $"{account.Role.Code()} has no office or region",
        _ => null,
    };
}

/// <summary>
/// Who may do what, as pure decisions over the account and the office concerned. The pages and the API ask these and
/// nothing else, so one table of rules governs both.
/// </summary>
public static class Access
{
    /// <summary>Reading a submission: its own office's focal point, the reviewer of its region, headquarters roles.</summary>
    public static bool CanRead(Account account, Office office) => account.Role switch
    {
        Role.Administrator or Role.Editor => true,
        Role.RegionalReviewer => InRegion(account, office),
        Role.FocalPoint => account.Office == office.Code,
        _ => false,
    };

    /// <summary>Changing answers and submitting: only the office's own focal point.</summary>
    public static bool CanAnswer(Account account, Office office) => account.Role == Role.FocalPoint && account.Office == office.Code;

    /// <summary>Returning or approving: the reviewer of the office's region.</summary>
    public static bool CanReview(Account account, Office office) => account.Role == Role.RegionalReviewer && InRegion(account, office);

    /// <summary>Whether the account may take an action on a submission of the office.</summary>
    public static bool CanAct(Account account, Office office, SubmissionAction action) => action switch
    {
        SubmissionAction.Save or SubmissionAction.Submit => CanAnswer(account, office),
        _ => CanReview(account, office),
    };

    /// <summary>Locking a year: headquarters (editor or administrator).</summary>
    public static bool CanLockYear(Account account) => account.Role is Role.Administrator or Role.Editor;

    /// <summary>Aggregated results (counts, never an office's answers): everyone but a focal point, who sees their own office only.</summary>
    public static bool CanSeeResults(Account account) => account.Role != Role.FocalPoint;

    /// <summary>Offices, frameworks, questionnaires, accounts and the audit log: administrators.</summary>
    public static bool CanAdminister(Account account) => account.Role == Role.Administrator;

    /// <summary>The questionnaire and framework definitions (not answers): everyone signed in.</summary>
    public static bool CanReadDefinitions(Account account) => true;

    private static bool InRegion(Account account, Office office) =>
        account.Region is not null && (office.Region == account.Region || office.Code == account.Region);
}

/// <summary>
/// Lockout after repeated failures: after <paramref name="MaxFailures"/> failed sign-ins in a row an account is locked for
/// <paramref name="Duration"/>; a success resets the count.
/// </summary>
public sealed record LockoutPolicy(int MaxFailures, TimeSpan Duration)
{
    public static readonly LockoutPolicy Default = new(5, TimeSpan.FromMinutes(15));

    /// <summary>The failure count and lock end after one sign-in attempt.</summary>
    public (int Failures, DateTimeOffset? LockedUntil) After(int failures, bool succeeded, DateTimeOffset now)
    {
        if (succeeded) return (0, null);
        var count = failures + 1;
        return count >= MaxFailures ? (0, now + Duration) : (count, null);
    }
}
