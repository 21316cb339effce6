using System.Data.Common;
using System.Globalization;
using Almanac.Domain.Platform;

namespace Almanac.Store.Platform;

/// <summary>
/// Saves of answers — the busiest write there is (every open questionnaire autosaves) — each checked on what its
/// transaction read, and written together with the saves that arrived while the last ones were being written (a group
/// commit) where this process is the store's only writer.
/// </summary>
/// <remarks>
/// Why together: DuckDB pays a fixed cost of about a millisecond per statement (parse, plan, run) and per commit, so
/// 200 saves a second of five statements each kept the embedded server's two cores busy, and a burst (every office's first
/// save at once) queued for seconds (bench/RESULTS.md). A batch costs the statements of one save, whatever its size.
/// PostgreSQL writes each save in a unit of its own: row locks let saves of different submissions commit side by side,
/// and several servers may share it, whose batches could lock rows in different orders.
/// </remarks>
internal sealed partial class PlatformStore
{
    /// <summary>The most saves one transaction writes: a burst is written in pieces, each committed as soon as it is written.</summary>
    private const int MaxSavesTogether = 64;

    /// <summary>The most rows one statement writes (an audit line takes 7 parameters): a batch's rows go in pieces of this size.</summary>
    private const int MaxRowsPerStatement = 1000;

    private readonly Lock _savesGate = new();

    /// <summary>Saves waiting for the next batch, in the order they arrived.</summary>
    private readonly List<PendingSave> _waitingSaves = [];

    /// <summary>The loop writing batches while saves wait, or null when none do.</summary>
    /// <remarks>
    /// One loop: two batches written at once (so that one's commit overlaps the next one's statements) measured slower —
    /// the open loop's p99 278 ms against 70 ms in the same hour (bench/RESULTS.md) — as two transactions inside DuckDB
    /// took the cores from the requests around them.
    /// </remarks>
    private Task? _writingSaves;

    /// <summary>A save waiting to be written: what the caller asked, and where its outcome goes.</summary>
    private sealed class PendingSave(long id, long expectedVersion, Func<StoredSubmission, ValueTask<IReadOnlyDictionary<string, string?>>> decide, Change change,
        CancellationToken cancellationToken)
    {
        public long Id => id;
        public long ExpectedVersion => expectedVersion;
        public Func<StoredSubmission, ValueTask<IReadOnlyDictionary<string, string?>>> Decide => decide;
        public Change Change => change;
        public CancellationToken CancellationToken => cancellationToken;

        /// <summary>Completed off the writer's flow, so that a caller's continuation never holds up the next batch.</summary>
        public TaskCompletionSource<Submission> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>How many saves wait for the next batch (tests watch it to hold a batch together).</summary>
    internal int WaitingSaves
    {
        get { lock (_savesGate) return _waitingSaves.Count; }
    }

    public Task<Submission> SaveAnswersAsync(long id, long expectedVersion, IReadOnlyDictionary<string, string?> answers, Change change, CancellationToken cancellationToken) =>
        SaveAnswersAsync(id, expectedVersion, _ => ValueTask.FromResult(answers), change, cancellationToken);

    public async Task<Submission> SaveAnswersAsync(long id, long expectedVersion, Func<StoredSubmission, ValueTask<IReadOnlyDictionary<string, string?>>> decide, Change change,
        CancellationToken cancellationToken)
    {
        var save = new PendingSave(id, expectedVersion, decide, change, cancellationToken);
        if (store.Local is null)
        {
            return (await store.InTransactionAsync(transaction => WriteTogetherAsync(transaction, [save], cancellationToken), cancellationToken))[0].Saved!;
        }
        cancellationToken.ThrowIfCancellationRequested();
        lock (_savesGate)
        {
            _waitingSaves.Add(save);
            _writingSaves ??= Task.Run(WriteWaitingSavesAsync, CancellationToken.None);
        }
        return await save.Outcome.Task;
    }

    /// <summary>Waits until every save handed to this store has its outcome (the store closes after them).</summary>
    internal async Task SavesWrittenAsync()
    {
        while (true)
        {
            Task? writing;
            lock (_savesGate) writing = _writingSaves;
            if (writing is null) return;
            await writing;
        }
    }

    /// <summary>Writes batches of the waiting saves, one after the other, until none waits.</summary>
    private async Task WriteWaitingSavesAsync()
    {
        while (true)
        {
            var batch = new List<PendingSave>();
            lock (_savesGate)
            {
                var ids = new HashSet<long>();
                for (var i = 0; i < _waitingSaves.Count && batch.Count < MaxSavesTogether;)
                {
                    var save = _waitingSaves[i];
                    if (save.CancellationToken.IsCancellationRequested)
                    {
                        save.Outcome.TrySetCanceled(save.CancellationToken);
                        _waitingSaves.RemoveAt(i);
                    }
                    // A second save of one submission waits for the next batch: it must read what the first one wrote.
                    else if (!ids.Add(save.Id))
                    {
                        i++;
                    }
                    else
                    {
                        batch.Add(save);
                        _waitingSaves.RemoveAt(i);
                    }
                }
                if (batch.Count == 0)
                {
                    _writingSaves = null;
                    return;
                }
            }
            await WriteBatchAsync(batch);
        }
    }

    /// <summary>Writes one batch in one transaction; if the engine refuses it, each of its saves alone, so that one save's failure is never another's.</summary>
    private async Task WriteBatchAsync(List<PendingSave> batch)
    {
        IReadOnlyList<SaveOutcome> outcomes;
        try
        {
            // Not any caller's token: the batch is every caller's, and a save either commits or is refused as a whole.
            outcomes = await store.InTransactionAsync(transaction => WriteTogetherAsync(transaction, batch, CancellationToken.None), CancellationToken.None);
        }
        catch (Exception e)
        {
            if (batch.Count == 1)
            {
                batch[0].Outcome.TrySetException(e);
                return;
            }
            foreach (var save in batch) await WriteBatchAsync([save]);
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Saved is { } saved) batch[i].Outcome.TrySetResult(saved);
            else batch[i].Outcome.TrySetException(outcomes[i].Refusal!);
        }
    }

