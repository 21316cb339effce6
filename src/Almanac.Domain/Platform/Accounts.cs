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
    public static Refusal? ScopeProblem(Account account) => account.Role switch
    {
        Role.FocalPoint when account.Office is null => Refusal.Of("account.focal-point-needs-office", "a focal point needs an office"),
        Role.RegionalReviewer when account.Region is null => Refusal.Of("account.reviewer-needs-region", "a regional reviewer needs a region"),
        Role.FocalPoint when account.Region is not null => Refusal.Of("account.focal-point-no-region", "a focal point is scoped to an office, not a region"),
        Role.RegionalReviewer when account.Office is not null => Refusal.Of("account.reviewer-no-office", "a regional reviewer is scoped to a region, not an office"),
        Role.Administrator or Role.Editor or Role.Reader when account.Office is not null || account.Region is not null =>
            Refusal.Of("account.role-without-scope", $"{account.Role.Code()} has no office or region", new RefusalWord("Role", account.Role.Code())),
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

    /// <summary>
    /// Reading a submission's comment threads and commenting on a question: whoever may read the submission (its focal
    /// point, the region's reviewer, editors and administrators).
    /// </summary>
    public static bool CanComment(Account account, Office office) => CanRead(account, office);

    /// <summary>Marking a question's thread resolved, or opening it again: the reviewer of the office's region.</summary>
    public static bool CanResolveThreads(Account account, Office office) => CanReview(account, office);

    /// <summary>Whether the account may take an action on a submission of the office.</summary>
    public static bool CanAct(Account account, Office office, SubmissionAction action) => action switch
    {
        SubmissionAction.Save or SubmissionAction.Submit => CanAnswer(account, office),
        SubmissionAction.Reopen => CanReopen(account),
        _ => CanReview(account, office),
    };

    /// <summary>Locking a year: headquarters (editor or administrator).</summary>
    public static bool CanLockYear(Account account) => account.Role is Role.Administrator or Role.Editor;

    /// <summary>Unlocking a locked year (a lock taken by mistake, or a late correction): administrators only, audited.</summary>
    public static bool CanUnlockYear(Account account) => account.Role == Role.Administrator;

    /// <summary>
    /// The submissions overview (every office in scope, started or not, with its focal points): those who review or
    /// follow submissions — a region's reviewer (their region), editors and administrators (every office).
    /// </summary>
    public static bool CanSeeOverview(Account account) => account.Role is Role.RegionalReviewer or Role.Editor or Role.Administrator;

    /// <summary>Aggregated results (counts, never an office's answers): everyone but a focal point, who sees their own office only.</summary>
    public static bool CanSeeResults(Account account) => account.Role != Role.FocalPoint;

    /// <summary>
    /// The stored figures exchanged with DHIS2 (data value sets and ADX, read and written, every office's): administrators
    /// and editors, who publish from those figures; never a focal point, whose scope is one office.
    /// </summary>
    public static bool CanExchangeDataValues(Account account) => account.Role is Role.Administrator or Role.Editor;

    /// <summary>The project portfolio (projects, their money, their versions), read only: whoever may see aggregated results.</summary>
    public static bool CanReadProjects(Account account) => CanSeeResults(account);

    /// <summary>Correcting a project, or restoring an earlier version of the portfolio: administrators, audited.</summary>
    public static bool CanCorrectProjects(Account account) => account.Role == Role.Administrator;

    /// <summary>Offices, frameworks, questionnaires, accounts and the audit log: administrators.</summary>
    public static bool CanAdminister(Account account) => account.Role == Role.Administrator;

    /// <summary>
    /// Accounts: listing, creating, changing role or scope, resetting a password, disabling and enabling — administrators.
    /// (Any signed-in user changes their own password, knowing the current one.)
    /// </summary>
    public static bool CanAdministerAccounts(Account account) => account.Role == Role.Administrator;

    /// <summary>
    /// Returning a submitted or approved submission to its office for correction of an answer outside the bounds (stored
    /// before they were checked): administrators, who see the list of such answers. A regular review stays the reviewer's.
    /// </summary>
    public static bool CanReopen(Account account) => account.Role == Role.Administrator;

    /// <summary>The questionnaire and framework definitions (not answers): everyone signed in.</summary>
    public static bool CanReadDefinitions(Account account) => true;

    private static bool InRegion(Account account, Office office) =>
        account.Region is not null && (office.Region == account.Region || office.Code == account.Region);
}

