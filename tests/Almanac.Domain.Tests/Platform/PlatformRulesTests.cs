using Almanac.Domain.Platform;

namespace Almanac.Domain.Tests.Platform;

/// <summary>The platform's pure rules: the submission workflow, show-if, answers, access and results.</summary>
public sealed class PlatformRulesTests
{
    private static readonly Questionnaire Sample = new(2023, "Institutional questionnaire 2023", "sp-2024", [
        new QuestionnaireSection("s1", "Section one", "objective-1", [
            new Question("policy", QuestionKind.YesNo, "Has a policy?", null, true, [], [], [], null),
            new Question("policy-year", QuestionKind.Number, "Since when?", null, true, [], [], [], new ShowIf("policy", "yes")),
            new Question("areas", QuestionKind.MultipleChoice, "Areas", null, false, ["health", "return"], [], [], null),
            new Question("health-note", QuestionKind.Text, "Note", null, true, [], [], [], new ShowIf("areas", "health")),
            new Question("assisted", QuestionKind.Table, "People assisted", null, true, [], ["returns"], ["women", "men"], null),
        ]),
    ]);

    private static readonly Office Dakar = new("RO-DAK", "Dakar", OfficeKind.RegionalOffice, "RO-DAK", "SEN");
    private static readonly Office Mali = new("CO-MLI", "Mali", OfficeKind.CountryOffice, "RO-DAK", "MLI");
    private static readonly Office Peru = new("CO-PER", "Peru", OfficeKind.CountryOffice, "RO-BUE", "PER");

    [Theory]
    [InlineData(SubmissionState.Draft, SubmissionAction.Submit, SubmissionState.Submitted)]
    [InlineData(SubmissionState.Returned, SubmissionAction.Submit, SubmissionState.Submitted)]
    [InlineData(SubmissionState.Submitted, SubmissionAction.Return, SubmissionState.Returned)]
    [InlineData(SubmissionState.Submitted, SubmissionAction.Approve, SubmissionState.Approved)]
    [InlineData(SubmissionState.Draft, SubmissionAction.Save, SubmissionState.Draft)]
    public void The_workflow_moves_draft_to_submitted_to_returned_or_approved(SubmissionState from, SubmissionAction action, SubmissionState to) =>
        Assert.Equal(to, SubmissionWorkflow.Apply(from, action, yearLocked: false));