    /// <summary>What became of one save of a batch: the submission as saved, or the exception that refused it.</summary>
    private readonly record struct SaveOutcome(Submission? Saved, Exception? Refusal);

    /// <summary>A save the checks let through, with what it changes.</summary>
    private sealed record PlannedSave(int Index, PendingSave Save, Submission Submission, IReadOnlyDictionary<string, string> Stored, List<KeyValuePair<string, string?>> Changed);

    /// <summary>
    /// Checks each save on what this transaction reads and writes the changes of those the checks let through: each
    /// outcome is the saved submission, or (in a batch of several) the exception that refused it. A save alone throws.
    /// </summary>
    private async Task<IReadOnlyList<SaveOutcome>> WriteTogetherAsync(DbTransaction transaction, IReadOnlyList<PendingSave> saves, CancellationToken cancellationToken)
    {
        var outcomes = new SaveOutcome[saves.Count];
        var planned = new List<PlannedSave>();
        for (var i = 0; i < saves.Count; i++)
        {
            var save = saves[i];
            try
            {
                var (submission, stored) = await SubmissionForWritingAsync(transaction, save.Id, save.ExpectedVersion, cancellationToken);
                var locked = await IsLockedForWritingAsync(transaction, submission.Year, cancellationToken);
                // Who may save and what the answers become are the caller's rules, decided on what this transaction read.
                var answers = await save.Decide(new StoredSubmission(submission, stored, locked));
                if (submission.Version != save.ExpectedVersion) throw Stale(submission, save.ExpectedVersion);
                SubmissionWorkflow.Apply(submission.State, SubmissionAction.Save, locked);
                var changed = answers.Where(a => stored.GetValueOrDefault(a.Key) != a.Value).OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
                if (changed.Count == 0)
                {
                    Kept(submission, stored);
                    outcomes[i] = new SaveOutcome(submission, null);
                }
                else
                {
                    planned.Add(new PlannedSave(i, save, submission, stored, changed));
                }
            }
            // A refusal (a check, a stale version, a closed state) is the save's own; an engine's conflict is the batch's,
            // which then runs again from the start on a new snapshot.
            catch (Exception e) when (saves.Count > 1 && !store.IsTransientConflict(e))
            {
                outcomes[i] = new SaveOutcome(null, e);
            }
        }
        if (planned.Count == 0) return outcomes;

        // The versions move first: a save of one of these submissions at the same moment then waits for this commit
        // (PostgreSQL) or is aborted (DuckDB) before it touches an answer, and finds the version moved.
        var moved = new HashSet<long>();
        await foreach (var row in store.QueryAsync(transaction, $"""
            UPDATE submission SET version = submission.version + 1, updated_at = v.updated_at, updated_by = v.updated_by
            FROM (VALUES {Typed(["BIGINT", "BIGINT", "TIMESTAMP", "TEXT"], planned.Count)}) v (id, version, updated_at, updated_by)
            WHERE submission.id = v.id AND submission.version = v.version
            RETURNING submission.id
            """, cancellationToken, [.. planned.SelectMany(p => new object?[] { p.Submission.Id, p.Submission.Version, p.Save.Change.At.UtcDateTime, p.Save.Change.Actor })]))
        {
            moved.Add(Convert.ToInt64(row[0], CultureInfo.InvariantCulture));
        }
        foreach (var stale in planned.Where(p => !moved.Contains(p.Submission.Id)).ToList())
        {
            var refusal = Stale(await ReadSubmissionAsync(transaction, stale.Submission.Id, cancellationToken) ?? stale.Submission, stale.Submission.Version);
            if (saves.Count == 1) throw refusal;
            outcomes[stale.Index] = new SaveOutcome(null, refusal);
            planned.Remove(stale);
        }

        // One statement for each kind of change, however many saves and answers (an upsert per answer cost DuckDB tens of
        // milliseconds each): answers changed in place (an autosave's usual step: cheaper in DuckDB than a delete and an
        // insert), answers removed, answers new, and their audit lines.
        var rows = planned.SelectMany(p => p.Changed.Select(a => (Save: p, Answer: a))).ToList();
        await InPiecesAsync(rows.Where(r => r.Answer.Value is not null && r.Save.Stored.ContainsKey(r.Answer.Key)).ToList(), piece => $"""
            UPDATE answer SET value = v.value FROM (VALUES {Typed(["BIGINT", "TEXT", "TEXT"], piece)}) v (submission_id, answer_key, value)
            WHERE answer.submission_id = v.submission_id AND answer.answer_key = v.answer_key
            """, r => [r.Save.Submission.Id, r.Answer.Key, r.Answer.Value], transaction, cancellationToken);
        await InPiecesAsync(rows.Where(r => r.Answer.Value is null).ToList(), piece => $"""
            DELETE FROM answer USING (VALUES {Typed(["BIGINT", "TEXT"], piece)}) v (submission_id, answer_key)
            WHERE answer.submission_id = v.submission_id AND answer.answer_key = v.answer_key
            """, r => [r.Save.Submission.Id, r.Answer.Key], transaction, cancellationToken);
        await InPiecesAsync(rows.Where(r => r.Answer.Value is not null && !r.Save.Stored.ContainsKey(r.Answer.Key)).ToList(), piece =>
            $"INSERT INTO answer (submission_id, answer_key, value) VALUES {Placeholders(1, 3, piece)}",
            r => [r.Save.Submission.Id, r.Answer.Key, r.Answer.Value], transaction, cancellationToken);
        await InPiecesAsync(rows, piece =>
            $"INSERT INTO audit_log (id, changed_at, actor, entity, action, field, old_value, new_value) VALUES {Placeholders(1, 7, piece, "nextval('audit_id_seq')")}",
            r => [r.Save.Save.Change.At.UtcDateTime, r.Save.Save.Change.Actor, $"submission {r.Save.Submission.Id}", "answer", r.Answer.Key, r.Save.Stored.GetValueOrDefault(r.Answer.Key), r.Answer.Value],
            transaction, cancellationToken);

        foreach (var p in planned)
        {
            var saved = p.Submission with { Version = p.Submission.Version + 1, UpdatedAt = p.Save.Change.At, UpdatedBy = p.Save.Change.Actor };
            var now = new Dictionary<string, string>(p.Stored, StringComparer.Ordinal);
            foreach (var (key, value) in p.Changed)
            {
                if (value is null) now.Remove(key);
                else now[key] = value;
            }
            Kept(saved, now);
            outcomes[p.Index] = new SaveOutcome(saved, null);
        }
        return outcomes;
    }

    /// <summary>Runs the statement <paramref name="sql"/> gives for each piece of at most <see cref="MaxRowsPerStatement"/> rows.</summary>
    private async Task InPiecesAsync<T>(List<T> rows, Func<int, string> sql, Func<T, object?[]> values, DbTransaction transaction, CancellationToken cancellationToken)
    {
        for (var at = 0; at < rows.Count; at += MaxRowsPerStatement)
        {
            var piece = rows.GetRange(at, Math.Min(MaxRowsPerStatement, rows.Count - at));
            await store.ExecuteAsync(transaction, sql(piece.Count), cancellationToken, [.. piece.SelectMany(values)]);
        }
    }

    /// <summary>
    /// <paramref name="rows"/> rows of parameters from <c>$1</c> on, each cast to its column's type: a relation of
    /// parameters has no table to take its types from.
    /// </summary>
    private static string Typed(string[] types, int rows) =>
        string.Join(", ", Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ",
            types.Select((type, c) => $"CAST(${(1 + r * types.Length + c).ToString(CultureInfo.InvariantCulture)} AS {type})")) + ")"));
}
