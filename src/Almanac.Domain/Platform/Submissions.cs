namespace Almanac.Domain.Platform;

/// <summary>Where a submission is in its review: Draft → Submitted → Returned (and back to Submitted) or Approved.</summary>
public enum SubmissionState
{
    Draft,
    Submitted,
    Returned,
    Approved,
}

/// <summary>What a user does to a submission.</summary>
public enum SubmissionAction
{
    Save,
    Submit,
    Return,
    Approve,

    /// <summary>An administrator returns a submitted or approved submission to its office to correct an out-of-range answer.</summary>
    Reopen,
}

/// <summary>
/// One office's answers for one year. <paramref name="Version"/> grows with every change: a writer names the version
/// it read, and a write against an older version is refused (optimistic concurrency).
/// </summary>
public sealed record Submission(long Id, string Office, int Year, SubmissionState State, long Version, string? Comment, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>The submission state machine, and the year lock that freezes every submission of a year.</summary>
public static class SubmissionWorkflow
{
    /// <summary>Whether answers may be changed in this state (by the office that owns them).</summary>
    public static bool IsEditable(SubmissionState state) => state is SubmissionState.Draft or SubmissionState.Returned;

    /// <summary>The state after an action, or a <see cref="WorkflowException"/> saying why the action is not possible now.</summary>
    public static SubmissionState Apply(SubmissionState state, SubmissionAction action, bool yearLocked)
    {
        if (yearLocked) throw new WorkflowException(Refusal.Of("workflow.year-locked", $"the year is locked: no submission of it can change (it is {Name(state)})", new RefusalWord("State", Name(state))));
        return (state, action) switch
        {
            (SubmissionState.Draft or SubmissionState.Returned, SubmissionAction.Save) => state,
            (SubmissionState.Draft or SubmissionState.Returned, SubmissionAction.Submit) => SubmissionState.Submitted,
            (SubmissionState.Submitted, SubmissionAction.Return) => SubmissionState.Returned,
            (SubmissionState.Submitted, SubmissionAction.Approve) => SubmissionState.Approved,
            (SubmissionState.Submitted or SubmissionState.Approved, SubmissionAction.Reopen) => SubmissionState.Returned,
            _ => throw new WorkflowException(Refusal.Of("workflow.not-allowed", $"a submission that is {Name(state)} cannot be {Past(action)}", new RefusalWord("State", Name(state)), new RefusalWord("Past", Past(action)))),
        };
    }

    public static string Name(SubmissionState state) => state.ToString().ToLowerInvariant();

    /// <summary>Refuses a reviewer's comment longer than <see cref="InputLimits.MaxCommentLength"/> (as kept: trimmed).</summary>
    public static void CheckComment(string? comment)
    {
        if (comment?.Trim() is { Length: > InputLimits.MaxCommentLength } kept)
            throw new AlmanacException(Refusal.Of("workflow.comment-too-long", $"the comment is longer than {InputLimits.MaxCommentLength} characters (it has {kept.Length})", InputLimits.MaxCommentLength, kept.Length));
    }

    /// <summary>A return (or a reopening) without the comment that says what to correct.</summary>
    public static readonly Refusal ReturnNeedsComment = Refusal.Of("workflow.return-needs-comment", "a returned submission needs a comment saying what to correct");

    private static string Past(SubmissionAction action) => action switch
    {
        SubmissionAction.Save => "changed",
        SubmissionAction.Submit => "submitted",
        SubmissionAction.Return => "returned",
        SubmissionAction.Reopen => "reopened",
        _ => "approved",
    };
}

/// <summary>An action the workflow does not allow in the submission's state.</summary>
public sealed class WorkflowException : AlmanacException
{
    public WorkflowException(string message) : base(message) { }
    public WorkflowException(Refusal refusal) : base(refusal) { }
}

/// <summary>A write against a version that is no longer current: someone else changed the record since it was read.</summary>
public sealed class ConcurrencyException : AlmanacException
{
    public ConcurrencyException(string message) : base(message) { }
    public ConcurrencyException(Refusal refusal) : base(refusal) { }
}

/// <summary>A record that does not exist.</summary>
public sealed class NotFoundException : AlmanacException
{
    public NotFoundException(string message) : base(message) { }
    public NotFoundException(Refusal refusal) : base(refusal) { }

    /// <summary>No office of the code.</summary>
    public static NotFoundException Office(string code) => new(Refusal.Of("not-found.office", $"no office {InputLimits.Quote(code)}", InputLimits.Quote(code)));

    /// <summary>No submission of the id.</summary>
    public static NotFoundException Submission(long id) => new(Refusal.Of("not-found.submission", $"no submission {id}", id));

    /// <summary>No questionnaire for the year.</summary>
    public static NotFoundException Questionnaire(int year) => new(Refusal.Of("not-found.questionnaire", $"no questionnaire for {year}", year));

    /// <summary>No account of the user name.</summary>
    public static NotFoundException Account(string userName) => new(Refusal.Of("not-found.account", $"no account {InputLimits.Quote(userName)}", InputLimits.Quote(userName)));
}
