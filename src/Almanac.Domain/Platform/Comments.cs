namespace Almanac.Domain.Platform;

/// <summary>One comment in a question's thread: who wrote it, when, and what.</summary>
public sealed record QuestionComment(long Id, string Author, DateTimeOffset At, string Text);

/// <summary>
/// The comments on one question of one submission, oldest first, and whether the reviewer marked the thread resolved
/// (by whom and when); a new comment on a resolved thread opens it again.
/// </summary>
public sealed record CommentThread(long Submission, string Question, IReadOnlyList<QuestionComment> Comments, bool Resolved, string? ResolvedBy, DateTimeOffset? ResolvedAt);

/// <summary>The rules of comment threads: a comment's text, as kept (trimmed), is 1 to <see cref="InputLimits.MaxThreadCommentLength"/> characters.</summary>
public static class CommentRules
{
    /// <summary>The text as kept (trimmed), or an <see cref="AlmanacException"/> saying why it is refused.</summary>
    public static string Checked(string? text)
    {
        var kept = text?.Trim() ?? "";
        if (kept.Length == 0) throw new AlmanacException(Refusal.Of("comment.text-required", "a comment needs text"));
        if (kept.Length > InputLimits.MaxThreadCommentLength)
            throw new AlmanacException(Refusal.Of("comment.too-long", $"a comment has at most {InputLimits.MaxThreadCommentLength} characters (this one has {kept.Length})", InputLimits.MaxThreadCommentLength, kept.Length));
        return kept;
    }
}
