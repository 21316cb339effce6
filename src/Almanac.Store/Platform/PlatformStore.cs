using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Almanac.Domain;
using Almanac.Domain.Observations;
using Almanac.Domain.Platform;

namespace Almanac.Store.Platform;

/// <summary>
/// The platform's persistence (<see cref="IPlatformStore"/>: offices, accounts and sessions, questionnaires, submissions,
/// comments, year locks, the audit log, the key ring), in the same SQL for both engines; <paramref name="store"/> is its
/// engine, whose units of work each call is (<see cref="SqlStore.UnitOfWorkAsync{T}"/>).
/// </summary>
/// <remarks>
/// Version checks are part of the UPDATE's WHERE clause, so that two units (or two servers on one PostgreSQL database)
/// cannot both win either.
/// </remarks>
internal sealed partial class PlatformStore(SqlStore store)
{
    private static readonly JsonSerializerOptions DocumentJson = new()
    {
        // Computed properties (a questionnaire's flat list of questions) are not part of the document.
        IgnoreReadOnlyProperties = true,
        Converters = { new JsonStringEnumConverter() },
    };

    internal Task AuditAsync(DbTransaction transaction, Change change, string entity, string action, string? field, string? oldValue, string? newValue, CancellationToken cancellationToken) =>
        store.ExecuteAsync(transaction, """
            INSERT INTO audit_log (id, changed_at, actor, entity, action, field, old_value, new_value)
            VALUES (nextval('audit_id_seq'), $1, $2, $3, $4, $5, $6, $7)
            """, cancellationToken, change.At.UtcDateTime, change.Actor, entity, action, field, oldValue, newValue);

