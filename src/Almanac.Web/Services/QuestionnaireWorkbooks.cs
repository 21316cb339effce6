using System.Globalization;
using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Ingest.Platform;
using Almanac.Publish.Questionnaires;
using Almanac.Store;
using Almanac.Web.Localization;
using Almanac.Web.Security;

namespace Almanac.Web.Services;

/// <summary>
/// Offline questionnaires: a submission (or every submission of a region the account reads) as a workbook to fill in
/// without a connection, and the filled workbook back. An upload is checked by the form's rules, every problem named by
/// sheet and cell, before anything is written; then each submission is saved through <see cref="PlatformService.SaveAsync"/>
/// at the version the workbook was downloaded at (the web save's access rules, normalization and audit), and one more
/// audit line says the answers came from the workbook.
/// </summary>
public sealed class QuestionnaireWorkbooks(PlatformService platform, IPlatformStore store, TimeProvider clock)
{
    /// <summary>The submission as a workbook in <paramref name="language"/>, for whoever may read it.</summary>
    public async Task<byte[]> DownloadAsync(Account account, long id, string language, CancellationToken cancellationToken)
    {
        var view = await platform.ViewAsync(account, id, cancellationToken);
        return QuestionnaireWorkbook.Write([Source(view)], language, WorkbookText.Words(language));
    }

    /// <summary>
    /// Every submission of a year in a region that the account reads, as one workbook (a sheet set per office): the
    /// reviewer's own region when none is named.
    /// </summary>
    public async Task<byte[]> DownloadRegionAsync(Account account, int year, string? region, string language, CancellationToken cancellationToken)
    {
        var wanted = region is { Length: > 0 } ? region : account.Region
            ?? throw new AlmanacException(Refusal.Of("workbook.region-required", "name the region whose submissions the workbook carries"));
        var submissions = (await platform.VisibleSubmissionsAsync(account, year, cancellationToken))
            .Where(s => string.Equals(s.Office.Region, wanted, StringComparison.Ordinal) || s.Office.Code == wanted)
            .OrderBy(s => s.Office.Code, StringComparer.Ordinal).ToList();
        if (submissions.Count == 0)
        {
            throw new NotFoundException(Refusal.Of("workbook.region-empty", $"no submission of {year} in region {InputLimits.Quote(wanted)} that your account may read",
                year, InputLimits.Quote(wanted)));
        }
        if (submissions.Count > QuestionnaireWorkbookLayout.MaxSubmissions)
        {
            throw new AlmanacException(Refusal.Of("workbook.region-too-large", $"region {InputLimits.Quote(wanted)} has {submissions.Count} submissions of {year}, more than the {QuestionnaireWorkbookLayout.MaxSubmissions} one workbook carries",
                InputLimits.Quote(wanted), submissions.Count, year, QuestionnaireWorkbookLayout.MaxSubmissions));
        }
        var sources = new List<WorkbookSource>();
        foreach (var (submission, _) in submissions) sources.Add(Source(await platform.ViewAsync(account, submission.Id, cancellationToken)));
        return QuestionnaireWorkbook.Write(sources, language, WorkbookText.Words(language));
    }

    /// <summary>
    /// Reads a filled workbook (<paramref name="path"/>, named <paramref name="name"/> in messages) and saves its answers:
    /// nothing is written unless every submission it carries may be saved by the account, is at the version the
    /// workbook was downloaded at, and every answer passes the form's rules.
    /// </summary>
    public async Task<IReadOnlyList<SavedAnswers>> UploadAsync(Account account, string path, string name, CancellationToken cancellationToken) =>
        await UploadAsync(_ => account, path, name, null, cancellationToken);

    /// <summary>
    /// <see cref="UploadAsync(Account, string, string, CancellationToken)"/> as the command line runs it: whoever holds the
    /// store saves each office's answers as that office's focal point would (the same access rules and checks), the
    /// audit naming <paramref name="actor"/>.
    /// </summary>
    public async Task<IReadOnlyList<SavedAnswers>> UploadAsOfficesAsync(string actor, string path, string name, CancellationToken cancellationToken) =>
        await UploadAsync(office => new Account(actor, actor, Role.FocalPoint, office, null), path, name, null, cancellationToken);

