using Almanac.Domain.Platform;

namespace Almanac.Store;

/// <summary>The platform's side of <see cref="IPlatformStore"/>: each call is <see cref="Platform.PlatformStore"/>'s.</summary>
public abstract partial class SqlStore
{
    public Task<CommentThread> AddCommentAsync(long submissionId, string question, string text, Change change, CancellationToken cancellationToken) =>
        Platform.AddCommentAsync(submissionId, question, text, change, cancellationToken);

    public Task<IReadOnlyList<CommentThread>> CommentThreadsAsync(long submissionId, CancellationToken cancellationToken) =>
        Platform.CommentThreadsAsync(submissionId, cancellationToken);

    public Task<CommentThread> SetThreadResolvedAsync(long submissionId, string question, bool resolved, Change change, CancellationToken cancellationToken) =>
        Platform.SetThreadResolvedAsync(submissionId, question, resolved, change, cancellationToken);

    public Task<IReadOnlyList<string>> DataProtectionKeysAsync(CancellationToken cancellationToken) =>
        Platform.DataProtectionKeysAsync(cancellationToken);

    public Task SaveDataProtectionKeyAsync(string name, string xml, DateTimeOffset at, CancellationToken cancellationToken) =>
        Platform.SaveDataProtectionKeyAsync(name, xml, at, cancellationToken);

    public Task SaveOfficeAsync(Office office, bool create, Change change, CancellationToken cancellationToken) =>
        Platform.SaveOfficeAsync(office, create, change, cancellationToken);

    public Task DeleteOfficeAsync(string code, Change change, CancellationToken cancellationToken) =>
        Platform.DeleteOfficeAsync(code, change, cancellationToken);

    public Task<IReadOnlyDictionary<string, OfficeUse>> OfficeUsesAsync(CancellationToken cancellationToken) =>
        Platform.OfficeUsesAsync(cancellationToken);

    public Task<StampedQuestionnaire?> StampedQuestionnaireAsync(int year, CancellationToken cancellationToken) =>
        Platform.StampedQuestionnaireAsync(year, cancellationToken);

    public Task<string> SaveQuestionnaireAsync(Questionnaire questionnaire, string? expectedStamp, Change change, CancellationToken cancellationToken) =>
        Platform.SaveQuestionnaireAsync(questionnaire, expectedStamp, change, cancellationToken);

    public Task<YearLock?> YearLockAsync(int year, CancellationToken cancellationToken) =>
        Platform.YearLockAsync(year, cancellationToken);

    public Task UnlockYearAsync(int year, Change change, CancellationToken cancellationToken) =>
        Platform.UnlockYearAsync(year, change, cancellationToken);

    public Task<IReadOnlyList<OfficeProgress>> SubmissionOverviewAsync(int year, CancellationToken cancellationToken) =>
        Platform.SubmissionOverviewAsync(year, cancellationToken);

    public Task<AuditPage> AuditPageAsync(AuditQuery query, long? before, long? after, CancellationToken cancellationToken) =>
        Platform.AuditPageAsync(query, before, after, cancellationToken);

    public Task ImportOfficesAsync(IReadOnlyList<Office> offices, Change change, CancellationToken cancellationToken) =>
        Platform.ImportOfficesAsync(offices, change, cancellationToken);

    public Task<IReadOnlyList<Office>> OfficesAsync(CancellationToken cancellationToken) =>
        Platform.OfficesAsync(cancellationToken);

    public Task SaveFrameworksAsync(IReadOnlyList<Framework> frameworks, Change change, CancellationToken cancellationToken) =>
        Platform.SaveFrameworksAsync(frameworks, change, cancellationToken);

    public Task<IReadOnlyList<Framework>> FrameworksAsync(CancellationToken cancellationToken) =>
        Platform.FrameworksAsync(cancellationToken);

    public Task SaveQuestionnaireAsync(Questionnaire questionnaire, Change change, CancellationToken cancellationToken) =>
        Platform.SaveQuestionnaireAsync(questionnaire, change, cancellationToken);

    public Task<Questionnaire?> QuestionnaireAsync(int year, CancellationToken cancellationToken) =>
        Platform.QuestionnaireAsync(year, cancellationToken);

    public Task<IReadOnlyList<int>> QuestionnaireYearsAsync(CancellationToken cancellationToken) =>
        Platform.QuestionnaireYearsAsync(cancellationToken);

    public Task SaveAccountAsync(Account account, string passwordHash, Change change, CancellationToken cancellationToken) =>
        Platform.SaveAccountAsync(account, passwordHash, change, cancellationToken);

    public Task CreateAccountAsync(Account account, string passwordHash, Change change, CancellationToken cancellationToken) =>
        Platform.CreateAccountAsync(account, passwordHash, change, cancellationToken);

    public Task UpdateAccountAsync(Account account, string? passwordHash, Change change, CancellationToken cancellationToken) =>
        Platform.UpdateAccountAsync(account, passwordHash, change, cancellationToken);