/// <summary>
/// Throttling of failed sign-ins, after OWASP's Authentication Cheat Sheet: guessing is slowed down, the owner is never
/// locked out for long. Each key (an account name, a client address) may fail <paramref name="FreeFailures"/> times; each
/// further failure opens a refusal window of <paramref name="FirstDelay"/>, doubled with every failure up to
/// <paramref name="MaxDelay"/>. An attempt inside a window is refused (with the same answer as a wrong password) and not
/// counted, so refusals never lengthen a window; a key forgets its failures <paramref name="ForgetAfter"/> after the last
/// one. The numbers are <see cref="ForAccount"/> and <see cref="ForAddress"/>; README.md, "Sign-in", says them too.
/// </summary>
public sealed record SignInThrottle(int FreeFailures, TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan ForgetAfter)
{
    /// <summary>
    /// Per account name (from any address; unknown names alike, so that throttling tells nothing about which names
    /// exist): 5 free failures, then 1 s, 2 s, 4 s … up to 60 s. The owner waits at most a minute after the last failure
    /// an attacker caused; an attacker spread over many addresses gets about one guess a minute per account.
    /// </summary>
    public static readonly SignInThrottle ForAccount = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), TimeSpan.FromHours(1));

    /// <summary>
    /// Per client address (against any accounts: password spraying): 10 free failures, since an office behind one
    /// address has many people who mistype, then 1 s doubling up to 15 minutes — about four guesses an hour.
    /// </summary>
    public static readonly SignInThrottle ForAddress = new(10, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1));

    /// <summary>The key of an account name's throttle (the name as typed, trimmed: unknown names are throttled too).</summary>
    public static string AccountKey(string userName) => "account:" + userName;

    /// <summary>The key of a client address's throttle.</summary>
    public static string AddressKey(string address) => "address:" + address;

    /// <summary>The refusal window after the given number of failures in a row (zero while they are free).</summary>
    public TimeSpan Delay(int failures)
    {
        if (failures <= FreeFailures) return TimeSpan.Zero;
        // Doubling from the first paid failure; the exponent is bounded (2^30 s is decades) so that TimeSpan cannot overflow.
        var factor = Math.Pow(2, Math.Min(failures - FreeFailures - 1, 30));
        var delay = FirstDelay * factor;
        return delay > MaxDelay ? MaxDelay : delay;
    }

    /// <summary>Whether an attempt now falls in the key's refusal window.</summary>
    public static bool IsThrottled(ThrottleState? state, DateTimeOffset now) => state?.BlockedUntil > now;

    /// <summary>The key's state after one more failure now (its earlier failures forgotten once <see cref="ForgetAfter"/> has passed).</summary>
    public ThrottleState AfterFailure(ThrottleState? before, DateTimeOffset now)
    {
        var count = (before is null || now - before.LastFailure >= ForgetAfter ? 0 : before.Failures) + 1;
        var delay = Delay(count);
        return new ThrottleState(count, now, delay > TimeSpan.Zero ? now + delay : null);
    }
}

/// <summary>A throttle key's failures in a row, the last one's time, and the end of its refusal window (if one is open).</summary>
public sealed record ThrottleState(int Failures, DateTimeOffset LastFailure, DateTimeOffset? BlockedUntil);

/// <summary>
/// A signed-in session as the store keeps it: <paramref name="Id"/> is the SHA-256 of the secret the cookie carries,
/// <paramref name="Stamp"/> the account's security stamp when it signed in (a password, role, scope or disabled change
/// rotates the account's stamp, which ends every session made before).
/// </summary>
public sealed record AccountSession(string Id, string UserName, string Stamp, DateTimeOffset CreatedAt, DateTimeOffset LastSeen, DateTimeOffset ExpiresAt, DateTimeOffset? EndedAt);

/// <summary>
/// How long a session lasts: <paramref name="Idle"/> after its last request (sliding), and never longer than
/// <paramref name="Absolute"/> after signing in. A request moves the idle deadline on at most once per
/// <see cref="TouchInterval"/>, so that a busy session costs one write a minute, not one per request.
/// </summary>
public sealed record SessionPolicy(TimeSpan Idle, TimeSpan Absolute)
{
    /// <summary>How often a request writes "last seen" (and with it the idle deadline) into the store.</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a server trusts its last look at a session in the store before looking again: a sign-out or an account
    /// change on another server (or from the command line) takes effect here within this window; on the same server at once.
    /// </summary>
    public static readonly TimeSpan CheckWindow = TimeSpan.FromSeconds(5);

    /// <summary>When a session created and last seen at these times expires.</summary>
    public DateTimeOffset ExpiresAt(DateTimeOffset createdAt, DateTimeOffset lastSeen)
    {
        var idle = lastSeen + Idle;
        var absolute = createdAt + Absolute;
        return idle < absolute ? idle : absolute;
    }

    /// <summary>Why the session may no longer be used, or null when it may: ended, expired, account disabled or changed since.</summary>
    public static string? Refusal(AccountSession session, string accountStamp, bool accountDisabled, DateTimeOffset now) =>
        session.EndedAt is not null ? "signed out"
        : now >= session.ExpiresAt ? "expired"
        : accountDisabled ? "account disabled"
        : session.Stamp != accountStamp ? "account changed since signing in"
        : null;
}
