using Almanac.Domain.Platform;

namespace Almanac.Domain.Tests.Platform;

/// <summary>
/// The rules the questionnaire form shows: every refused answer of a save named by its question's text, progress by
/// section counted as submitting counts (hidden questions left out), and a comment's bounds.
/// </summary>
public sealed class FormRulesTests
{
    private static readonly Questionnaire Sample = new(2023, "Form", "sp", [
        new QuestionnaireSection("first", "First", null, [
            new Question("emergency", QuestionKind.YesNo, "Did you respond to an emergency?", null, true, [], [], [], null),
            new Question("assisted", QuestionKind.Table, "People assisted", null, true, [], ["returns"], ["women", "men"], new ShowIf("emergency", "yes")),
            new Question("note", QuestionKind.Text, "Note", null, false, [], [], [], null),
        ]),
        new QuestionnaireSection("second", "Second", null, [
            new Question("products", QuestionKind.Number, "How many products?", null, true, [], [], [], null),
            new Question("budget", QuestionKind.Number, "How much?", null, false, [], [], [], null, NumberUnit.Amount),
        ]),
    ]);

    [Fact]
    public void A_save_is_refused_with_every_bad_answer_named_by_its_questions_text_and_the_value_typed()
    {
        var refused = Assert.Throws<AnswersRefusedException>(() => Answering.NormalizeOrRefuse(Sample, new Dictionary<string, string?>
        {
            ["products"] = "2.5",
            ["assisted/returns/men"] = "-3",
            ["budget"] = "12.50",
            ["note"] = new string('n', InputLimits.MaxTextAnswerLength + 1),
            ["nope"] = "1",
        }));
        Assert.Equal(
            [("products", "products", "“How many products?”: a count is a whole number (you entered '2.5')"),
             ("assisted/returns/men", "assisted", "“People assisted” — returns, men: must not be negative (you entered '-3')"),
             ("note", "note", $"“Note”: longer than {InputLimits.MaxTextAnswerLength} characters (it has {InputLimits.MaxTextAnswerLength + 1})"),
             ("nope", "nope", "'nope': no such question in the questionnaire (you entered '1')")],
            refused.Fields.Select(f => (f.Key, f.Question, f.Message)));
        Assert.StartsWith("Not saved: 4 answers need correcting: “How many products?”", refused.Message, StringComparison.Ordinal);

        var normalized = Answering.NormalizeOrRefuse(Sample, new Dictionary<string, string?> { ["products"] = " 12 ", ["budget"] = "12.50", ["note"] = "" });
        Assert.Equal(new Dictionary<string, string?> { ["products"] = "12", ["budget"] = "12.5", ["note"] = null }, normalized);
    }

    [Fact]
    public void Progress_counts_the_required_questions_shown_in_each_section_as_submitting_does()
    {
        Assert.Equal([new SectionProgress("first", 0, 1), new SectionProgress("second", 0, 1)], Answering.Progress(Sample, new Dictionary<string, string>()));

        // "yes" shows the required table: answered only once every cell is.
        var answers = new Dictionary<string, string> { ["emergency"] = "yes", ["assisted/returns/women"] = "4", ["products"] = "3" };
        Assert.Equal([new SectionProgress("first", 1, 2), new SectionProgress("second", 1, 1)], Answering.Progress(Sample, answers));
        Assert.Equal(["assisted"], Answering.Incomplete(Sample, answers).Select(p => p.Key));
        answers["assisted/returns/men"] = "5";
        Assert.Equal([new SectionProgress("first", 2, 2), new SectionProgress("second", 1, 1)], Answering.Progress(Sample, answers));
        Assert.Empty(Answering.Incomplete(Sample, answers));

        // "no" hides it: not counted, whatever its cells hold.
        answers["emergency"] = "no";
        Assert.Equal(new SectionProgress("first", 1, 1), Answering.Progress(Sample, answers)[0]);
    }

    [Fact]
    public void A_comment_is_kept_trimmed_between_one_and_the_bound_of_characters()
    {
        Assert.Equal("Six, not twelve.", CommentRules.Checked("  Six, not twelve.\n"));
        Assert.Equal(new string('c', InputLimits.MaxThreadCommentLength), CommentRules.Checked(new string('c', InputLimits.MaxThreadCommentLength)));
        Assert.Equal("a comment needs text", Assert.Throws<AlmanacException>(() => CommentRules.Checked(" \t ")).Message);
        Assert.Equal("a comment needs text", Assert.Throws<AlmanacException>(() => CommentRules.Checked(null)).Message);
        Assert.Equal($"a comment has at most {InputLimits.MaxThreadCommentLength} characters (this one has {InputLimits.MaxThreadCommentLength + 1})",
            Assert.Throws<AlmanacException>(() => CommentRules.Checked(new string('c', InputLimits.MaxThreadCommentLength + 1))).Message);
    }
}
