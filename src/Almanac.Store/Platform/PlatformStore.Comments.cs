using System.Data.Common;
using System.Globalization;
using Almanac.Domain;
using Almanac.Domain.Platform;

namespace Almanac.Store.Platform;

/// <summary>Comment threads on the questions of a submission (<see cref="IPlatformStore"/>), each call a unit of work.</summary>
internal sealed partial class PlatformStore
{
    public Task<CommentThread> AddCommentAsync(long submissionId, string question, string text, Change change, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            var kept = CommentRules.Checked(text);
            await CommentableAsync(transaction, submissionId, cancellationToken);
            var count = Convert.ToInt32(await store.ScalarAsync(transaction, "SELECT COUNT(*) FROM question_comment WHERE submission_id = $1 AND question = $2",
                cancellationToken, submissionId, question), CultureInfo.InvariantCulture);
            if (count >= InputLimits.MaxCommentsPerThread)
            {
                throw new WorkflowException(Refusal.Of("comment.thread-full",
                    $"the thread on question '{question}' holds {count} comments, the most a thread holds: resolve it and say the rest in the reviewer's comment", $"'{question}'", count));
            }
            await store.ExecuteAsync(transaction, """
                INSERT INTO question_comment (id, submission_id, question, author, written_at, text)
                VALUES (nextval('question_comment_id_seq'), $1, $2, $3, $4, $5)
                """, cancellationToken, submissionId, question, change.Actor, change.At.UtcDateTime, kept);
            await AuditAsync(transaction, change, $"submission {submissionId}", "question comment", question, null, kept, cancellationToken);
            // A new word on a resolved thread opens it again: something is still being said about the question.
            if (await store.ExecuteCountAsync(transaction, "UPDATE comment_thread SET resolved_by = NULL, resolved_at = NULL WHERE submission_id = $1 AND question = $2 AND resolved_by IS NOT NULL",
                cancellationToken, submissionId, question) > 0)
            {
                await AuditAsync(transaction, change, $"submission {submissionId}", "thread reopened", question, "resolved", "open", cancellationToken);
            }
            return (await ReadThreadsAsync(transaction, submissionId, question, cancellationToken)).Single();
        }, cancellationToken);

    public Task<IReadOnlyList<CommentThread>> CommentThreadsAsync(long submissionId, CancellationToken cancellationToken) =>
        store.ReadingAsync(() => ReadThreadsAsync(null, submissionId, null, cancellationToken), cancellationToken);

    public Task<CommentThread> SetThreadResolvedAsync(long submissionId, string question, bool resolved, Change change, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            await CommentableAsync(transaction, submissionId, cancellationToken);
            if (await ReadThreadsAsync(transaction, submissionId, question, cancellationToken) is not [var thread])
            {
                throw new NotFoundException(Refusal.Of(resolved ? "comment.no-thread-to-resolve" : "comment.no-thread-to-reopen",
                    $"no comment on question '{question}' of submission {submissionId}: there is no thread to {(resolved ? "resolve" : "reopen")}", $"'{question}'", submissionId));
            }
            if (thread.Resolved == resolved)
            {
                throw new WorkflowException(Refusal.Of(resolved ? "comment.resolved-already" : "comment.open-already",
                    $"the thread on question '{question}' is {(resolved ? "resolved" : "open")} already", $"'{question}'"));
            }
            if (resolved)
            {
                await store.ExecuteAsync(transaction, """
                    INSERT INTO comment_thread (submission_id, question, resolved_by, resolved_at) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (submission_id, question) DO UPDATE SET resolved_by = excluded.resolved_by, resolved_at = excluded.resolved_at
                    """, cancellationToken, submissionId, question, change.Actor, change.At.UtcDateTime);
            }
            else
            {
                await store.ExecuteAsync(transaction, "UPDATE comment_thread SET resolved_by = NULL, resolved_at = NULL WHERE submission_id = $1 AND question = $2",
                    cancellationToken, submissionId, question);
            }
            await AuditAsync(transaction, change, $"submission {submissionId}", resolved ? "thread resolved" : "thread reopened", question,
                resolved ? "open" : "resolved", resolved ? "resolved" : "open", cancellationToken);
            return thread with { Resolved = resolved, ResolvedBy = resolved ? change.Actor : null, ResolvedAt = resolved ? change.At : null };
        }, cancellationToken);

    /// <summary>
    /// Refuses a change to the threads of a submission that does not exist, or of a locked year (nothing of it changes any
    /// more), ordered against a lock of the year as a save is.
    /// </summary>
    private async Task CommentableAsync(DbTransaction transaction, long submissionId, CancellationToken cancellationToken)
    {
        var submission = await ReadSubmissionAsync(transaction, submissionId, cancellationToken) ?? throw NotFoundException.Submission(submissionId);
        if (await IsLockedForWritingAsync(transaction, submission.Year, cancellationToken))
        {
            throw new WorkflowException(Refusal.Of("comment.year-locked", $"the year {submission.Year} is locked: no submission of it changes, its comment threads included", submission.Year));
        }
    }

    /// <summary>The threads of a submission (or its one thread on <paramref name="question"/>), by question, each oldest comment first.</summary>
    private async Task<IReadOnlyList<CommentThread>> ReadThreadsAsync(DbTransaction? transaction, long submissionId, string? question, CancellationToken cancellationToken)
    {
        var comments = new Dictionary<string, List<QuestionComment>>(StringComparer.Ordinal);
        foreach (var row in await store.RowsAsync<CommentRow>(transaction, """
            SELECT question, id, author, written_at, text FROM question_comment
            WHERE submission_id = $1 AND (CAST($2 AS TEXT) IS NULL OR question = $2) ORDER BY question, id
            """, cancellationToken, submissionId, question))
        {
            if (!comments.TryGetValue(row.Question, out var list)) comments[row.Question] = list = [];
            list.Add(new QuestionComment(row.Id, row.Author, SqlStore.Utc(row.WrittenAt), row.Text));
        }
        var resolved = (await store.RowsAsync<ThreadRow>(transaction, """
            SELECT question, resolved_by, resolved_at FROM comment_thread
            WHERE submission_id = $1 AND (CAST($2 AS TEXT) IS NULL OR question = $2) AND resolved_by IS NOT NULL
            """, cancellationToken, submissionId, question)).ToDictionary(r => r.Question, r => (By: r.ResolvedBy!, At: SqlStore.Utc(r.ResolvedAt!.Value)), StringComparer.Ordinal);
        return [.. comments.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => resolved.TryGetValue(c.Key, out var r)
            ? new CommentThread(submissionId, c.Key, c.Value, true, r.By, r.At)
            : new CommentThread(submissionId, c.Key, c.Value, false, null, null))];
    }

    private sealed class CommentRow
    {
        public required string Question { get; init; }
        public long Id { get; init; }
        public required string Author { get; init; }
        public DateTime WrittenAt { get; init; }
        public required string Text { get; init; }
    }

    private sealed class ThreadRow
    {
        public required string Question { get; init; }
        public string? ResolvedBy { get; init; }
        public DateTime? ResolvedAt { get; init; }
    }
}
