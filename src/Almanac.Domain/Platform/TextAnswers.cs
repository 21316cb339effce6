namespace Almanac.Domain.Platform;

/// <summary>One approved office's answer to a text question; <paramref name="Office"/> is null where the reader may not know which office wrote it.</summary>
public sealed record TextAnswer(string Question, string? Office, string Region, string Text);

/// <summary>
/// The text answers behind a year's results: what approved offices wrote to the text questions shown to them, in the
/// same scope as <see cref="ResultsCalculator.Compute"/> (region, framework nodes), by question then office.
/// A text answer is no figure, so the counts only say how many answered; this is what they said.
/// </summary>
public static class TextAnswers
{
    public static IReadOnlyList<TextAnswer> Of(Questionnaire questionnaire, IReadOnlyCollection<Office> offices,
        IReadOnlyCollection<(Submission Submission, IReadOnlyDictionary<string, string> Answers)> submissions,
        string? region = null, IReadOnlySet<string>? frameworkNodes = null)
    {
        var scope = offices.Where(o => region is null || ResultsCalculator.RegionOf(o) == region).ToDictionary(o => o.Code, StringComparer.Ordinal);
        var approved = submissions
            .Where(s => s.Submission.Year == questionnaire.Year && s.Submission.State == SubmissionState.Approved && scope.ContainsKey(s.Submission.Office))
            .OrderBy(s => s.Submission.Office, StringComparer.Ordinal)
            .ToList();
        var answers = new List<TextAnswer>();
        foreach (var section in questionnaire.Sections.Where(s => frameworkNodes is null || (s.FrameworkNode is not null && frameworkNodes.Contains(s.FrameworkNode))))
        {
            foreach (var question in section.Questions.Where(q => q.Kind == QuestionKind.Text))
            {
                foreach (var (submission, values) in approved)
                {
                    if (!values.TryGetValue(question.Id, out var text) || string.IsNullOrWhiteSpace(text)) continue;
                    // An answer left behind by a question since hidden (show-if no longer holds) is not shown, as it is not counted.
                    if (!Answering.IsShown(questionnaire, question, values)) continue;
                    answers.Add(new TextAnswer(question.Id, submission.Office, ResultsCalculator.RegionOf(scope[submission.Office]), text));
                }
            }
        }
        return answers;
    }
}