    public Task SetAccountDisabledAsync(string userName, bool disabled, Change change, CancellationToken cancellationToken) =>
        Platform.SetAccountDisabledAsync(userName, disabled, change, cancellationToken);

    public Task RehashPasswordAsync(string userName, string expectedHash, string newHash, CancellationToken cancellationToken) =>
        Platform.RehashPasswordAsync(userName, expectedHash, newHash, cancellationToken);

    public Task<StoredAccount?> AccountAsync(string userName, CancellationToken cancellationToken) =>
        Platform.AccountAsync(userName, cancellationToken);

    public Task<IReadOnlyList<AccountListing>> AccountsAsync(CancellationToken cancellationToken) =>
        Platform.AccountsAsync(cancellationToken);

    public Task<IReadOnlyDictionary<string, ThrottleState>> SignInThrottlesAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        Platform.SignInThrottlesAsync(keys, cancellationToken);

    public Task RecordSignInFailureAsync(string userName, string address, IReadOnlyDictionary<string, ThrottleState> throttles, DateTimeOffset at, CancellationToken cancellationToken) =>
        Platform.RecordSignInFailureAsync(userName, address, throttles, at, cancellationToken);

    public Task StartSessionAsync(AccountSession session, string address, CancellationToken cancellationToken) =>
        Platform.StartSessionAsync(session, address, cancellationToken);

    public Task<(AccountSession Session, StoredAccount Account)?> SessionAsync(string id, CancellationToken cancellationToken) =>
        Platform.SessionAsync(id, cancellationToken);

    public Task TouchSessionAsync(string id, DateTimeOffset lastSeen, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        Platform.TouchSessionAsync(id, lastSeen, expiresAt, cancellationToken);

    public Task EndSessionAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) =>
        Platform.EndSessionAsync(id, at, cancellationToken);

    public Task<Submission> OpenSubmissionAsync(string office, int year, Change change, CancellationToken cancellationToken) =>
        Platform.OpenSubmissionAsync(office, year, change, cancellationToken);

    public Task<Submission?> SubmissionAsync(long id, CancellationToken cancellationToken) =>
        Platform.SubmissionAsync(id, cancellationToken);

    public Task<IReadOnlyList<Submission>> SubmissionsAsync(int? year, CancellationToken cancellationToken) =>
        Platform.SubmissionsAsync(year, cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> AnswersAsync(long submissionId, CancellationToken cancellationToken) =>
        Platform.AnswersAsync(submissionId, cancellationToken);

    public Task<StoredSubmission?> SubmissionWithAnswersAsync(long id, CancellationToken cancellationToken) =>
        Platform.SubmissionWithAnswersAsync(id, cancellationToken);

    public Task<IReadOnlyList<(Submission Submission, IReadOnlyDictionary<string, string> Answers)>> SubmissionsWithAnswersAsync(int year, CancellationToken cancellationToken) =>
        Platform.SubmissionsWithAnswersAsync(year, cancellationToken);

    public Task<Submission> SaveAnswersAsync(long id, long expectedVersion, IReadOnlyDictionary<string, string?> answers, Change change, CancellationToken cancellationToken) =>
        Platform.SaveAnswersAsync(id, expectedVersion, answers, change, cancellationToken);

    public Task<Submission> SaveAnswersAsync(long id, long expectedVersion, Func<StoredSubmission, ValueTask<IReadOnlyDictionary<string, string?>>> decide, Change change, CancellationToken cancellationToken) =>
        Platform.SaveAnswersAsync(id, expectedVersion, decide, change, cancellationToken);

    public Task<IReadOnlyList<Submission>> ImportApprovedAnswersAsync(int year, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> answersByOffice, string comment, Change change, CancellationToken cancellationToken) =>
        Platform.ImportApprovedAnswersAsync(year, answersByOffice, comment, change, cancellationToken);

    public Task<Submission> ActAsync(long id, long expectedVersion, SubmissionAction action, string? comment, Change change, CancellationToken cancellationToken) =>
        Platform.ActAsync(id, expectedVersion, action, comment, change, cancellationToken);

    public Task<Submission> ActAsync(long id, long expectedVersion, SubmissionAction action, string? comment, Func<StoredSubmission, ValueTask> check, Change change, CancellationToken cancellationToken) =>
        Platform.ActAsync(id, expectedVersion, action, comment, check, change, cancellationToken);

    public Task<bool> IsYearLockedAsync(int year, CancellationToken cancellationToken) =>
        Platform.IsYearLockedAsync(year, cancellationToken);

    public Task<long> LockYearAsync(int year, Change change, CancellationToken cancellationToken) =>
        Platform.LockYearAsync(year, change, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> AuditAsync(AuditQuery query, CancellationToken cancellationToken) =>
        Platform.AuditAsync(query, cancellationToken);

    public Task AuditWorkbookUploadAsync(long submissionId, string file, long downloadedVersion, long savedVersion, Change change, CancellationToken cancellationToken) =>
        Platform.AuditWorkbookUploadAsync(submissionId, file, downloadedVersion, savedVersion, change, cancellationToken);
}
