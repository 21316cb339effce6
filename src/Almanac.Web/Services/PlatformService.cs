using Almanac.Analytics.Query;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Platform;
using Almanac.Ingest.Dhis2;
using Almanac.Ingest.Platform;
using Almanac.Store;
using Almanac.Store.Facts;
using Almanac.Web.Security;

namespace Almanac.Web.Services;

/// <summary>A submission with everything a page or the API shows about it.</summary>
public sealed record SubmissionView(Submission Submission, Office Office, Questionnaire Questionnaire, IReadOnlyDictionary<string, string> Answers,
    bool CanAnswer, bool CanReview, bool YearLocked)
{
    /// <summary>Each section's required shown questions answered, of how many (<see cref="Answering.Progress"/>).</summary>
    public IReadOnlyList<SectionProgress> Progress => Answering.Progress(Questionnaire, Answers);
}

/// <summary>A save's result: the submission as it now is, and how far each section is with the answers saved.</summary>
public sealed record SavedAnswers(Submission Submission, IReadOnlyList<SectionProgress> Progress);

/// <summary>
/// A year's results: participation and answers (<see cref="QuestionnaireResults"/>), and the framework-node indicators
/// under <paramref name="Framework"/>, with <paramref name="PreviousYear"/> the year whose values stand beside them (null when none has results).
/// <paramref name="OutOfRange"/> lists the figures the sums leave out (outside the bounds) that the account may read
/// (office, question, value); <c>Results.OutOfRange.Count</c> is how many there are in all.
/// </summary>
public sealed record YearResults(QuestionnaireResults Results, string Framework, int? PreviousYear, IReadOnlyList<NodeResults> Indicators,
    IReadOnlyList<OutOfRangeAnswer> OutOfRange)
{
    /// <summary>What approved offices wrote to the text questions, the office named only where the account may read its submission.</summary>
    public IReadOnlyList<TextAnswer> TextAnswers { get; init; } = [];
}

/// <summary>A submission that cannot be submitted yet: the answers still missing, each named by its question's text for the form.</summary>
public sealed class IncompleteException(Questionnaire questionnaire, IReadOnlyList<AnswerProblem> problems)
    : FieldProblemsException(Refused(Worded(questionnaire, problems)), Worded(questionnaire, problems))
{
    public IReadOnlyList<AnswerProblem> Problems { get; } = problems;

    private static IReadOnlyList<FieldProblem> Worded(Questionnaire questionnaire, IReadOnlyList<AnswerProblem> problems) =>
        [.. problems.Select(p => Answering.Worded(questionnaire, p.Key, p.Reason ?? Refusal.Of("answer.uncoded", p.Problem), null))];

    private static Refusal Refused(IReadOnlyList<FieldProblem> fields) =>
        Refusal.Of("answer.incomplete", "the submission is incomplete: " + string.Join("; ", fields.Select(f => f.Message)), Listed(fields));
}

/// <summary>
/// What the pages and the API do, in one place: each operation asks the domain's <see cref="Access"/> rules whether the
/// signed-in account may, normalizes answers with the domain's <see cref="Answering"/> rules, and stores through
/// <see cref="IPlatformStore"/>. Neither the pages nor the API reach the store any other way.
/// </summary>
public sealed partial class PlatformService(IPlatformStore store, TimeProvider clock, Microsoft.Extensions.Options.IOptions<PlatformOptions> options)
{
    /// <summary>The most backups the server keeps in its backup directory: past it, a backup is refused until some are moved away.</summary>
    public const int MaxServerBackups = 20;

    /// <summary>One backup at a time: a second request while one is written is refused rather than queued.</summary>
    private int _backingUp;

    private Change ChangeBy(Account account) => new(account.UserName, clock.GetUtcNow());

    /// <summary>Refuses (403) unless <paramref name="allowed"/>: "your account may not {what}", coded "access.{code}" for the reader's language.</summary>
    private static void Require(bool allowed, string code, string what, params object[] arguments)
    {
        if (!allowed) throw AccessDeniedException.MayNot(code, what, arguments);
    }

    public async Task<Office> OfficeAsync(string code, CancellationToken cancellationToken) =>
        (await store.OfficesAsync(cancellationToken)).FirstOrDefault(o => o.Code == code) ?? throw NotFoundException.Office(code);

    public Task<IReadOnlyList<Office>> OfficesAsync(CancellationToken cancellationToken) => store.OfficesAsync(cancellationToken);