    public Task ImportOfficesAsync(IReadOnlyList<Office> offices, Change change, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            var existing = (await store.RowsAsync<OfficeRow>(transaction, $"SELECT {OfficeColumns} FROM office", cancellationToken)).Select(r => r.ToOffice())
                .ToDictionary(o => o.Code, StringComparer.Ordinal);
            var merged = existing.Values.Where(o => offices.All(n => n.Code != o.Code)).Concat(offices).ToList();
            if (OfficeKinds.Check(merged) is [var problem, ..]) throw new AlmanacException($"office '{problem.Office}', {problem.Field} '{problem.Value}': {problem.Problem}; no office was imported");
            var changed = offices.Where(o => existing.GetValueOrDefault(o.Code) != o).ToList();
            if (changed.Count == 0) return;
            await store.StampCatalogAsync(transaction, cancellationToken);
            // One statement for the whole list (two per office took DuckDB half a second for the demo's 193).
            await store.ExecuteAsync(transaction, $"""
                INSERT INTO office (code, name, kind, region, country) VALUES {Placeholders(1, 5, changed.Count)}
                ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, region = excluded.region, country = excluded.country
                """, cancellationToken, [.. changed.SelectMany(o => new object?[] { o.Code, o.Name, o.Kind.Code(), o.Region, o.Country })]);
            await AuditAllAsync(transaction, change, [.. changed.Select(o => existing.GetValueOrDefault(o.Code) is { } before
                ? ($"office {o.Code}", "update", (string?)null, Describe(before), Describe(o))
                : ($"office {o.Code}", "create", (string?)null, (string?)null, Describe(o)))], cancellationToken);
        }, cancellationToken);

    private static string? Describe(Office? office) =>
        office is null ? null : $"{office.Name} ({office.Kind.Code()}, region {office.Region ?? "-"}, country {office.Country ?? "-"})";

    public Task<IReadOnlyList<Office>> OfficesAsync(CancellationToken cancellationToken) => store.OfficeHierarchyAsync(cancellationToken);

    public Task SaveFrameworksAsync(IReadOnlyList<Framework> frameworks, Change change, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            foreach (var framework in frameworks) await WriteDocumentAsync(transaction, "framework", "id", framework.Id, framework, change, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<Framework>> FrameworksAsync(CancellationToken cancellationToken) =>
        store.CatalogAsync("frameworks", async () =>
        {
            var frameworks = new List<Framework>();
            await foreach (var row in store.QueryAsync("SELECT document FROM framework ORDER BY id", cancellationToken))
            {
                frameworks.Add(JsonSerializer.Deserialize<Framework>((string)row[0]!, DocumentJson)!);
            }
            return (IReadOnlyList<Framework>)[.. frameworks.OrderBy(f => f.FromYear)];
        }, cancellationToken);

    public Task SaveQuestionnaireAsync(Questionnaire questionnaire, Change change, CancellationToken cancellationToken) =>
        SaveQuestionnaireAsync(questionnaire, expectedStamp: null, change, cancellationToken);

    /// <summary>Stores a definition as a JSON document; the audit keeps the old and new document whole.</summary>
    private async Task WriteDocumentAsync<T>(DbTransaction transaction, string table, string keyColumn, object key, T document, Change change, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(document, DocumentJson);
        var before = (string?)await store.ScalarAsync(transaction, $"SELECT document FROM {table} WHERE {keyColumn} = $1", cancellationToken, key);
        if (before == json) return;
        await store.StampCatalogAsync(transaction, cancellationToken);
        await store.ExecuteAsync(transaction, $"INSERT INTO {table} ({keyColumn}, document) VALUES ($1, $2) ON CONFLICT ({keyColumn}) DO UPDATE SET document = excluded.document",
            cancellationToken, key, json);
        await AuditAsync(transaction, change, $"{table} {Convert.ToString(key, CultureInfo.InvariantCulture)}", before is null ? "create" : "update", null, before, json, cancellationToken);
    }

    public Task<Questionnaire?> QuestionnaireAsync(int year, CancellationToken cancellationToken) =>
        store.CatalogAsync($"questionnaire {year}", async () =>
        {
            var json = (string?)await store.ScalarAsync(null, "SELECT document FROM questionnaire WHERE year = $1", cancellationToken, year);
            return json is null ? null : JsonSerializer.Deserialize<Questionnaire>(json, DocumentJson);
        }, cancellationToken);

    public Task<IReadOnlyList<int>> QuestionnaireYearsAsync(CancellationToken cancellationToken) =>
        store.CatalogAsync("questionnaire years", async () =>
        {
            var years = new List<int>();
            await foreach (var row in store.QueryAsync("SELECT year FROM questionnaire ORDER BY year", cancellationToken)) years.Add(SqlStore.ToInt(row[0])!.Value);
            return (IReadOnlyList<int>)[.. years];
        }, cancellationToken);

    public Task SaveAccountAsync(Account account, string passwordHash, Change change, CancellationToken cancellationToken) =>
        WriteAccountAsync(account, passwordHash, AccountWrite.Upsert, change, cancellationToken);

    public Task CreateAccountAsync(Account account, string passwordHash, Change change, CancellationToken cancellationToken) =>
        WriteAccountAsync(account, passwordHash, AccountWrite.Create, change, cancellationToken);

    public Task UpdateAccountAsync(Account account, string? passwordHash, Change change, CancellationToken cancellationToken) =>
        WriteAccountAsync(account, passwordHash, AccountWrite.Update, change, cancellationToken);

    private enum AccountWrite
    {
        Upsert,
        Create,
        Update,
    }

    private async Task<StoredAccount?> ReadStoredAccountAsync(DbTransaction transaction, string userName, CancellationToken cancellationToken)
    {
        return (await store.RowsAsync<AccountRow>(transaction, $"SELECT {AccountColumns} FROM account WHERE user_name = $1", cancellationToken, userName)).SingleOrDefault()?.ToStored();
    }

    /// <summary>Refuses a change that leaves no enabled administrator (<see cref="AccountRules.LockOutProblem"/>).</summary>
    private async Task CheckLockOutAsync(DbTransaction transaction, StoredAccount before, bool isEnabledAdministrator, CancellationToken cancellationToken)
    {
        var was = before.Account.Role == Role.Administrator && !before.Disabled;
        if (!was || isEnabledAdministrator) return;
        var others = Convert.ToInt32(await store.ScalarAsync(transaction,
            "SELECT COUNT(*) FROM account WHERE role = $1 AND COALESCE(disabled, FALSE) = FALSE AND user_name <> $2", cancellationToken,
            Role.Administrator.Code(), before.Account.UserName), CultureInfo.InvariantCulture);
        if (AccountRules.LockOutProblem(before.Account.UserName, was, isEnabledAdministrator, others) is { } problem) throw new WorkflowException(problem);
    }

    private static string Scope(Account account) => $"{account.Role.Code()} {account.Office ?? account.Region ?? ""}".Trim();

    private Task<bool> WriteAccountAsync(Account account, string? passwordHash, AccountWrite mode, Change change, CancellationToken cancellationToken)
    {
        if (Roles.ScopeProblem(account) is { } problem) throw new AlmanacException(AccountRules.ScopeOf(account.UserName, problem));
        return store.InTransactionAsync(async transaction =>
        {
            await store.SerializeAccountChangesAsync(transaction, cancellationToken);
            var stored = await ReadStoredAccountAsync(transaction, account.UserName, cancellationToken);
            if (mode == AccountWrite.Create)
            {
                // Names differing only in case would be two accounts that people (and the audit log's reader) take for one.
                var taken = stored?.Account.UserName ?? (string?)await store.ScalarAsync(transaction, "SELECT user_name FROM account WHERE LOWER(user_name) = LOWER($1)", cancellationToken, account.UserName);
                if (taken is not null) throw new WorkflowException(AccountRules.TakenProblem(account.UserName, taken));
            }
            if (mode == AccountWrite.Update && stored is null) throw NotFoundException.Account(account.UserName);
            var hash = passwordHash ?? stored?.PasswordHash ?? throw new AlmanacException(Refusal.Of("account.new-needs-password", $"account '{account.UserName}': a new account needs a password", $"'{account.UserName}'"));
            if (stored is not null) await CheckLockOutAsync(transaction, stored, account.Role == Role.Administrator && !stored.Disabled, cancellationToken);
            await store.ExecuteAsync(transaction, """
                INSERT INTO account (user_name, display_name, role, office, region, password_hash, failed_logins, locked_until, security_stamp, disabled)
                VALUES ($1, $2, $3, $4, $5, $6, 0, NULL, $7, FALSE)
                ON CONFLICT (user_name) DO UPDATE SET display_name = excluded.display_name, role = excluded.role, office = excluded.office,
                    region = excluded.region, password_hash = excluded.password_hash
                """, cancellationToken, account.UserName, account.DisplayName, account.Role.Code(), account.Office, account.Region, hash, NewStamp());
            var entity = $"account {account.UserName}";
            if (stored is null)
            {
                await AuditAsync(transaction, change, entity, "create", "role", null, Scope(account), cancellationToken);
                return;
            }
            // A session's last look holds the account as it was (its display name included).
            store.Changed(sessions: true);
            // The hash is never written to the audit log: only that the password changed, and whether by its owner.
            var scopeChanged = stored.Account with { DisplayName = account.DisplayName } != account;
            var passwordChanged = stored.PasswordHash != hash;
            if (scopeChanged) await AuditAsync(transaction, change, entity, "update", "role", Scope(stored.Account), Scope(account), cancellationToken);
            if (stored.Account.DisplayName != account.DisplayName)
                await AuditAsync(transaction, change, entity, "update", "display name", stored.Account.DisplayName, account.DisplayName, cancellationToken);
            if (passwordChanged) await AuditAsync(transaction, change, entity, change.Actor == account.UserName ? "password changed" : "password reset", "password", null, null, cancellationToken);
            // A new display name changes nothing a session relies on; a new password, role or scope does.
            if (scopeChanged || passwordChanged) await EndAccountSessionsAsync(transaction, account.UserName, change, cancellationToken);
        }, cancellationToken, SqlStore.UnitAccess.WriteAlone);
    }

    /// <summary>A new security stamp: random, so that no earlier session can carry it.</summary>
    private static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Rotates the account's stamp (what every server checks sessions against) and marks its open sessions ended.</summary>
    private async Task EndAccountSessionsAsync(DbTransaction transaction, string userName, Change change, CancellationToken cancellationToken)
    {
        store.Changed(sessions: true);
        await store.ExecuteAsync(transaction, "UPDATE account SET security_stamp = $1 WHERE user_name = $2", cancellationToken, NewStamp(), userName);
        var ended = await store.ExecuteCountAsync(transaction, "UPDATE web_session SET ended_at = $1 WHERE user_name = $2 AND ended_at IS NULL", cancellationToken,
            change.At.UtcDateTime, userName);
        if (ended > 0) await AuditAsync(transaction, change, $"account {userName}", "sessions ended", null, null, ended.ToString(CultureInfo.InvariantCulture), cancellationToken);
    }

    public Task SetAccountDisabledAsync(string userName, bool disabled, Change change, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            await store.SerializeAccountChangesAsync(transaction, cancellationToken);
            var before = await ReadStoredAccountAsync(transaction, userName, cancellationToken) ?? throw NotFoundException.Account(userName);
            if (before.Disabled == disabled) return;
            await CheckLockOutAsync(transaction, before, before.Account.Role == Role.Administrator && !disabled, cancellationToken);
            store.Changed(sessions: true);
            await store.ExecuteAsync(transaction, "UPDATE account SET disabled = $1 WHERE user_name = $2", cancellationToken, disabled, userName);
            await EndAccountSessionsAsync(transaction, userName, change, cancellationToken);
            await AuditAsync(transaction, change, $"account {userName}", disabled ? "disable" : "enable", "disabled", (!disabled).ToString(), disabled.ToString(), cancellationToken);
        }, cancellationToken, SqlStore.UnitAccess.WriteAlone);

    public Task RehashPasswordAsync(string userName, string expectedHash, string newHash, CancellationToken cancellationToken) =>
        store.InTransactionAsync(transaction => store.ExecuteAsync(transaction, "UPDATE account SET password_hash = $1 WHERE user_name = $2 AND password_hash = $3", cancellationToken,
            newHash, userName, expectedHash), cancellationToken);

    public Task<StoredAccount?> AccountAsync(string userName, CancellationToken cancellationToken) =>
        store.ReadingAsync(async () =>
            (await store.RowsAsync<AccountRow>(null, $"SELECT {AccountColumns} FROM account WHERE user_name = $1", cancellationToken, userName)).SingleOrDefault()?.ToStored(),
            cancellationToken);

    public Task<IReadOnlyList<AccountListing>> AccountsAsync(CancellationToken cancellationToken) =>
        store.ReadingAsync(async () =>
        {
            // The last sign-in is the audit log's (every sign-in is written there, and kept): no column to keep up to date.
            var rows = await store.RowsAsync<AccountRow>(null, """
                SELECT a.user_name, a.display_name, a.role, a.office, a.region, a.disabled, l.last_sign_in FROM account a
                LEFT JOIN (SELECT entity, MAX(changed_at) AS last_sign_in FROM audit_log WHERE action = 'sign-in' GROUP BY entity) l ON l.entity = 'account ' || a.user_name
                ORDER BY a.user_name
                """, cancellationToken);
            return (IReadOnlyList<AccountListing>)[.. rows.Select(r => new AccountListing(r.ToAccount(), r.Disabled == true, SqlStore.Utc(r.LastSignIn)))];
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, ThrottleState>> SignInThrottlesAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        store.ReadingAsync(async () =>
        {
            var states = new Dictionary<string, ThrottleState>(StringComparer.Ordinal);
            if (keys.Count == 0) return (IReadOnlyDictionary<string, ThrottleState>)states;
            foreach (var row in await store.RowsAsync<ThrottleRow>(null,
                $"SELECT throttle_key, failures, last_failure, blocked_until FROM sign_in_throttle WHERE throttle_key IN ({Placeholders(1, 1, keys.Count)})", cancellationToken, [.. keys]))
            {
                states[row.ThrottleKey] = row.ToState();
            }
            return (IReadOnlyDictionary<string, ThrottleState>)states;
        }, cancellationToken);

    public Task RecordSignInFailureAsync(string userName, string address, IReadOnlyDictionary<string, ThrottleState> throttles, DateTimeOffset at, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            foreach (var (key, state) in throttles.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                await store.ExecuteAsync(transaction, """
                    INSERT INTO sign_in_throttle (throttle_key, failures, last_failure, blocked_until) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (throttle_key) DO UPDATE SET failures = excluded.failures, last_failure = excluded.last_failure, blocked_until = excluded.blocked_until
                    """, cancellationToken, key, state.Failures, state.LastFailure.UtcDateTime, state.BlockedUntil?.UtcDateTime);
            }
            // A day after its last failure a throttle has been forgotten by the policy; its row only takes room.
            await store.ExecuteAsync(transaction, "DELETE FROM sign_in_throttle WHERE last_failure < $1", cancellationToken, (at - TimeSpan.FromDays(1)).UtcDateTime);
            await AuditAsync(transaction, new Change(userName, at), $"account {userName}", "sign-in failed", "address", null, address, cancellationToken);
        }, cancellationToken);

    public Task StartSessionAsync(AccountSession session, string address, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            await store.ExecuteAsync(transaction, $"INSERT INTO web_session ({SessionColumns}) VALUES ($1, $2, $3, $4, $5, $6, NULL)", cancellationToken,
                session.Id, session.UserName, session.Stamp, session.CreatedAt.UtcDateTime, session.LastSeen.UtcDateTime, session.ExpiresAt.UtcDateTime);
            // The owner signed in: whatever an attacker's failures built up on the account is cleared (not the address's,
            // which a guesser could otherwise reset by signing in to an account of their own).
            await store.ExecuteAsync(transaction, "DELETE FROM sign_in_throttle WHERE throttle_key = $1", cancellationToken, SignInThrottle.AccountKey(session.UserName));
            await store.ExecuteAsync(transaction, "DELETE FROM web_session WHERE expires_at < $1", cancellationToken, (session.CreatedAt - TimeSpan.FromDays(7)).UtcDateTime);
            await AuditAsync(transaction, new Change(session.UserName, session.CreatedAt), $"account {session.UserName}", "sign-in", "address", null, address, cancellationToken);
        }, cancellationToken);

    public Task<(AccountSession Session, StoredAccount Account)?> SessionAsync(string id, CancellationToken cancellationToken) =>
        store.ReadingAsync(async () =>
        {
            var sessionColumns = SessionColumns.Split(", ");
            var rows = await store.RowsAsync<SessionRow, AccountRow>(null, $"""
                SELECT {string.Join(", ", sessionColumns.Select(c => "s." + c))}, {string.Join(", ", AccountColumns.Split(", ").Select(c => "a." + c))}
                FROM web_session s JOIN account a ON a.user_name = s.user_name WHERE s.id = $1
                """, sessionColumns.Length, cancellationToken, id);
            return rows is [var (session, account)] ? ((AccountSession, StoredAccount)?)(session.ToSession(), account!.ToStored()) : null;
        }, cancellationToken);

    public Task TouchSessionAsync(string id, DateTimeOffset lastSeen, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        store.InTransactionAsync(transaction => store.ExecuteAsync(transaction, "UPDATE web_session SET last_seen = $1, expires_at = $2 WHERE id = $3 AND ended_at IS NULL", cancellationToken,
            lastSeen.UtcDateTime, expiresAt.UtcDateTime, id), cancellationToken);

    public Task EndSessionAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            var userName = (string?)await store.ScalarAsync(transaction, "SELECT user_name FROM web_session WHERE id = $1 AND ended_at IS NULL", cancellationToken, id);
            if (userName is null) return;
            store.Changed(sessions: true);
            await store.ExecuteAsync(transaction, "UPDATE web_session SET ended_at = $1 WHERE id = $2", cancellationToken, at.UtcDateTime, id);
            await AuditAsync(transaction, new Change(userName, at), $"account {userName}", "sign-out", null, null, null, cancellationToken);
        }, cancellationToken);

    private async Task<List<Submission>> ReadSubmissionsAsync(DbTransaction? transaction, string where, CancellationToken cancellationToken, params object?[] parameters) =>
        [.. (await store.RowsAsync<SubmissionRow>(transaction, $"SELECT {SubmissionColumns} FROM submission WHERE {where}", cancellationToken, parameters)).Select(r => r.ToSubmission())];

    private async Task<Submission?> ReadSubmissionAsync(DbTransaction? transaction, long id, CancellationToken cancellationToken) =>
        (await ReadSubmissionsAsync(transaction, "id = $1", cancellationToken, id)).SingleOrDefault();

    public Task<Submission> OpenSubmissionAsync(string office, int year, Change change, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            if ((await ReadSubmissionsAsync(transaction, "office = $1 AND year = $2", cancellationToken, office, year)).SingleOrDefault() is { } existing) return existing;
            if (await store.ScalarAsync(transaction, "SELECT code FROM office WHERE code = $1", cancellationToken, office) is null) throw NotFoundException.Office(office);
            if (await store.ScalarAsync(transaction, "SELECT year FROM questionnaire WHERE year = $1", cancellationToken, year) is null) throw NotFoundException.Questionnaire(year);
            if (await IsLockedForWritingAsync(transaction, year, cancellationToken)) throw new WorkflowException(Refusal.Of("year.locked-no-opening", $"{year} is locked: no submission can be opened", year));
            var id = Convert.ToInt64(await store.ScalarAsync(transaction, $"""
                INSERT INTO submission ({SubmissionColumns}) VALUES (nextval('submission_id_seq'), $1, $2, $3, 1, NULL, $4, $5) RETURNING id
                """, cancellationToken, office, year, nameof(SubmissionState.Draft), change.At.UtcDateTime, change.Actor), CultureInfo.InvariantCulture);
            await AuditAsync(transaction, change, $"submission {id}", "create", "state", null, SubmissionWorkflow.Name(SubmissionState.Draft), cancellationToken);
            var opened = (await ReadSubmissionAsync(transaction, id, cancellationToken))!;
            // Its first save, which comes next, then finds it without reading it again.
            Kept(opened, new Dictionary<string, string>(StringComparer.Ordinal));
            return opened;
        }, cancellationToken);

    public Task<Submission?> SubmissionAsync(long id, CancellationToken cancellationToken) =>
        store.ReadingAsync(() => ReadSubmissionAsync(null, id, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<Submission>> SubmissionsAsync(int? year, CancellationToken cancellationToken) =>
        store.ReadingAsync(async () =>
            (IReadOnlyList<Submission>)await ReadSubmissionsAsync(null, "CAST($1 AS INTEGER) IS NULL OR year = $1 ORDER BY year, office", cancellationToken, year), cancellationToken);

    private async Task<Dictionary<string, string>> ReadAnswersAsync(DbTransaction? transaction, long submissionId, CancellationToken cancellationToken)
    {
        return (await store.RowsAsync<AnswerRow>(transaction, "SELECT submission_id, answer_key, value FROM answer WHERE submission_id = $1", cancellationToken, submissionId))
            .ToDictionary(r => r.AnswerKey, r => r.Value, StringComparer.Ordinal);
    }

    public Task<IReadOnlyDictionary<string, string>> AnswersAsync(long submissionId, CancellationToken cancellationToken) =>
        store.ReadingAsync(async () => (IReadOnlyDictionary<string, string>)await ReadAnswersAsync(null, submissionId, cancellationToken), cancellationToken);

    public Task<StoredSubmission?> SubmissionWithAnswersAsync(long id, CancellationToken cancellationToken) =>
        store.ReadingAsync(async () => await ReadSubmissionAsync(null, id, cancellationToken) is { } submission
            ? new StoredSubmission(submission, await ReadAnswersAsync(null, id, cancellationToken), await IsLockedAsync(null, submission.Year, cancellationToken))
            : null, cancellationToken);

    public Task<IReadOnlyList<(Submission Submission, IReadOnlyDictionary<string, string> Answers)>> SubmissionsWithAnswersAsync(int year, CancellationToken cancellationToken) =>
        store.ReadingAsync(() => ReadYearAsync(null, year, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<(Submission Submission, IReadOnlyDictionary<string, string> Answers)>> ReadYearAsync(DbTransaction? transaction, int year, CancellationToken cancellationToken)
    {
        var submissions = await ReadSubmissionsAsync(transaction, "year = $1 ORDER BY office", cancellationToken, year);
        var answers = submissions.ToDictionary(s => s.Id, _ => new Dictionary<string, string>(StringComparer.Ordinal));
        foreach (var row in await store.RowsAsync<AnswerRow>(transaction, "SELECT a.submission_id, a.answer_key, a.value FROM answer a JOIN submission s ON s.id = a.submission_id WHERE s.year = $1",
            cancellationToken, year))
        {
            answers[row.SubmissionId][row.AnswerKey] = row.Value;
        }
        return [.. submissions.Select(s => (s, (IReadOnlyDictionary<string, string>)answers[s.Id]))];
    }

    public Task<IReadOnlyList<Submission>> ImportApprovedAnswersAsync(int year, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> answersByOffice, string comment,
        Change change, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            if (string.IsNullOrWhiteSpace(comment)) throw new WorkflowException("imported answers need a comment saying where they come from");
            await SerializeYearAsync(transaction, year, alone: true, cancellationToken);
            if (await IsLockedAsync(transaction, year, cancellationToken)) throw new WorkflowException($"{year} is locked: no answers can be imported");
            var json = (string?)await store.ScalarAsync(transaction, "SELECT document FROM questionnaire WHERE year = $1", cancellationToken, year)
                ?? throw NotFoundException.Questionnaire(year);
            var questionnaire = JsonSerializer.Deserialize<Questionnaire>(json, DocumentJson)!;
            var offices = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var row in store.QueryAsync(transaction, "SELECT code FROM office", cancellationToken)) offices.Add((string)row[0]!);
            var started = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var row in store.QueryAsync(transaction, "SELECT office FROM submission WHERE year = $1", cancellationToken, year)) started.Add((string)row[0]!);
            var imported = new List<(string Office, List<KeyValuePair<string, string?>> Answers)>();
            foreach (var (office, given) in answersByOffice.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                if (!offices.Contains(office)) throw NotFoundException.Office(office);
                if (started.Contains(office)) throw new WorkflowException($"office {office} already has a submission for {year}: imported answers never replace answers given on the platform");
                imported.Add((office, Answering.NormalizeAll(questionnaire, given.ToDictionary(a => a.Key, a => (string?)a.Value, StringComparer.Ordinal))
                    .Where(a => a.Value is not null).OrderBy(a => a.Key, StringComparer.Ordinal).ToList()));
            }
            // Bulk loads, not a statement per office: a year of 190 offices and 150 answers each took DuckDB seconds as
            // multi-row INSERTs and takes it milliseconds through its appender (PostgreSQL: binary COPY).
            var ids = await NextValuesAsync(transaction, "submission_id_seq", imported.Count, cancellationToken);
            var submissions = imported.Select((o, i) => new Submission(ids[i], o.Office, year, SubmissionState.Approved, 1, comment.Trim(), change.At, change.Actor)).ToList();
            await store.BulkInsertAsync(transaction, "submission", SubmissionColumnList, submissions, (s, row) =>
            {
                row.Bigint(s.Id);
                row.Text(s.Office);
                row.Integer(s.Year);
                row.Text(s.State.ToString());
                row.Bigint(s.Version);
                row.Text(s.Comment);
                row.Timestamp(s.UpdatedAt.UtcDateTime);
                row.Text(s.UpdatedBy);
            }, cancellationToken);
            var answers = submissions.Zip(imported, (s, o) => o.Answers.Select(a => (s.Id, a.Key, Value: a.Value!))).SelectMany(a => a).ToList();
            await store.BulkInsertAsync(transaction, "answer", ["submission_id", "answer_key", "value"], answers, (a, row) =>
            {
                row.Bigint(a.Id);
                row.Text(a.Key);
                row.Text(a.Value);
            }, cancellationToken);
            var audit = submissions.Zip(imported, (s, o) => o.Answers.Select(a => ($"submission {s.Id}", "answer", (string?)a.Key, (string?)null, a.Value))
                .Prepend(($"submission {s.Id}", "import", "state", null, SubmissionWorkflow.Name(SubmissionState.Approved)))).SelectMany(a => a).ToList();
            await AuditAllAsync(transaction, change, audit, cancellationToken);
            var createdIds = ids.ToHashSet();
            return (IReadOnlyList<Submission>)[.. (await ReadSubmissionsAsync(transaction, "year = $1 ORDER BY office", cancellationToken, year)).Where(s => createdIds.Contains(s.Id))];
        }, cancellationToken, SqlStore.UnitAccess.WriteAlone);

    /// <summary>"($1, $2), ($3, $4)": <paramref name="rows"/> groups of <paramref name="width"/> positional parameters from <paramref name="first"/>, each after an optional leading expression.</summary>
    private static string Placeholders(int first, int width, int rows, string? leading = null) =>
        string.Join(", ", Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ",
            (leading is null ? [] : new[] { leading }).Concat(Enumerable.Range(0, width).Select(c => "$" + (first + r * width + c).ToString(CultureInfo.InvariantCulture)))) + ")"));

    private static readonly string[] SubmissionColumnList = SubmissionColumns.Split(", ");

    /// <summary>The next <paramref name="count"/> values of a sequence, taken in one statement.</summary>
    private async Task<IReadOnlyList<long>> NextValuesAsync(DbTransaction transaction, string sequence, int count, CancellationToken cancellationToken)
    {
        var values = new List<long>(count);
        if (count == 0) return values;
        await foreach (var row in store.QueryAsync(transaction, $"SELECT nextval('{sequence}') FROM generate_series(1, CAST($1 AS BIGINT))", cancellationToken, (long)count))
        {
            values.Add(Convert.ToInt64(row[0], CultureInfo.InvariantCulture));
        }
        return values;
    }

    /// <summary>Audit entries of one change, bulk-loaded in the order given (their ids follow that order).</summary>
    private async Task AuditAllAsync(DbTransaction transaction, Change change, List<(string Entity, string Action, string? Field, string? OldValue, string? NewValue)> entries,
        CancellationToken cancellationToken)
    {
        var ids = (await NextValuesAsync(transaction, "audit_id_seq", entries.Count, cancellationToken)).Order().ToList();
        await store.BulkInsertAsync(transaction, "audit_log", ["id", "changed_at", "actor", "entity", "action", "field", "old_value", "new_value"], entries.Select((e, i) => (Id: ids[i], Entry: e)),
            (e, row) =>
            {
                row.Bigint(e.Id);
                row.Timestamp(change.At.UtcDateTime);
                row.Text(change.Actor);
                row.Text(e.Entry.Entity);
                row.Text(e.Entry.Action);
                row.Text(e.Entry.Field);
                row.Text(e.Entry.OldValue);
                row.Text(e.Entry.NewValue);
            }, cancellationToken);
    }

    public Task<Submission> ActAsync(long id, long expectedVersion, SubmissionAction action, string? comment, Change change, CancellationToken cancellationToken) =>
        ActAsync(id, expectedVersion, action, comment, _ => ValueTask.CompletedTask, change, cancellationToken);

    public Task<Submission> ActAsync(long id, long expectedVersion, SubmissionAction action, string? comment, Func<StoredSubmission, ValueTask> check, Change change,
        CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            var (submission, answers) = await SubmissionForWritingAsync(transaction, id, expectedVersion, cancellationToken);
            var locked = await IsLockedForWritingAsync(transaction, submission.Year, cancellationToken);
            await check(new StoredSubmission(submission, answers, locked));
            if (submission.Version != expectedVersion) throw Stale(submission, expectedVersion);
            var state = SubmissionWorkflow.Apply(submission.State, action, locked);
            if (action is SubmissionAction.Return or SubmissionAction.Reopen && string.IsNullOrWhiteSpace(comment)) throw new WorkflowException(SubmissionWorkflow.ReturnNeedsComment);
            // The reviewer's comment stays with the submission until the next review replaces it.
            var newComment = action is SubmissionAction.Return or SubmissionAction.Approve or SubmissionAction.Reopen ? comment?.Trim() : submission.Comment;
            await AuditAsync(transaction, change, $"submission {id}", action.ToString().ToLowerInvariant(), "state", SubmissionWorkflow.Name(submission.State), SubmissionWorkflow.Name(state), cancellationToken);
            if (newComment != submission.Comment) await AuditAsync(transaction, change, $"submission {id}", "comment", "comment", submission.Comment, newComment, cancellationToken);
            var acted = await BumpAsync(transaction, submission, state, newComment, change, cancellationToken);
            Kept(acted, answers);
            return acted;
        }, cancellationToken);

    /// <summary>
    /// The submission and its answers for a unit that writes it: as this process last committed them when that is the
    /// version the caller holds (<see cref="SqlStore.LocalChanges.Submissions"/>), else read. Either way the version check of the
    /// UPDATE that moves the version (<see cref="BumpAsync"/>) refuses a write over a commit made meanwhile.
    /// </summary>
    private async Task<(Submission Submission, IReadOnlyDictionary<string, string> Answers)> SubmissionForWritingAsync(DbTransaction transaction, long id, long expectedVersion,
        CancellationToken cancellationToken)
    {
        if (store.Local is { } local && local.Submissions.TryGetValue(id, out var kept) && kept.Submission.Version == expectedVersion) return kept;
        var submission = await ReadSubmissionAsync(transaction, id, cancellationToken) ?? throw NotFoundException.Submission(id);
        return (submission, await ReadAnswersAsync(transaction, id, cancellationToken));
    }

    /// <summary>Keeps the submission as this unit leaves it, once (and only if) its transaction commits.</summary>
    private void Kept(Submission submission, IReadOnlyDictionary<string, string> answers)
    {
        if (store.Local is not { } local) return;
        store.Unit!.Committed += () => local.Keep(submission, answers);
    }

    private static ConcurrencyException Stale(Submission submission, long expectedVersion) =>
        new(Refusal.Of("submission.changed-since-read",
            $"submission {submission.Id} was changed by {submission.UpdatedBy} at {submission.UpdatedAt:u} (version {submission.Version}; this page had version {expectedVersion}): reload it to see their changes, then make yours again",
            submission.Id, submission.UpdatedBy, submission.UpdatedAt.ToString("u", CultureInfo.InvariantCulture), submission.Version, expectedVersion));

    /// <summary>Moves the version on, refusing if another writer moved it first (the WHERE clause is the check).</summary>
    private async Task<Submission> BumpAsync(DbTransaction transaction, Submission submission, SubmissionState state, string? comment, Change change, CancellationToken cancellationToken)
    {
        var updated = await store.ExecuteCountAsync(transaction, """
            UPDATE submission SET state = $1, version = version + 1, comment = $2, updated_at = $3, updated_by = $4 WHERE id = $5 AND version = $6
            """, cancellationToken, state.ToString(), comment, change.At.UtcDateTime, change.Actor, submission.Id, submission.Version);
        if (updated != 1) throw Stale(await ReadSubmissionAsync(transaction, submission.Id, cancellationToken) ?? submission, submission.Version);
        return submission with { State = state, Version = submission.Version + 1, Comment = comment, UpdatedAt = change.At, UpdatedBy = change.Actor };
    }

    private async Task<bool> IsLockedAsync(DbTransaction? transaction, int year, CancellationToken cancellationToken) =>
        await store.ScalarAsync(transaction, "SELECT year FROM year_lock WHERE year = $1", cancellationToken, year) is not null;

    /// <summary>Whether the year is locked, for a transaction that writes one of its submissions: ordered against a lock or unlock of it (<see cref="SerializeYearAsync"/>).</summary>
    /// <remarks>
    /// Where this process is the only writer, the answer is kept (<see cref="SqlStore.LocalChanges.Locks"/>): the writers' hold keeps
    /// a lock or unlock from committing while a writer reads, and it forgets the kept answers before it lets writers in.
    /// </remarks>
    private async Task<bool> IsLockedForWritingAsync(DbTransaction transaction, int year, CancellationToken cancellationToken)
    {
        await SerializeYearAsync(transaction, year, alone: false, cancellationToken);
        if (store.Local is not { } local) return await IsLockedAsync(transaction, year, cancellationToken);
        if (local.Locks.TryGetValue(year, out var kept)) return kept;
        var locked = await IsLockedAsync(transaction, year, cancellationToken);
        local.Locks[year] = locked;
        return locked;
    }

    public Task<bool> IsYearLockedAsync(int year, CancellationToken cancellationToken) =>
        store.ReadingAsync(() => IsLockedAsync(null, year, cancellationToken), cancellationToken);

    public Task<long> LockYearAsync(int year, Change change, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            await SerializeYearAsync(transaction, year, alone: true, cancellationToken);
            if (await IsLockedAsync(transaction, year, cancellationToken)) throw new WorkflowException(Refusal.Of("year.locked-already", $"{year} is already locked", year));
            var json = (string?)await store.ScalarAsync(transaction, "SELECT document FROM questionnaire WHERE year = $1", cancellationToken, year)
                ?? throw NotFoundException.Questionnaire(year);
            var questionnaire = JsonSerializer.Deserialize<Questionnaire>(json, DocumentJson)!;
            var offices = new List<Office>();
            offices.AddRange((await store.RowsAsync<OfficeRow>(transaction, $"SELECT {OfficeColumns} FROM office", cancellationToken)).Select(r => r.ToOffice()));
            var submissions = await ReadYearAsync(transaction, year, cancellationToken);
            // An approved figure stored before the bounds were checked would overflow the fact table's column: refused by name.
            if (QuestionnaireObservations.OutOfRange(questionnaire, submissions) is { Count: > 0 } outOfRange)
                throw new WorkflowException(QuestionnaireObservations.LockRefusal(year, outOfRange));
            var name = $"questionnaire {year}";
            // The source's checksum is of the approved answers, so the same answers always give the same source fingerprint.
            var content = string.Join('\n', submissions.Where(s => s.Submission.State == SubmissionState.Approved)
                .SelectMany(s => s.Answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{s.Submission.Office}\t{a.Key}\t{a.Value}")));
            var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json + "\n" + content)));
            var sourceId = await store.Sources.CreateSourceAsync(transaction, new SourceInfo(SourceKinds.Questionnaire, name, sha, change.At), 0, cancellationToken);
            var observations = QuestionnaireObservations.From(questionnaire, offices, submissions, sourceId, name).ToList();
            // Counted data: into the fact table, where queries, rules and the publish step read it.
            long count;
            try
            {
                count = await store.Facts.EncodeObservationsAsync(transaction, sourceId, observations, cancellationToken);
            }
            catch (AlmanacException e)
            {
                // A question keeps the dimensions of its first locked year (a choice has an answer, a table a row and a column).
                throw new WorkflowException($"{year} cannot be locked: {e.Message} A question whose kind changed since an earlier locked year needs a new id.");
            }
            await store.ExecuteAsync(transaction, "UPDATE source SET row_count = $1 WHERE id = $2", cancellationToken, count, sourceId);
            await store.Sources.MakeCurrentAsync(transaction, sourceId, records: true, [(Scopes.Of(QuestionnaireObservations.MeasurePrefix + "x"), year)], cancellationToken);
            await store.ExecuteAsync(transaction, "INSERT INTO year_lock (year, locked_at, locked_by, source_id) VALUES ($1, $2, $3, $4)", cancellationToken,
                year, change.At.UtcDateTime, change.Actor, sourceId);
            await AuditAsync(transaction, change, $"year {year}", "lock", null, null, $"{count} observations in source {sourceId}", cancellationToken);
            store.Unit!.LocksChanged = true;
            return sourceId;
        }, cancellationToken, SqlStore.UnitAccess.WriteAlone);

    public Task<IReadOnlyList<AuditEntry>> AuditAsync(AuditQuery query, CancellationToken cancellationToken) =>
        store.ReadingAsync(async () =>
        {
            var rows = await store.RowsAsync<AuditRow>(null, $"""
                SELECT {AuditColumns} FROM audit_log
                WHERE (CAST($1 AS TEXT) IS NULL OR entity = $1 OR entity LIKE $1 || ' %') AND (CAST($2 AS TEXT) IS NULL OR actor = $2)
                ORDER BY id DESC LIMIT $3
                """, cancellationToken, query.Entity, query.Actor, Math.Clamp(query.Limit, 1, 5000));
            return (IReadOnlyList<AuditEntry>)[.. rows.Select(r => r.ToEntry())];
        }, cancellationToken);
}