    /// <summary>
    /// <see cref="UploadAsync(Account, string, string, CancellationToken)"/> of a workbook sent as a stream (a page's file,
    /// a request body), kept in a temporary file while it is read; at most <see cref="QuestionnaireWorkbookLayout.MaxBytes"/>
    /// are read. With <paramref name="onlySubmission"/>, a workbook of any other submission is refused (a page uploads its own).
    /// </summary>
    public async Task<IReadOnlyList<SavedAnswers>> UploadAsync(Account account, Stream content, string name, long? onlySubmission, CancellationToken cancellationToken)
    {
        var path = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(path))
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > QuestionnaireWorkbookLayout.MaxBytes)
                    {
                        throw new InputException(name, null, null, null,
                            $"the workbook is larger than the {InputLimits.Number(QuestionnaireWorkbookLayout.MaxBytes)} bytes (8 MiB) an uploaded questionnaire workbook may have");
                    }
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            return await UploadAsync(_ => account, path, name, onlySubmission, cancellationToken);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The upload, each submission saved by the account <paramref name="accountFor"/> gives for its office's code.</summary>
    private async Task<IReadOnlyList<SavedAnswers>> UploadAsync(Func<string, Account> accountFor, string path, string name, long? onlySubmission, CancellationToken cancellationToken)
    {
        var submissions = QuestionnaireWorkbookFile.Read(path, name);
        if (onlySubmission is { } only && submissions.Any(s => s.Id != only))
        {
            throw new InputException(name, null, null, null,
                $"the workbook carries submission {string.Join(", ", submissions.Select(s => s.Id).Where(id => id != only))}, not only this page's ({only}): upload it on that submission's page");
        }
        var checkedAnswers = new List<(WorkbookSubmission Workbook, Account Account, Dictionary<string, string?> Answers)>();
        var problems = new List<FieldProblem>();
        foreach (var workbook in submissions)
        {
            var account = accountFor(workbook.Office);
            var view = await platform.ViewAsync(account, workbook.Id, cancellationToken);
            if (view.Office.Code != workbook.Office || view.Submission.Year != workbook.Year)
            {
                throw new InputException(name, null, null, null,
                    $"the workbook names submission {workbook.Id} as office {InputLimits.Quote(workbook.Office)}'s of {workbook.Year}, but it is office {view.Office.Code}'s of {view.Submission.Year}: download the workbook again");
            }
            if (!Access.CanAct(account, view.Office, SubmissionAction.Save))
                throw AccessDeniedException.MayNot("change-answers", $"change the answers of office {view.Office.Code}", view.Office.Code);
            if (view.Submission.Version != workbook.Version) throw Stale(view.Submission, workbook.Version);
            checkedAnswers.Add((workbook, account, Answers(view.Questionnaire, workbook, problems)));
        }
        if (problems.Count > 0) throw new WorkbookRefusedException(name, problems);
        var saved = new List<SavedAnswers>();
        foreach (var (workbook, account, answers) in checkedAnswers)
        {
            var result = await platform.SaveAsync(account, workbook.Id, workbook.Version, answers, cancellationToken);
            await store.AuditWorkbookUploadAsync(workbook.Id, name, workbook.Version, result.Submission.Version, new Change(account.UserName, clock.GetUtcNow()), cancellationToken);
            saved.Add(result);
        }
        return saved;
    }

    /// <summary>
    /// The answers of one submission's cells as the form would post them: a choice's label in the workbook's language (or
    /// the option itself) read as the option, yes and no in any of the languages, a multiple choice's ticked rows joined.
    /// Each value is checked by <see cref="Answering.Normalize"/>; a refused one is added to <paramref name="problems"/>
    /// with its sheet and cell.
    /// </summary>
    private static Dictionary<string, string?> Answers(Questionnaire questionnaire, WorkbookSubmission workbook, List<FieldProblem> problems)
    {
        var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        var cellOf = new Dictionary<string, WorkbookCell>(StringComparer.Ordinal);
        var language = UiLanguages.Supported.Contains(workbook.Language) ? workbook.Language : "en";
        var words = WorkbookText.Words(language);
        foreach (var cell in workbook.Cells)
        {
            var value = cell.Value.Trim();
            var question = questionnaire.Question(Answering.QuestionOf(cell.Key));
            if (question?.Kind == QuestionKind.MultipleChoice && cell.Key.Length > question.Id.Length)
            {
                var option = cell.Key[(question.Id.Length + 1)..];
                cellOf.TryAdd(question.Id, cell);
                if (!answers.TryGetValue(question.Id, out var chosen)) answers[question.Id] = chosen = null;
                if (YesNo(value, words) is { } ticked)
                {
                    if (ticked == Answering.Yes && question.Options.Contains(option, StringComparer.Ordinal))
                        answers[question.Id] = chosen is null ? option : chosen + Answering.ChoiceSeparator + option;
                }
                else if (value.Length > 0)
                {
                    problems.Add(Problem(cell, Refusal.Of("answer.yes-or-no", "answer yes or no")));
                }
                continue;
            }
            cellOf[cell.Key] = cell;
            answers[cell.Key] = question?.Kind switch
            {
                QuestionKind.YesNo => YesNo(value, words) ?? value,
                QuestionKind.SingleChoice => question.Options.FirstOrDefault(o => string.Equals(question.OptionIn(o, language), value, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(o, value, StringComparison.OrdinalIgnoreCase)) ?? value,
                _ => value,
            };
        }
        foreach (var (key, value) in answers)
        {
            try
            {
                Answering.Normalize(questionnaire, key, value);
            }
            catch (AnswerException error)
            {
                problems.Add(Problem(cellOf[key], error.Reason));
            }
        }
        return answers;
    }

    /// <summary>"yes" or "no" for the workbook's words or the stored ones, in any case; null for anything else (an empty cell too).</summary>
    private static string? YesNo(string value, WorkbookWords words) =>
        string.Equals(value, words.Yes, StringComparison.OrdinalIgnoreCase) || string.Equals(value, Answering.Yes, StringComparison.OrdinalIgnoreCase) ? Answering.Yes
        : string.Equals(value, words.No, StringComparison.OrdinalIgnoreCase) || string.Equals(value, Answering.No, StringComparison.OrdinalIgnoreCase) ? Answering.No
        : null;

    /// <summary>A refused cell, keyed for the API's errors by its place ("Sheet!C12"), saying sheet, cell, problem and value.</summary>
    private static FieldProblem Problem(WorkbookCell cell, Refusal reason)
    {
        var refusal = Said(cell, reason);
        return new FieldProblem(cell.Key, $"{cell.Sheet}!{cell.Cell}", refusal.Message) { Reason = refusal };
    }

    private static Refusal Said(WorkbookCell cell, Refusal reason) => cell.Value.Trim().Length == 0
        ? Refusal.Of("workbook.cell", $"sheet {InputLimits.Quote(cell.Sheet)}, cell {cell.Cell}: {reason.Message}", InputLimits.Quote(cell.Sheet), cell.Cell, reason)
        : Refusal.Of("workbook.cell-value", $"sheet {InputLimits.Quote(cell.Sheet)}, cell {cell.Cell}: {reason.Message} (the cell holds {InputLimits.Quote(cell.Value.Trim())})",
            InputLimits.Quote(cell.Sheet), cell.Cell, reason, InputLimits.Quote(cell.Value.Trim()));

    /// <summary>The web save's refusal of a stale version (<c>submission.changed-since-read</c>): who changed the submission, when, and both versions.</summary>
    private static ConcurrencyException Stale(Submission submission, long downloaded) =>
        new(Refusal.Of("submission.changed-since-read",
            $"submission {submission.Id} was changed by {submission.UpdatedBy} at {submission.UpdatedAt:u} (version {submission.Version}; this page had version {downloaded}): reload it to see their changes, then make yours again",
            submission.Id, submission.UpdatedBy, submission.UpdatedAt.ToString("u", CultureInfo.InvariantCulture), submission.Version, downloaded));

    private static WorkbookSource Source(SubmissionView view) => new(view.Submission, view.Office, view.Questionnaire, view.Answers);
}

/// <summary>A workbook whose answers the form's rules refuse: every problem by sheet and cell (each field keyed "Sheet!C12"); nothing was written.</summary>
public sealed class WorkbookRefusedException(string file, IReadOnlyList<FieldProblem> problems)
    : FieldProblemsException(Refusal.Of("workbook.refused",
        $"{file}: nothing was saved, {problems.Count} cell{(problems.Count == 1 ? "" : "s")} to correct: " + string.Join("; ", problems.Select(p => p.Message)),
        InputLimits.Quote(file), problems.Count, Listed(problems)), problems);