    /// <summary>The command that creates the first administrator of a store without accounts, as the server and the sign-in page say it.</summary>
    public const string FirstAdministratorCommand = "almanac users add USER --role administrator";

    /// <summary>Whether the store holds no account yet (a new store): nobody can sign in until the first administrator is created.</summary>
    public async Task<bool> HasNoAccountAsync(CancellationToken cancellationToken) => (await store.AccountsAsync(cancellationToken)).Count == 0;

    public Task<IReadOnlyList<Framework>> FrameworksAsync(CancellationToken cancellationToken) => store.FrameworksAsync(cancellationToken);

    public Task<IReadOnlyList<int>> QuestionnaireYearsAsync(CancellationToken cancellationToken) => store.QuestionnaireYearsAsync(cancellationToken);

    public async Task<Questionnaire> QuestionnaireAsync(int year, CancellationToken cancellationToken) =>
        await store.QuestionnaireAsync(year, cancellationToken) ?? throw NotFoundException.Questionnaire(year);

    /// <summary>The submissions of a year the account may read, with their offices.</summary>
    public async Task<IReadOnlyList<(Submission Submission, Office Office)>> VisibleSubmissionsAsync(Account account, int? year, CancellationToken cancellationToken)
    {
        var offices = (await store.OfficesAsync(cancellationToken)).ToDictionary(o => o.Code, StringComparer.Ordinal);
        return [.. (await store.SubmissionsAsync(year, cancellationToken))
            .Where(s => offices.ContainsKey(s.Office) && Access.CanRead(account, offices[s.Office]))
            .Select(s => (s, offices[s.Office]))];
    }

    /// <summary>The offices whose questionnaire the account answers (a focal point's one office).</summary>
    public async Task<IReadOnlyList<Office>> AnsweringOfficesAsync(Account account, CancellationToken cancellationToken) =>
        [.. (await store.OfficesAsync(cancellationToken)).Where(o => Access.CanAnswer(account, o))];

    /// <summary>Opens (creating as a draft) the office's submission for the year: only its focal point may.</summary>
    public async Task<Submission> OpenAsync(Account account, string officeCode, int year, CancellationToken cancellationToken)
    {
        var office = await OfficeAsync(officeCode, cancellationToken);
        Require(Access.CanAnswer(account, office), "answer", $"answer for office {office.Code}", office.Code);
        return await store.OpenSubmissionAsync(office.Code, year, ChangeBy(account), cancellationToken);
    }

    public async Task<SubmissionView> ViewAsync(Account account, long id, CancellationToken cancellationToken) =>
        // One snapshot of the submission, its answers and its year's lock; the catalog comes from its cache.
        await ViewAsync(account, await store.SubmissionWithAnswersAsync(id, cancellationToken) ?? throw NotFoundException.Submission(id), cancellationToken);

    private async Task<SubmissionView> ViewAsync(Account account, StoredSubmission stored, CancellationToken cancellationToken)
    {
        var (submission, answers, locked) = stored;
        var office = await OfficeAsync(submission.Office, cancellationToken);
        Require(Access.CanRead(account, office), "read-submission", $"read the submission of office {office.Code}", office.Code);
        var questionnaire = await QuestionnaireAsync(submission.Year, cancellationToken);
        return new SubmissionView(submission, office, questionnaire, answers, Access.CanAnswer(account, office), Access.CanReview(account, office), locked);
    }

    /// <summary>
    /// Saves answers as typed: each is normalized by the questionnaire (a bad value refuses the whole save, naming it);
    /// keys of the questionnaire not given stay as they are. Stored at the version the writer read, or refused.
    /// </summary>
    public async Task<SavedAnswers> SaveAsync(Account account, long id, long version, IReadOnlyDictionary<string, string?> answers, CancellationToken cancellationToken)
    {
        // One transaction reads what the checks need and writes: a save is the busiest request there is.
        SubmissionView view = null!;
        Dictionary<string, string?> normalized = null!;
        var saved = await store.SaveAnswersAsync(id, version, async stored =>
        {
            view = await ViewAsync(account, stored, cancellationToken);
            Require(Access.CanAct(account, view.Office, SubmissionAction.Save), "change-answers", $"change the answers of office {view.Office.Code}", view.Office.Code);
            return normalized = Answering.NormalizeOrRefuse(view.Questionnaire, answers);
        }, ChangeBy(account), cancellationToken);
        // The answers as the save left them: those read, with the save's changes (a null removes one).
        var now = view.Answers.Where(a => !normalized.ContainsKey(a.Key))
            .Concat(normalized.Where(n => n.Value is not null).Select(n => KeyValuePair.Create(n.Key, n.Value!)))
            .ToDictionary(StringComparer.Ordinal);
        return new SavedAnswers(saved, Answering.Progress(view.Questionnaire, now));
    }

