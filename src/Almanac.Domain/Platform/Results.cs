namespace Almanac.Domain.Platform;

/// <summary>"N offices (x%)": a count of offices out of a base, with the percentage the reports print (whole per cent).</summary>
public sealed record Share(int Count, int Of)
{
    public int? Percent => Of == 0 ? null : (int)Math.Round(100m * Count / Of, MidpointRounding.AwayFromZero);

    public override string ToString() => Percent is { } p ? $"{Count} offices ({p}%)" : $"{Count} offices";
}

/// <summary>How many offices of a region (or overall, region null) responded — submitted or approved — out of all its offices.</summary>
public sealed record Participation(string? Region, Share Responded, int Approved);

/// <summary>
/// How many approved offices gave one answer to one question ("yes", an option), by region and overall; for number and
/// table questions, <paramref name="Sum"/> adds their values (one row per table cell).
/// <paramref name="OutOfRange"/> counts the approved answers left out of the sums because they are outside the bounds
/// (<see cref="OutOfRangeAnswer"/>); their offices still count as having answered.
/// </summary>
public sealed record AnswerResult(string Question, string Section, string? FrameworkNode, string Answer, Share Overall,
    IReadOnlyDictionary<string, Share> ByRegion, decimal? Sum, IReadOnlyDictionary<string, decimal> SumByRegion, int OutOfRange = 0);

/// <summary>A year's results, as filtered; <paramref name="OutOfRange"/> the approved figures outside the bounds, which the sums leave out.</summary>
public sealed record QuestionnaireResults(int Year, Participation Overall, IReadOnlyList<Participation> ByRegion, IReadOnlyList<AnswerResult> Answers,
    IReadOnlyList<OutOfRangeAnswer> OutOfRange);

/// <summary>
/// Turns submissions into results. Participation counts every office that submitted (or was approved); answers count
/// approved submissions only, so that a figure never rests on answers a reviewer has not accepted. Percentages of an
/// answer are of the approved offices in the group.
/// </summary>
public static class ResultsCalculator
{
    public static string RegionOf(Office office) => office.Region ?? office.Code;

    public static QuestionnaireResults Compute(Questionnaire questionnaire, IReadOnlyCollection<Office> offices,
        IReadOnlyCollection<(Submission Submission, IReadOnlyDictionary<string, string> Answers)> submissions,
        string? region = null, IReadOnlySet<string>? frameworkNodes = null)
    {
        var scope = offices.Where(o => region is null || RegionOf(o) == region).ToDictionary(o => o.Code, StringComparer.Ordinal);
        var inScope = submissions.Where(s => s.Submission.Year == questionnaire.Year && scope.ContainsKey(s.Submission.Office)).ToList();
        var responded = inScope.Where(s => s.Submission.State is SubmissionState.Submitted or SubmissionState.Approved).ToList();
        var approved = inScope.Where(s => s.Submission.State == SubmissionState.Approved).ToList();
        var regions = scope.Values.Select(RegionOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        Participation Participate(string? r) => new(r,
            new Share(responded.Count(s => r is null || RegionOf(scope[s.Submission.Office]) == r), scope.Values.Count(o => r is null || RegionOf(o) == r)),
            approved.Count(s => r is null || RegionOf(scope[s.Submission.Office]) == r));

        var approvedByRegion = regions.ToDictionary(r => r, r => approved.Count(s => RegionOf(scope[s.Submission.Office]) == r), StringComparer.Ordinal);
        var answers = new List<AnswerResult>();
        var outOfRange = new List<OutOfRangeAnswer>();
        foreach (var section in questionnaire.Sections.Where(s => frameworkNodes is null || (s.FrameworkNode is not null && frameworkNodes.Contains(s.FrameworkNode))))
        {
            foreach (var question in section.Questions)
            {
                foreach (var (answer, key, counts) in Outcomes(question))
                {
                    // An answer left behind by a question since hidden (show-if no longer holds) is not counted.
                    var matching = approved.Where(s => counts(s.Answers) && Answering.IsShown(questionnaire, question, s.Answers)).ToList();
                    var byRegion = regions.ToDictionary(r => r, r => new Share(matching.Count(s => RegionOf(scope[s.Submission.Office]) == r), approvedByRegion[r]), StringComparer.Ordinal);
                    decimal? sum = null;
                    var sumByRegion = new Dictionary<string, decimal>(StringComparer.Ordinal);
                    var leftOut = 0;
                    if (key is not null)
                    {
                        // Cannot overflow: every value added is below InputLimits.FactValueLimit (10^14), and decimal holds more
                        // than 7 × 10^14 such values added up, far more than there are offices. A value stored before the
                        // bounds were checked is left out and listed, so that one office's answer cannot break the results.
                        foreach (var (submission, values) in matching)
                        {
                            if (!Answering.TryFigure(values[key], out var value))
                            {
                                leftOut++;
                                outOfRange.Add(new OutOfRangeAnswer(submission.Id, submission.Office, submission.Year, submission.State, key, values[key]));
                                continue;
                            }
                            sum = (sum ?? 0) + value;
                            var r = RegionOf(scope[submission.Office]);
                            sumByRegion[r] = sumByRegion.GetValueOrDefault(r) + value;
                        }
                        sum ??= 0;
                    }
                    answers.Add(new AnswerResult(question.Id, section.Id, section.FrameworkNode, answer, new Share(matching.Count, approved.Count), byRegion, sum, sumByRegion, leftOut));
                }
            }
        }
        return new QuestionnaireResults(questionnaire.Year, Participate(null), [.. regions.Select(r => Participate(r))], answers,
            [.. outOfRange.OrderBy(a => a.Office, StringComparer.Ordinal).ThenBy(a => a.Key, StringComparer.Ordinal)]);
    }

    /// <summary>The answers worth counting for a question: each option, "yes", "answered" for numbers and text, each table cell.</summary>
    private static IEnumerable<(string Answer, string? NumberKey, Func<IReadOnlyDictionary<string, string>, bool> Counts)> Outcomes(Question question)
    {
        switch (question.Kind)
        {
            case QuestionKind.YesNo:
                yield return (Answering.Yes, null, a => a.GetValueOrDefault(question.Id) == Answering.Yes);
                break;
            case QuestionKind.SingleChoice:
                foreach (var option in question.Options) yield return (option, null, a => a.GetValueOrDefault(question.Id) == option);
                break;
            case QuestionKind.MultipleChoice:
                foreach (var option in question.Options) yield return (option, null, a => Answering.Choices(a.GetValueOrDefault(question.Id)).Contains(option, StringComparer.Ordinal));
                break;
            case QuestionKind.Number:
                yield return ("answered", question.Id, a => a.ContainsKey(question.Id));
                break;
            case QuestionKind.Text:
                yield return ("answered", null, a => a.ContainsKey(question.Id));
                break;
            case QuestionKind.Table:
                foreach (var row in question.Rows)
                {
                    foreach (var column in question.Columns)
                    {
                        var key = Answering.CellKey(question.Id, row, column);
                        yield return ($"{row} / {column}", key, a => a.ContainsKey(key));
                    }
                }
                break;
        }
    }
}

/// <summary>
/// The answers of a locked year as observations, which the store encodes into the fact table, so that queries and the
/// publish step count offices like any other figure: measure "questionnaire.&lt;question&gt;", dimensions office (the fact
/// table's office column), region and the answer (option, yes/no, table row and column); a choice counts 1, a number or
/// table cell its value, which <see cref="Answering.Figure"/> holds to the fact table's range. Text answers are not figures
/// and stay in the submission.
/// </summary>
public static class QuestionnaireObservations
{
    public const string MeasurePrefix = "questionnaire.";

