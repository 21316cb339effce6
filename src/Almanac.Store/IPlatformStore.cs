using Almanac.Domain;
using Almanac.Domain.Platform;

namespace Almanac.Store;

/// <summary>
/// The web platform's persistence: offices, frameworks, questionnaires, accounts, submissions and the audit log. Both
/// engines implement it beside <see cref="IAlmanacStore"/>. Every change is one transaction that also writes its audit
/// lines (who, when, old → new); every call is a unit of work on a connection of its own, so a web server's requests run
/// side by side. Its administrators back it up while it serves (<see cref="IStoreBackup"/>).
/// </summary>
public interface IPlatformStore : IOrganizationReads, IStoreBackup
{
    /// <summary>Adds or replaces offices (by code) in one transaction; the whole set is checked first, and nothing is written if any office is wrong.</summary>
    Task ImportOfficesAsync(IReadOnlyList<Office> offices, Change change, CancellationToken cancellationToken);

    /// <summary>
    /// Adds an office (<paramref name="create"/>: refused when its code is taken) or changes the stored office of its code
    /// (not found when there is none), in one transaction: checked among the stored offices as an import is
    /// (<see cref="OfficeRules.CheckAmong"/>) and against the accounts' scopes (<see cref="OfficeRules.CheckAccounts"/>),
    /// audited, and the catalog stamp moved, so that every server reads the offices again. Nothing is written when refused.
    /// </summary>
    Task SaveOfficeAsync(Office office, bool create, Change change, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes an office nothing refers to (<see cref="OfficeRules.DeleteProblem"/>: a <see cref="WorkflowException"/>
    /// otherwise), audited with what it was; not found when there is none.
    /// </summary>
    Task DeleteOfficeAsync(string code, Change change, CancellationToken cancellationToken);

    /// <summary>What refers to each office (by code): its submissions, focal points, reviewers and the offices reporting to it.</summary>
    Task<IReadOnlyDictionary<string, OfficeUse>> OfficeUsesAsync(CancellationToken cancellationToken);

    /// <summary>Adds or replaces frameworks (by id), all in one transaction.</summary>
    Task SaveFrameworksAsync(IReadOnlyList<Framework> frameworks, Change change, CancellationToken cancellationToken);

    Task<IReadOnlyList<Framework>> FrameworksAsync(CancellationToken cancellationToken);

    /// <summary>Adds or replaces the questionnaire of its year, as <see cref="SaveQuestionnaireAsync(Questionnaire, string?, Change, CancellationToken)"/> does without a stamp to check.</summary>
    Task SaveQuestionnaireAsync(Questionnaire questionnaire, Change change, CancellationToken cancellationToken);

    /// <summary>
    /// Adds or replaces an account with its password hash (never the password). A new password hash, role or scope
    /// rotates the account's security stamp and ends its sessions, on every server of the store. Refused when it would
    /// leave no enabled administrator.
    /// </summary>
    Task SaveAccountAsync(Account account, string passwordHash, Change change, CancellationToken cancellationToken);

    /// <summary>
    /// Creates an account; refused (<see cref="WorkflowException"/>) when its user name is taken, ignoring case. Audited.
    /// </summary>
    Task CreateAccountAsync(Account account, string passwordHash, Change change, CancellationToken cancellationToken);

    /// <summary>
    /// Changes an existing account's display name, role and scope, and its password when <paramref name="passwordHash"/>
    /// is given: a new password, role or scope rotates the stamp and ends its sessions everywhere. Refused when it would
    /// leave no enabled administrator (<see cref="AccountRules.LockOutProblem"/>). Audited field by field, the hash never.
    /// </summary>
    Task UpdateAccountAsync(Account account, string? passwordHash, Change change, CancellationToken cancellationToken);

    /// <summary>
    /// Disables an account (no sign-in, its sessions end: the stamp rotates) or enables it again; audited. Refused when
    /// it would disable the last enabled administrator.
    /// </summary>
    Task SetAccountDisabledAsync(string userName, bool disabled, Change change, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a password hash by a new hash of the same password (a stronger hash format) if it is still
    /// <paramref name="expectedHash"/>: not a password change, so the stamp stays and no session ends.
    /// </summary>
    Task RehashPasswordAsync(string userName, string expectedHash, string newHash, CancellationToken cancellationToken);

    Task<StoredAccount?> AccountAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Every account, by user name, with whether it is disabled and its last sign-in (from the audit log).</summary>
    Task<IReadOnlyList<AccountListing>> AccountsAsync(CancellationToken cancellationToken);

    /// <summary>The sign-in throttles (<see cref="SignInThrottle"/>) of the keys that have one.</summary>
    Task<IReadOnlyDictionary<string, ThrottleState>> SignInThrottlesAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Records a failed sign-in as the user name typed and the address it came from: the throttles' new states, and an
    /// audit line (entity "account NAME", whether or not the account exists); throttles idle for a day are forgotten.
    /// </summary>
    Task RecordSignInFailureAsync(string userName, string address, IReadOnlyDictionary<string, ThrottleState> throttles, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a session after a successful sign-in: stores it, clears the account's throttle (the owner signed in), forgets
    /// sessions that expired a week ago, and audits the sign-in. The session keeps the stamp the caller read: if the
    /// account changed since, the session is refused from its first request.
    /// </summary>
    Task StartSessionAsync(AccountSession session, string address, CancellationToken cancellationToken);

    /// <summary>A session (by the hash of its secret) with its account as it now is; null when there is no such session or account.</summary>
    Task<(AccountSession Session, StoredAccount Account)?> SessionAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// A number that moves after every change that may refuse a session (a sign-out, an account's new stamp or scope,
    /// disabling) when this process is the store's only writer (the embedded store), so that a server may keep its last
    /// look at a session while the number stands; null where other processes may change the store (PostgreSQL), whose
    /// sessions a server looks at again after <see cref="SessionPolicy.CheckWindow"/>.
    /// </summary>
    long? SessionsVersion { get; }

    /// <summary>Moves an open session's last request and expiry on.</summary>
    Task TouchSessionAsync(string id, DateTimeOffset lastSeen, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Ends a session (signing out); audited.</summary>
    Task EndSessionAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The office's submission for the year, created as a draft when there is none.</summary>
    Task<Submission> OpenSubmissionAsync(string office, int year, Change change, CancellationToken cancellationToken);

    Task<Submission?> SubmissionAsync(long id, CancellationToken cancellationToken);

    /// <summary>The submissions of a year (every year when null), by office.</summary>
    Task<IReadOnlyList<Submission>> SubmissionsAsync(int? year, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, string>> AnswersAsync(long submissionId, CancellationToken cancellationToken);

    /// <summary>A submission, its answers and whether its year is locked, read in one snapshot (what a page of it shows).</summary>
    Task<StoredSubmission?> SubmissionWithAnswersAsync(long id, CancellationToken cancellationToken);

    /// <summary>Every submission of a year with its answers, for results.</summary>
    Task<IReadOnlyList<(Submission Submission, IReadOnlyDictionary<string, string> Answers)>> SubmissionsWithAnswersAsync(int year, CancellationToken cancellationToken);

    /// <summary>
    /// Writes changed answers (a null value removes one) if the submission is still at <paramref name="expectedVersion"/>
    /// and may be changed; otherwise a <see cref="ConcurrencyException"/> or <see cref="WorkflowException"/> and nothing is
    /// written. Answers equal to the stored ones are no change. Returns the submission as it now is.
    /// </summary>
    Task<Submission> SaveAnswersAsync(long id, long expectedVersion, IReadOnlyDictionary<string, string?> answers, Change change, CancellationToken cancellationToken);

    /// <summary>
    /// The same save in one transaction with what decides it: <paramref name="decide"/> is given the submission, its
    /// answers and its year's lock as the transaction read them, and returns the answers to write or throws (nothing is
    /// written). It may run more than once (a write conflict runs the transaction again), so it only reads and checks.
    /// </summary>
    Task<Submission> SaveAnswersAsync(long id, long expectedVersion, Func<StoredSubmission, ValueTask<IReadOnlyDictionary<string, string?>>> decide, Change change,
        CancellationToken cancellationToken);

    /// <summary>
    /// Records a year's answers collected outside the platform (an earlier system, paper, or the demo's synthetic answers)
    /// as approved submissions, one per office, in one transaction with an audit line per answer and the comment on each
    /// submission (say where the answers come from). Refused, with nothing written, when the year is locked, when an
    /// office already has a submission for the year, or when an office or an answer is not valid for the year's
    /// questionnaire (<see cref="Answering.NormalizeAll"/>). Returns the submissions created.
    /// </summary>
    Task<IReadOnlyList<Submission>> ImportApprovedAnswersAsync(int year, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> answersByOffice, string comment,
        Change change, CancellationToken cancellationToken);

    /// <summary>Submits, returns (with a comment) or approves, at the expected version, as the workflow allows.</summary>
    Task<Submission> ActAsync(long id, long expectedVersion, SubmissionAction action, string? comment, Change change, CancellationToken cancellationToken);

    /// <summary>
    /// The same step in one transaction with what allows it: <paramref name="check"/> is given the submission, its answers
    /// and its year's lock as the transaction read them, and throws to refuse (nothing is written). It may run more than
    /// once (a write conflict runs the transaction again), so it only reads and checks.
    /// </summary>
    Task<Submission> ActAsync(long id, long expectedVersion, SubmissionAction action, string? comment, Func<StoredSubmission, ValueTask> check, Change change,
        CancellationToken cancellationToken);

    /// <summary>
    /// Adds a comment (trimmed, <see cref="CommentRules.Checked"/>) to the thread on a question of a submission, as
    /// <paramref name="change"/>'s actor at its time; a resolved thread opens again. Refused when the submission does not
    /// exist (<see cref="NotFoundException"/>), its year is locked or the thread holds <see cref="InputLimits.MaxCommentsPerThread"/>
    /// comments (<see cref="WorkflowException"/>). The submission's version stays: a comment never makes an open form stale.
    /// Audited. Returns the thread as it now is.
    /// </summary>
    Task<CommentThread> AddCommentAsync(long submissionId, string question, string text, Change change, CancellationToken cancellationToken);

    /// <summary>The comment threads of a submission, by question id, each oldest comment first.</summary>
    Task<IReadOnlyList<CommentThread>> CommentThreadsAsync(long submissionId, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a question's thread resolved or open again; audited. Refused when the thread has no comment
    /// (<see cref="NotFoundException"/>), is in that state already or its year is locked (<see cref="WorkflowException"/>).
    /// </summary>
    Task<CommentThread> SetThreadResolvedAsync(long submissionId, string question, bool resolved, Change change, CancellationToken cancellationToken);

    /// <summary>
    /// Locks a year: no submission of it changes any more, and the approved answers become facts (counted data, in the
    /// fact table queries and the publish step read) of a source of kind "questionnaire", current for the scope
    /// "questionnaire" and the year. Returns that source's id.
    /// </summary>
    Task<long> LockYearAsync(int year, Change change, CancellationToken cancellationToken);

    Task<bool> IsYearLockedAsync(int year, CancellationToken cancellationToken);

    /// <summary>The audit log, newest first, filtered.</summary>
    Task<IReadOnlyList<AuditEntry>> AuditAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a read of the fact table (a pivot query) through the same serialization as every call of this interface, so
    /// that a web server's queries never use the store's connection while another request does. <paramref name="read"/>
    /// gets the store's <see cref="IAlmanacStore"/> side, the same connection; it must not call this interface, whose
    /// serialization does not nest.
    /// </summary>
    Task<T> ReadFactsAsync<T>(Func<IAlmanacStore, Task<T>> read, CancellationToken cancellationToken);

    /// <summary>The web platform's data-protection keys (ASP.NET Core key-ring XML), oldest first.</summary>
    Task<IReadOnlyList<string>> DataProtectionKeysAsync(CancellationToken cancellationToken);

    /// <summary>Adds a data-protection key; a key is written once under its name and never changed (a second write of a name is refused).</summary>
    Task SaveDataProtectionKeyAsync(string name, string xml, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The year's lock (when, by whom, the source of its figures), or null while the year is open.</summary>
    Task<YearLock?> YearLockAsync(int year, CancellationToken cancellationToken);

    /// <summary>
    /// Unlocks a locked year: its submissions may change again, and the figures its lock made stop counting (their source
    /// stays in the import history, no longer current) until the year is locked anew. Audited with the lock it undid.
    /// Refused (<see cref="WorkflowException"/>) when the year is not locked; a lock and an unlock of one year never run
    /// at once, on any server of the store.
    /// </summary>
    Task UnlockYearAsync(int year, Change change, CancellationToken cancellationToken);

    /// <summary>Every office, by name, with its submission for the year (null when it has not started) and its enabled focal points.</summary>
    Task<IReadOnlyList<OfficeProgress>> SubmissionOverviewAsync(int year, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the audit log, newest first, of at most <see cref="AuditQuery.Limit"/> lines (1000 at most) matching the
    /// query: the newest, those older than <paramref name="before"/>, or the page just newer than <paramref name="after"/>.
    /// A submission's lines name its office and year.
    /// </summary>
    Task<AuditPage> AuditPageAsync(AuditQuery query, long? before, long? after, CancellationToken cancellationToken);

    /// <summary>A year's questionnaire with the stamp a save names it by, and how many submissions the year has; null when it has none.</summary>
    Task<StampedQuestionnaire?> StampedQuestionnaireAsync(int year, CancellationToken cancellationToken);

    /// <summary>
    /// Adds or replaces a year's questionnaire in one transaction, audited with the old and new document, and returns its
    /// new stamp. Refused, and nothing written: when the year is locked (<see cref="WorkflowException"/>); when
    /// <paramref name="expectedStamp"/> is given and the stored questionnaire is no longer the one it stamps (another
    /// change came between: <see cref="ConcurrencyException"/>, naming who made it and when; "" expects none); when the
    /// new version would lose or read otherwise answers the year's submissions hold (<see cref="QuestionnaireRefusedException"/>,
    /// <see cref="QuestionnaireDesign.AnswersKept"/>).
    /// </summary>
    Task<string> SaveQuestionnaireAsync(Questionnaire questionnaire, string? expectedStamp, Change change, CancellationToken cancellationToken);

    /// <summary>
    /// Adds or updates figures one by one in one transaction, as DHIS2 imports data values: each is imported (new),
    /// updated (another value) or ignored (the same value); the new source carries forward the other current figures of
    /// the scopes and years it touches. A dry run, or figures that change nothing, writes nothing. Audited.
    /// </summary>
    Task<Facts.FactValuesResult> ImportFactValuesAsync(SourceInfo source, IReadOnlyList<Facts.FactValue> values, bool dryRun, Change change, CancellationToken cancellationToken);

    /// <summary>A version of the project portfolio (the current one when <paramref name="version"/> is null); null when there is none.</summary>
    Task<StoredPortfolio?> PortfolioAsync(long? version, CancellationToken cancellationToken);

    /// <summary>The portfolio's versions (imports, corrections, restores), newest first, at most 50.</summary>
    Task<IReadOnlyList<PortfolioVersion>> PortfolioVersionsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Corrects a project: its values checked as the import checks a file's (<see cref="Domain.Projects.ProjectException"/>
    /// naming the field and value, nothing written), then a new version of the portfolio with the project changed,
    /// superseding <paramref name="readVersion"/>, audited field by field (old and new). Refused
    /// (<see cref="ConcurrencyException"/>) when <paramref name="readVersion"/> is no longer current. Returns the version
    /// now current (<paramref name="readVersion"/> itself when nothing changed).
    /// </summary>
    Task<long> CorrectProjectAsync(long readVersion, string projectId, Domain.Projects.ProjectFields fields, Change change, CancellationToken cancellationToken);

    /// <summary>
    /// Makes an earlier version of the portfolio current again as a new version (a copy of it), superseding
    /// <paramref name="readVersion"/>; audited; refused when <paramref name="readVersion"/> is no longer current.
    /// </summary>
    Task<long> RestorePortfolioAsync(long readVersion, long restoredVersion, Change change, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the audit line that says a submission's answers came from an offline workbook (<paramref name="file"/>,
    /// downloaded at <paramref name="downloadedVersion"/>, the submission now at <paramref name="savedVersion"/>); the
    /// save itself audited each answer it changed.
    /// </summary>
    Task AuditWorkbookUploadAsync(long submissionId, string file, long downloadedVersion, long savedVersion, Change change, CancellationToken cancellationToken);

    /// <summary>
    /// A filtered page of the current portfolio, read by the store (at most <see cref="PortfolioFilter.Limit"/> projects,
    /// however large the portfolio), with the number of projects the filter keeps and, when <paramref name="detailId"/> is
    /// given, that project and its transactions; null when no portfolio was imported.
    /// </summary>
    Task<PortfolioPage?> PortfolioPageAsync(PortfolioFilter filter, string? detailId, CancellationToken cancellationToken);
}

/// <summary>A version of the project portfolio: its source (an import, a correction, a restore), when, and its number of projects.</summary>
public sealed record PortfolioVersion(long SourceId, string Name, DateTimeOffset ImportedAt, long Projects);

/// <summary>A version of the project portfolio with its projects and transactions, and whether it is the current one.</summary>
public sealed record StoredPortfolio(PortfolioVersion Version, Domain.Projects.Portfolio Portfolio, bool IsCurrent);

/// <summary>A year's questionnaire as stored, with its stamp (the version a designer's save names) and the year's number of submissions.</summary>
public sealed record StampedQuestionnaire(Questionnaire Questionnaire, string Stamp, int Submissions);

/// <summary>Who makes a change and when: every audit line carries both.</summary>
public sealed record Change(string Actor, DateTimeOffset At);

/// <summary>A submission as one snapshot of the store had it: its answers, and whether its year was locked.</summary>
public sealed record StoredSubmission(Submission Submission, IReadOnlyDictionary<string, string> Answers, bool YearLocked);

/// <summary>An account as stored: with its password hash, its security stamp (changed whenever its sessions must end) and whether it is disabled.</summary>
public sealed record StoredAccount(Account Account, string PasswordHash, string SecurityStamp, bool Disabled);

/// <summary>A filter on the audit log: an entity ("submission 12") or its prefix, an actor, at most <paramref name="Limit"/> lines.</summary>
public sealed record AuditQuery(string? Entity = null, string? Actor = null, int Limit = 200);

/// <summary>
/// What both the platform and the publisher read of the organization: its offices and each year's questionnaire (a
/// report's chapters are written from the locked year's questionnaire and count its offices).
/// </summary>
public interface IOrganizationReads
{
    Task<IReadOnlyList<Office>> OfficesAsync(CancellationToken cancellationToken);

    Task<Questionnaire?> QuestionnaireAsync(int year, CancellationToken cancellationToken);

    Task<IReadOnlyList<int>> QuestionnaireYearsAsync(CancellationToken cancellationToken);
}