    [Theory]
    [InlineData(SubmissionState.Draft, SubmissionAction.Approve)]
    [InlineData(SubmissionState.Submitted, SubmissionAction.Save)]
    [InlineData(SubmissionState.Approved, SubmissionAction.Return)]
    [InlineData(SubmissionState.Approved, SubmissionAction.Save)]
    public void An_action_out_of_turn_is_refused_with_the_state(SubmissionState from, SubmissionAction action)
    {
        var error = Assert.Throws<WorkflowException>(() => SubmissionWorkflow.Apply(from, action, yearLocked: false));
        Assert.Contains(SubmissionWorkflow.Name(from), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_locked_year_refuses_every_action() =>
        Assert.Contains("locked", Assert.Throws<WorkflowException>(() => SubmissionWorkflow.Apply(SubmissionState.Draft, SubmissionAction.Save, yearLocked: true)).Message, StringComparison.Ordinal);

    [Fact]
    public void Show_if_hides_a_question_until_its_condition_holds_and_required_answers_follow()
    {
        var answers = new Dictionary<string, string> { ["policy"] = "no" };
        Assert.False(Answering.IsShown(Sample, Sample.Question("policy-year")!, answers));
        Assert.Equal(["assisted"], Answering.Incomplete(Sample, answers).Select(p => p.Key));
        answers["policy"] = "yes";
        answers["areas"] = "health; return";
        Assert.True(Answering.IsShown(Sample, Sample.Question("health-note")!, answers));
        Assert.Equal(["policy-year", "health-note", "assisted"], Answering.Incomplete(Sample, answers).Select(p => p.Key));
        answers["policy-year"] = "2019";
        answers["health-note"] = "clinics";
        answers["assisted/returns/women"] = "10";
        answers["assisted/returns/men"] = "12";
        Assert.Empty(Answering.Incomplete(Sample, answers));
    }

    [Fact]
    public void Answers_are_normalized_and_bad_values_are_named()
    {
        Assert.Equal("yes", Answering.Normalize(Sample, "policy", " YES "));
        Assert.Equal("1062", Answering.Normalize(Sample, "assisted/returns/women", "1 062"));
        Assert.Equal("health; return", Answering.Normalize(Sample, "areas", "return;health;return"));
        Assert.Null(Answering.Normalize(Sample, "policy", " "));
        var error = Assert.Throws<AnswerException>(() => Answering.Normalize(Sample, "areas", "health; shelter"));
        Assert.Contains("'shelter' is not one of the options", error.Message, StringComparison.Ordinal);
        Assert.Throws<AnswerException>(() => Answering.Normalize(Sample, "assisted/returns/children", "3"));
        Assert.Throws<AnswerException>(() => Answering.Normalize(Sample, "nope", "3"));
        Assert.Throws<AnswerException>(() => Answering.Normalize(Sample, "policy-year", "-1"));
    }

    [Fact]
    public void A_show_if_on_a_later_question_is_a_design_error()
    {
        var bad = Sample with { Sections = [Sample.Sections[0] with { Questions = [.. Sample.Sections[0].Questions.Reverse()] }] };
        Assert.Contains(Answering.Check(bad), p => p.Key == "policy-year" && p.Problem.Contains("not an earlier question", StringComparison.Ordinal));
        Assert.Empty(Answering.Check(Sample));
    }

    [Fact]
    public void A_focal_point_reads_and_answers_only_their_office_and_a_reviewer_only_their_region()
    {
        var focal = new Account("mali", "Mali", Role.FocalPoint, "CO-MLI", null);
        var reviewer = new Account("dakar", "Dakar", Role.RegionalReviewer, null, "RO-DAK");
        var reader = new Account("reader", "Reader", Role.Reader, null, null);
        Assert.True(Access.CanRead(focal, Mali));
        Assert.False(Access.CanRead(focal, Peru));
        Assert.False(Access.CanRead(focal, Dakar));
        Assert.True(Access.CanAct(focal, Mali, SubmissionAction.Submit));
        Assert.False(Access.CanAct(focal, Mali, SubmissionAction.Approve));
        Assert.True(Access.CanRead(reviewer, Mali));
        Assert.True(Access.CanRead(reviewer, Dakar));
        Assert.False(Access.CanRead(reviewer, Peru));
        Assert.True(Access.CanAct(reviewer, Mali, SubmissionAction.Return));
        Assert.False(Access.CanAct(reviewer, Mali, SubmissionAction.Save));
        Assert.False(Access.CanAct(reviewer, Peru, SubmissionAction.Approve));
        Assert.False(Access.CanRead(reader, Mali));
        Assert.True(Access.CanSeeResults(reader));
        Assert.False(Access.CanSeeResults(focal));
        Assert.Equal("a focal point needs an office", Roles.ScopeProblem(focal with { Office = null })?.Message);
    }

    [Fact]
    public void Results_count_approved_offices_by_region_and_participation_counts_every_response()
    {
        var at = DateTimeOffset.UnixEpoch;
        var offices = new[] { Dakar, Mali, Peru };
        var submissions = new (Submission, IReadOnlyDictionary<string, string>)[]
        {
            (new Submission(1, "CO-MLI", 2023, SubmissionState.Approved, 3, null, at, "x"), new Dictionary<string, string> { ["policy"] = "yes", ["assisted/returns/women"] = "10" }),
            (new Submission(2, "RO-DAK", 2023, SubmissionState.Approved, 3, null, at, "x"), new Dictionary<string, string> { ["policy"] = "no", ["policy-year"] = "2001", ["assisted/returns/women"] = "5" }),
            (new Submission(3, "CO-PER", 2023, SubmissionState.Submitted, 2, null, at, "x"), new Dictionary<string, string> { ["policy"] = "yes" }),
        };
        var results = ResultsCalculator.Compute(Sample, offices, submissions);
        Assert.Equal(new Share(3, 3), results.Overall.Responded);
        Assert.Equal(2, results.Overall.Approved);
        var policy = results.Answers.Single(a => a.Question == "policy");
        Assert.Equal("1 offices (50%)", policy.Overall.ToString());
        Assert.Equal(new Share(1, 2), policy.ByRegion["RO-DAK"]);
        Assert.Equal(new Share(0, 0), policy.ByRegion["RO-BUE"]);
        Assert.Equal(15m, results.Answers.Single(a => a.Answer == "returns / women").Sum);
        // An answer left behind by a question show-if now hides is not counted.
        Assert.Equal(new Share(0, 2), results.Answers.Single(a => a.Question == "policy-year").Overall);
        var peru = ResultsCalculator.Compute(Sample, offices, submissions, region: "RO-BUE");
        Assert.Equal(new Share(1, 1), peru.Overall.Responded);
        Assert.Empty(ResultsCalculator.Compute(Sample, offices, submissions, frameworkNodes: new HashSet<string> { "enabler-1" }).Answers);
    }
}