    /// <summary>
    /// The approved figures a lock would turn into facts that the fact table cannot hold (stored before the bounds were
    /// checked): a year is locked only without them, and the refusal names each.
    /// </summary>
    public static IReadOnlyList<OutOfRangeAnswer> OutOfRange(Questionnaire questionnaire, IEnumerable<(Submission Submission, IReadOnlyDictionary<string, string> Answers)> submissions) =>
        [.. submissions.Where(s => s.Submission.State == SubmissionState.Approved).OrderBy(s => s.Submission.Office, StringComparer.Ordinal)
            .SelectMany(s => Answering.OutOfRange(questionnaire, s.Submission, s.Answers, shownOnly: true))];

    /// <summary>The refusal of a lock over out-of-range figures, naming each (office, question, value) and what to do.</summary>
    public static Refusal LockRefusal(int year, IReadOnlyList<OutOfRangeAnswer> answers)
    {
        // The answers are named as stored (office, question, value), as the command line names them.
        var named = string.Join("; ", answers.Take(20).Select(a => a.Describe())) + (answers.Count > 20 ? $"; and {answers.Count - 20} more" : "");
        return Refusal.Of(answers.Count == 1 ? "year.lock-out-of-range.one" : "year.lock-out-of-range.many",
            $"{year} cannot be locked: {answers.Count} approved {(answers.Count == 1 ? "answer is" : "answers are")} outside the bounds the fact table holds "
            + $"(non-negative, below 10^14, at most {InputLimits.FactDecimals} decimals), stored before answers were checked: {named}"
            + ". An administrator returns each submission to its office for correction (Administration, out-of-range answers), then the reviewer approves it again.",
            year, answers.Count, InputLimits.FactDecimals, named);
    }

    public static IEnumerable<Observations.Observation> From(Questionnaire questionnaire, IReadOnlyCollection<Office> offices,
        IEnumerable<(Submission Submission, IReadOnlyDictionary<string, string> Answers)> approved, long sourceId, string sourceName)
    {
        var byCode = offices.ToDictionary(o => o.Code, StringComparer.Ordinal);
        foreach (var (submission, answers) in approved.Where(s => s.Submission.State == SubmissionState.Approved).OrderBy(s => s.Submission.Office, StringComparer.Ordinal))
        {
            var office = byCode.GetValueOrDefault(submission.Office);
            var baseKey = Observations.DimensionKey.Of(("office", submission.Office), ("region", office is null ? "" : ResultsCalculator.RegionOf(office)));
            var provenance = new Observations.Provenance(sourceId, sourceName, $"submission {submission.Id}", null);
            foreach (var (key, value) in answers.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                var question = questionnaire.Question(Answering.QuestionOf(key));
                if (question is null || !Answering.IsShown(questionnaire, question, answers)) continue;
                var measure = MeasurePrefix + question.Id;
                switch (question.Kind)
                {
                    case QuestionKind.YesNo or QuestionKind.SingleChoice:
                        yield return new(measure, questionnaire.Year, baseKey.With("answer", value), 1, provenance);
                        break;
                    case QuestionKind.MultipleChoice:
                        foreach (var choice in Answering.Choices(value)) yield return new(measure, questionnaire.Year, baseKey.With("answer", choice), 1, provenance);
                        break;
                    case QuestionKind.Number:
                        yield return new(measure, questionnaire.Year, baseKey, Answering.Figure(submission, key, value), provenance);
                        break;
                    case QuestionKind.Table:
                        var parts = key.Split('/');
                        yield return new(measure, questionnaire.Year, baseKey.With("row", parts[1]).With("column", parts[2]), Answering.Figure(submission, key, value), provenance);
                        break;
                }
            }
        }
    }
}