    /// <summary>The comment threads of a submission whoever may read it sees, in the questionnaire's order of questions.</summary>
    public async Task<IReadOnlyList<CommentThread>> ThreadsAsync(Account account, long id, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(account, id, cancellationToken);
        Require(Access.CanComment(account, view.Office), "read-comments", $"read the comments on the submission of office {view.Office.Code}", view.Office.Code);
        var order = view.Questionnaire.Questions.Select((q, i) => (q.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        return [.. (await store.CommentThreadsAsync(id, cancellationToken)).OrderBy(t => order.GetValueOrDefault(t.Question, int.MaxValue))];
    }

    /// <summary>
    /// Adds a comment to the thread on a question of the submission (its reviewer, its focal point, editors and
    /// administrators): a question of the submission's questionnaire, a text of 1 to <see cref="InputLimits.MaxThreadCommentLength"/> characters.
    /// </summary>
    public async Task<CommentThread> CommentAsync(Account account, long id, string question, string? text, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(account, id, cancellationToken);
        Require(Access.CanComment(account, view.Office), "comment", $"comment on the submission of office {view.Office.Code}", view.Office.Code);
        if (view.Questionnaire.Question(question) is null)
        {
            throw new AlmanacException(Refusal.Of("comment.no-question", $"no question {InputLimits.Quote(question)} in the {view.Submission.Year} questionnaire: a comment is on one of its questions",
                InputLimits.Quote(question), view.Submission.Year));
        }
        return await store.AddCommentAsync(id, question, CommentRules.Checked(text), ChangeBy(account), cancellationToken);
    }

    /// <summary>Marks the thread on a question resolved, or opens it again (the region's reviewer).</summary>
    public async Task<CommentThread> ResolveAsync(Account account, long id, string question, bool resolved, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(account, id, cancellationToken);
        Require(Access.CanResolveThreads(account, view.Office), resolved ? "resolve-threads" : "reopen-threads", $"{(resolved ? "resolve" : "reopen")} comment threads on the submission of office {view.Office.Code}", view.Office.Code);
        if (view.Questionnaire.Question(question) is null)
        {
            throw new NotFoundException(Refusal.Of("not-found.question", $"no question {InputLimits.Quote(question)} in the {view.Submission.Year} questionnaire",
                InputLimits.Quote(question), view.Submission.Year));
        }
        return await store.SetThreadResolvedAsync(id, question, resolved, ChangeBy(account), cancellationToken);
    }

    /// <summary>Submits (only when every required shown answer is there), returns with a comment, or approves.</summary>
    public Task<Submission> ActAsync(Account account, long id, long version, SubmissionAction action, string? comment, CancellationToken cancellationToken) =>
        // The checks read the submission in the transaction that moves it on: one unit of work, as a save.
        store.ActAsync(id, version, action, comment, async stored =>
        {
            var view = await ViewAsync(account, stored, cancellationToken);
            Require(Access.CanAct(account, view.Office, action), "act." + action.ToString().ToLowerInvariant(), $"{action.ToString().ToLowerInvariant()} the submission of office {view.Office.Code}", view.Office.Code);
            SubmissionWorkflow.CheckComment(comment);
            if (action == SubmissionAction.Submit && view.Submission.Version == version && Answering.Incomplete(view.Questionnaire, view.Answers) is { Count: > 0 } missing)
            {
                throw new IncompleteException(view.Questionnaire, missing);
            }
            // A figure stored before the bounds were checked is corrected by the office before the submission goes on, so that
            // it never reaches an approval (and the year lock) again.
            if (action is SubmissionAction.Submit or SubmissionAction.Approve && view.Submission.Version == version
                && Answering.OutOfRange(view.Questionnaire, view.Submission, view.Answers, shownOnly: true) is [var first, ..])
            {
                Answering.Figure(view.Submission, first.Key, first.Value);
            }
            if (action == SubmissionAction.Reopen && Answering.OutOfRange(view.Questionnaire, view.Submission, view.Answers) is { Count: 0 })
            {
                throw new WorkflowException(Refusal.Of("workflow.nothing-out-of-range",
                    $"submission {id} holds no answer outside the bounds: only its regional reviewer returns it (while it is submitted)", id));
            }
        }, ChangeBy(account), cancellationToken);

    /// <summary>
    /// The stored figures outside the bounds of <see cref="InputLimits"/> (saved before they were checked) in every
    /// submission of the unlocked years, or of <paramref name="year"/>: for administrators, who return each submission
    /// to its office for correction (<see cref="ReopenAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<OutOfRangeAnswer>> OutOfRangeAsync(Account account, int? year, CancellationToken cancellationToken)
    {
        Require(Access.CanReopen(account), "list-out-of-range", "list answers outside the bounds");
        var found = new List<OutOfRangeAnswer>();
        foreach (var y in await store.QuestionnaireYearsAsync(cancellationToken))
        {
            if (year is not null && y != year || await store.IsYearLockedAsync(y, cancellationToken)) continue;
            var questionnaire = await QuestionnaireAsync(y, cancellationToken);
            foreach (var (submission, answers) in await store.SubmissionsWithAnswersAsync(y, cancellationToken))
            {
                found.AddRange(Answering.OutOfRange(questionnaire, submission, answers));
            }
        }
        return found;
    }

    /// <summary>
    /// Returns a submitted or approved submission holding an out-of-range answer to its office (an administrator), with a
    /// comment that names the answers to correct (<paramref name="comment"/> is added to it): the office corrects and
    /// submits again, the reviewer approves again, as after any return.
    /// </summary>
    public async Task<Submission> ReopenAsync(Account account, long id, long version, string? comment, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(account, id, cancellationToken);
        Require(Access.CanReopen(account), "return-for-correction", $"return the submission of office {view.Office.Code} for correction", view.Office.Code);
        var answers = Answering.OutOfRange(view.Questionnaire, view.Submission, view.Answers);
        var named = "Returned by the administrator to correct "
            + string.Join("; ", answers.Select(a => $"answer {InputLimits.Quote(a.Key)}, stored as {InputLimits.Quote(a.Value)}"))
            + $" — outside the bounds (non-negative, below 10^14, at most {InputLimits.FactDecimals} decimals), stored before answers were checked.";
        var full = string.IsNullOrWhiteSpace(comment) ? named : named + " " + comment.Trim();
        return await ActAsync(account, id, version, SubmissionAction.Reopen, full.Length > InputLimits.MaxCommentLength ? full[..InputLimits.MaxCommentLength] : full, cancellationToken);
    }

    public async Task<long> LockYearAsync(Account account, int year, CancellationToken cancellationToken)
    {
        Require(Access.CanLockYear(account), "lock-year", "lock a year");
        await QuestionnaireAsync(year, cancellationToken);
        return await store.LockYearAsync(year, ChangeBy(account), cancellationToken);
    }

    /// <summary>The year's lock, or null while it is open: everyone signed in sees whether a year is locked.</summary>
    public Task<YearLock?> YearLockAsync(int year, CancellationToken cancellationToken) => store.YearLockAsync(year, cancellationToken);

    /// <summary>
    /// The submissions overview of a year: every office the account may read (a reviewer's region, every office for
    /// headquarters), started or not, with the counts per state of the offices the region and search keep, and the offices
    /// the whole filter keeps in its order. A filter value out of bounds is refused (400), naming it.
    /// </summary>
    public async Task<SubmissionsOverview> OverviewAsync(Account account, int year, OverviewFilter filter, CancellationToken cancellationToken)
    {
        Require(Access.CanSeeOverview(account), "see-overview", "see the submissions overview");
        if (SubmissionOverview.Problem(filter) is { } problem) throw new AlmanacException(problem);
        await QuestionnaireAsync(year, cancellationToken);
        var inScope = (await store.SubmissionOverviewAsync(year, cancellationToken)).Where(o => Access.CanRead(account, o.Office)).ToList();
        var regions = inScope.Select(o => o.Office).Where(o => o.Kind == OfficeKind.RegionalOffice).OrderBy(o => o.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        return new SubmissionsOverview(year, await store.YearLockAsync(year, cancellationToken), inScope.Count,
            SubmissionOverview.Counts(SubmissionOverview.Within(inScope, filter)), SubmissionOverview.Apply(inScope, filter), SubmissionOverview.ToChase(inScope, filter), regions);
    }

    /// <summary>
    /// What locking the year would leave out: every office of the organization whose submission is not approved (not
    /// started, draft, awaiting review, returned), for those who may lock the year.
    /// </summary>
    public async Task<SubmissionsOverview> LockPreviewAsync(Account account, int year, CancellationToken cancellationToken)
    {
        Require(Access.CanLockYear(account), "lock-year", "lock a year");
        return await OverviewAsync(account, year, new OverviewFilter(), cancellationToken);
    }

    /// <summary>Unlocks a locked year (administrators), audited; a year without a questionnaire is not found, an open one refused (409).</summary>
    public async Task UnlockYearAsync(Account account, int year, CancellationToken cancellationToken)
    {
        Require(Access.CanUnlockYear(account), "unlock-year", "unlock a year");
        await QuestionnaireAsync(year, cancellationToken);
        await store.UnlockYearAsync(year, ChangeBy(account), cancellationToken);
    }

    /// <summary>A page of the audit log (administrators): the newest lines, those older than <paramref name="before"/>, or those just newer than <paramref name="after"/>.</summary>
    public async Task<AuditPage> AuditPageAsync(Account account, AuditQuery query, long? before, long? after, CancellationToken cancellationToken)
    {
        Require(Access.CanAdminister(account), "read-audit", "read the audit log");
        return await store.AuditPageAsync(query, before, after, cancellationToken);
    }

    /// <summary>
    /// Results of a year, filtered by region and framework node (with the nodes below it), and the questionnaire-derived
    /// indicators by node, read under the year's framework or, through the crosswalk, under <paramref name="framework"/>
    /// (the node then being one of that framework's), each with the year before's value when that year has results.
    /// </summary>
    public async Task<YearResults> ResultsAsync(Account account, int year, string? region, string? node, string? framework, CancellationToken cancellationToken)
    {
        Require(Access.CanSeeResults(account), "see-results", "see results across offices");
        var questionnaire = await QuestionnaireAsync(year, cancellationToken);
        var frameworks = await store.FrameworksAsync(cancellationToken);
        var view = string.IsNullOrEmpty(framework) ? questionnaire.Framework : framework;
        var target = frameworks.FirstOrDefault(f => f.Id == view) ?? throw new NotFoundException(Refusal.Of("not-found.framework", $"no framework '{view}'", $"'{view}'"));
        IReadOnlySet<string>? viewNodes = null, nodes = null;
        if (!string.IsNullOrEmpty(node))
        {
            viewNodes = target.Node(node) is null ? throw new NotFoundException(Refusal.Of("not-found.node", $"no node '{node}' in framework '{view}'", $"'{node}'", $"'{view}'")) : target.Subtree(node);
            // The answers are filed under the year's own framework: a node of another is read through the crosswalk.
            var crosswalk = Crosswalk.Of(frameworks);
            nodes = viewNodes.SelectMany(n => crosswalk.Counterparts(new NodeRef(view, n), questionnaire.Framework)).ToHashSet(StringComparer.Ordinal);
        }
        var offices = await store.OfficesAsync(cancellationToken);
        if (!string.IsNullOrEmpty(region) && offices.All(o => ResultsCalculator.RegionOf(o) != region)) throw new NotFoundException(Refusal.Of("not-found.region", $"no region '{region}'", $"'{region}'"));
        var scope = string.IsNullOrEmpty(region) ? null : region;
        var submissions = await store.SubmissionsWithAnswersAsync(year, cancellationToken);
        var results = ResultsCalculator.Compute(questionnaire, offices, submissions, scope, nodes);

        // Every questionnaire up to the year gives the indicators their baselines; the year before gives the previous value.
        var questionnaires = new List<Questionnaire>();
        foreach (var y in (await store.QuestionnaireYearsAsync(cancellationToken)).Where(y => y < year))
        {
            if (await store.QuestionnaireAsync(y, cancellationToken) is { } earlier) questionnaires.Add(earlier);
        }
        QuestionnaireYear? previous = null;
        if (questionnaires.FirstOrDefault(q => q.Year == year - 1) is { } before)
        {
            previous = new QuestionnaireYear(before, await store.SubmissionsWithAnswersAsync(before.Year, cancellationToken));
        }
        var indicators = IndicatorResults.Compute(frameworks, questionnaires.Append(questionnaire), new QuestionnaireYear(questionnaire, submissions), previous, offices, view, scope, viewNodes);
        // An office's answer is shown only to whoever may read its submission; everyone else sees how many are left out.
        var byCode = offices.ToDictionary(o => o.Code, StringComparer.Ordinal);
        var readable = results.OutOfRange.Where(a => byCode.TryGetValue(a.Office, out var office) && Access.CanRead(account, office)).ToList();
        var texts = TextAnswers.Of(questionnaire, offices, submissions, scope, nodes)
            .Select(a => byCode.TryGetValue(a.Office!, out var office) && Access.CanRead(account, office) ? a : a with { Office = null }).ToList();
        return new YearResults(results, view, previous is { HasResults: true } ? previous.Year : null, indicators, readable) { TextAnswers = texts };
    }

    /// <summary>
    /// A pivot query over the fact table, for those who may see results across offices (a focal point sees their own
    /// office only). The text is read only once access is granted; the query runs through the store's serialization.
    /// </summary>
    /// <summary>The measures the fact table holds, with their dimensions: what the pivot page offers to choose from.</summary>
    public async Task<IReadOnlyList<MeasureInfo>> MeasuresAsync(Account account, CancellationToken cancellationToken)
    {
        Require(Access.CanSeeResults(account), "query-results", "query results across offices");
        var catalog = await store.ReadFactsAsync(facts => facts.FactCatalogAsync(cancellationToken), cancellationToken);
        return [.. catalog.Measures.OrderBy(m => m.Name, StringComparer.Ordinal)];
    }

    public async Task<QueryResult> QueryAsync(Account account, PivotQueryText text, CancellationToken cancellationToken)
    {
        Require(Access.CanSeeResults(account), "query-results", "query results across offices");
        var query = text.ToQuery();
        // A new engine per query: its dictionary is read afresh, so an import since the last query shows at once.
        return await store.ReadFactsAsync(facts => new QueryEngine(facts).RunAsync(query, cancellationToken), cancellationToken);
    }

    /// <summary>The mapping between the stored figures and DHIS2 codes the server exchanges through: the project's default.</summary>
    private static readonly Lazy<Dhis2Mapping> DataValueMapping = new(Dhis2Mapping.Default);

    /// <summary>A year's stored figures as DHIS2 data values (of one organisation unit when asked), for administrators and editors.</summary>
    public async Task<Dhis2Export> ExportDataValuesAsync(Account account, int year, string? orgUnit, CancellationToken cancellationToken)
    {
        Require(Access.CanExchangeDataValues(account), "export-data-values", "export data values");
        return await store.ReadFactsAsync(facts => Dhis2Exchange.ExportAsync(facts, DataValueMapping.Value, year, orgUnit, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Imports a DHIS2 data value set or ADX document (administrators and editors): DHIS2's import summary; with a conflict,
    /// or in a dry run, nothing is written. Audited as the account's change.
    /// </summary>
    public async Task<Dhis2ImportSummary> ImportDataValuesAsync(Account account, string name, byte[] content, Dhis2Format format, bool dryRun, CancellationToken cancellationToken)
    {
        Require(Access.CanExchangeDataValues(account), "import-data-values", "import data values");
        var view = await store.ReadFactsAsync(facts => Dhis2StoreView.ReadAsync(facts, cancellationToken), cancellationToken);
        var change = ChangeBy(account);
        return await Dhis2Exchange.ImportAsync(name, content, format, DataValueMapping.Value, view, dryRun, change.At,
            (source, values, dry) => store.ImportFactValuesAsync(source, values, dry, change, cancellationToken));
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(Account account, AuditQuery query, CancellationToken cancellationToken)
    {
        Require(Access.CanAdminister(account), "read-audit", "read the audit log");
        return await store.AuditAsync(query, cancellationToken);
    }

    public async Task<Questionnaire> ImportQuestionnaireAsync(Account account, string file, string yaml, CancellationToken cancellationToken) =>
        (await ImportQuestionnaireAtAsync(account, file, yaml, stamp: null, cancellationToken)).Questionnaire;

    public async Task<IReadOnlyList<Framework>> ImportFrameworksAsync(Account account, string file, string yaml, CancellationToken cancellationToken)
    {
        Require(Access.CanAdminister(account), "change-frameworks", "change frameworks");
        var frameworks = PlatformFiles.ReadFrameworks(file, yaml, await store.FrameworksAsync(cancellationToken));
        await store.SaveFrameworksAsync(frameworks, ChangeBy(account), cancellationToken);
        return frameworks;
    }

    public async Task<IReadOnlyList<Office>> ImportOfficesAsync(Account account, string file, TextReader csv, CancellationToken cancellationToken)
    {
        Require(Access.CanAdminister(account), "change-offices", "change offices");
        var offices = PlatformFiles.ReadOffices(file, csv);
        await store.ImportOfficesAsync(offices, ChangeBy(account), cancellationToken);
        return offices;
    }

    /// <summary>
    /// Backs the store up (administrators only) into a new directory under the server's backup root
    /// (<see cref="PlatformOptions.BackupRoot"/>), named by the time: no request names a path. One at a time, at most
    /// <see cref="MaxServerBackups"/> kept there.
    /// </summary>
    public async Task<ServerBackup> BackupAsync(Account account, CancellationToken cancellationToken)
    {
        Require(Access.CanAdminister(account), "back-up", "back up the store");
        if (options.Value.BackupRoot is not { Length: > 0 } configured)
        {
            throw new WorkflowException(Refusal.Of("backup.no-directory",
                "this server writes no backups: its setting Platform:BackupRoot names no directory (almanac serve sets it to the backups folder beside the store)"));
        }
        if (Interlocked.Exchange(ref _backingUp, 1) == 1) throw new WorkflowException(Refusal.Of("backup.busy", "a backup is being written: wait until it is done"));
        try
        {
            var root = Path.GetFullPath(configured);
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(root);
            else Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var held = Directory.EnumerateDirectories(root, "almanac-*").Count();
            if (held >= MaxServerBackups)
            {
                throw new WorkflowException(Refusal.Of("backup.full",
                    $"the backup directory {root} holds {held} backups, the most the server writes there: move older ones elsewhere, then back up again", root, held));
            }
            var at = clock.GetUtcNow();
            var name = "almanac-" + at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var directory = Path.Combine(root, name);
            for (var n = 2; Directory.Exists(directory) || File.Exists(directory); n++) directory = Path.Combine(root, $"{name}-{n}");
            var manifest = await store.BackupAsync(directory, ChangeBy(account), cancellationToken);
            return new ServerBackup(directory, manifest);
        }
        finally
        {
            Volatile.Write(ref _backingUp, 0);
        }
    }

    /// <summary>Every office with what refers to it, by name (administrators): what the Offices page lists.</summary>
    public async Task<IReadOnlyList<OfficeListing>> OfficeListingsAsync(Account account, CancellationToken cancellationToken)
    {
        Require(Access.CanAdminister(account), "change-offices", "change offices");
        var uses = await store.OfficeUsesAsync(cancellationToken);
        return [.. (await store.OfficesAsync(cancellationToken)).Select(o => new OfficeListing(o, uses.GetValueOrDefault(o.Code, OfficeUse.None)))
            .OrderBy(l => l.Office.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(l => l.Office.Code, StringComparer.Ordinal)];
    }

    /// <summary>Adds an office (administrators): its fields checked as an import checks a file's, refused when the code is taken.</summary>
    public async Task<Office> AddOfficeAsync(Account account, OfficeFields fields, CancellationToken cancellationToken)
    {
        Require(Access.CanAdminister(account), "change-offices", "change offices");
        var office = OfficeRules.Checked(fields.Code, fields.Name, fields.Kind, fields.Region, fields.Country);
        await store.SaveOfficeAsync(office, create: true, ChangeBy(account), cancellationToken);
        return await OfficeAsync(office.Code, cancellationToken);
    }

    /// <summary>Changes an office's name, kind, region and country (administrators); its code is its key and stays.</summary>
    public async Task<Office> UpdateOfficeAsync(Account account, string code, OfficeFields fields, CancellationToken cancellationToken)
    {
        Require(Access.CanAdminister(account), "change-offices", "change offices");
        var office = OfficeRules.Checked(code, fields.Name, fields.Kind, fields.Region, fields.Country);
        await store.SaveOfficeAsync(office, create: false, ChangeBy(account), cancellationToken);
        return await OfficeAsync(office.Code, cancellationToken);
    }

    /// <summary>Deletes an office nothing refers to (administrators); one with submissions, accounts or offices reporting to it is kept (409).</summary>
    public async Task DeleteOfficeAsync(Account account, string code, CancellationToken cancellationToken)
    {
        Require(Access.CanAdminister(account), "change-offices", "change offices");
        await store.DeleteOfficeAsync(code, ChangeBy(account), cancellationToken);
    }

    /// <summary>A year's questionnaire with its stamp (what the export's ETag gives), for everyone signed in as the questionnaire is.</summary>
    public async Task<StampedQuestionnaire> StampedQuestionnaireAsync(int year, CancellationToken cancellationToken) =>
        await store.StampedQuestionnaireAsync(year, cancellationToken) ?? throw NotFoundException.Questionnaire(year);

    /// <summary>A year's questionnaire as the designer opens it (administrators): with its stamp, its number of submissions and its lock.</summary>
    public async Task<QuestionnaireDesignView> DesignAsync(Account account, int year, CancellationToken cancellationToken)
    {
        Require(Access.CanAdminister(account), "change-questionnaires", "change questionnaires");
        var stamped = await StampedQuestionnaireAsync(year, cancellationToken);
        return new QuestionnaireDesignView(stamped, await store.YearLockAsync(year, cancellationToken));
    }

    /// <summary>
    /// Saves a questionnaire as designed (administrators) through the store method an import uses, at the stamp the
    /// designer read (<see cref="IPlatformStore.SaveQuestionnaireAsync(Questionnaire, string?, Change, CancellationToken)"/>):
    /// checked first by the rules a file is read with (<see cref="Answering.Check"/>), every problem by question and field
    /// (<see cref="QuestionnaireRefusedException"/>); a framework that is not stored is refused as the import refuses it.
    /// Returns the new stamp.
    /// </summary>
    public async Task<string> SaveDesignAsync(Account account, Questionnaire questionnaire, string? stamp, CancellationToken cancellationToken)
    {
        Require(Access.CanAdminister(account), "change-questionnaires", "change questionnaires");
        if (Answering.Check(questionnaire) is { Count: > 0 } problems) throw new QuestionnaireRefusedException(questionnaire.Year, problems);
        if (!(await store.FrameworksAsync(cancellationToken)).Any(f => f.Id == questionnaire.Framework))
            throw new AlmanacException(Refusal.Of("design.framework-not-stored",
                $"the {questionnaire.Year} questionnaire names the framework {InputLimits.Quote(questionnaire.Framework)}, which is not stored: import it first",
                questionnaire.Year, InputLimits.Quote(questionnaire.Framework)));
        return await store.SaveQuestionnaireAsync(questionnaire, stamp, ChangeBy(account), cancellationToken);
    }

    /// <summary>
    /// <see cref="ImportQuestionnaireAsync"/> at a stamp (an HTTP If-Match): refused when the stored questionnaire is no
    /// longer the one the stamp names. Returns the questionnaire and its new stamp.
    /// </summary>
    public async Task<(Questionnaire Questionnaire, string Stamp)> ImportQuestionnaireAtAsync(Account account, string file, string yaml, string? stamp, CancellationToken cancellationToken)
    {
        Require(Access.CanAdminister(account), "change-questionnaires", "change questionnaires");
        var questionnaire = PlatformFiles.ReadQuestionnaire(file, yaml);
        if (!(await store.FrameworksAsync(cancellationToken)).Any(f => f.Id == questionnaire.Framework))
            throw new InputException(file, null, "framework", questionnaire.Framework, "no such framework: import it first");
        return (questionnaire, await store.SaveQuestionnaireAsync(questionnaire, stamp, ChangeBy(account), cancellationToken));
    }
}

/// <summary>An office as the administrator types it (the code ignored on a change: it is the key).</summary>
public sealed record OfficeFields(string? Code, string? Name, string? Kind, string? Region, string? Country);

/// <summary>An office and what refers to it, as the Offices page lists it.</summary>
public sealed record OfficeListing(Office Office, OfficeUse Use);

/// <summary>
/// A year's submissions overview for one account: the year's lock (null while open), how many offices are in its scope,
/// the counts per state (<see cref="SubmissionOverview.States"/>) within the region and search, the offices the filter
/// keeps, those of them to chase (not approved, by name), and the regions in scope.
/// </summary>
public sealed record SubmissionsOverview(int Year, YearLock? Lock, int InScope, IReadOnlyList<(string State, int Count)> Counts, IReadOnlyList<OfficeProgress> Offices,
    IReadOnlyList<OfficeProgress> ToChase, IReadOnlyList<Office> Regions);

/// <summary>A backup the server wrote: the directory (on the server) and its manifest.</summary>
public sealed record ServerBackup(string Directory, Almanac.Store.Backup.BackupManifest Manifest);

/// <summary>A year's questionnaire as the designer opens it: as stored with its stamp and number of submissions, and the year's lock (null while open).</summary>
public sealed record QuestionnaireDesignView(StampedQuestionnaire Stored, YearLock? Lock);
