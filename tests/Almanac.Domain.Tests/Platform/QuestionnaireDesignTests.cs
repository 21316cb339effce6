using Almanac.Domain.Platform;

namespace Almanac.Domain.Tests.Platform;

/// <summary>The designer's edits by place: a question moves within its section and across to the next, a new one gets an id no question has.</summary>
public sealed class QuestionnaireDesignTests
{
    private static Question Q(string id) => new(id, QuestionKind.YesNo, id.ToUpperInvariant(), null, false, [], [], [], null);

    private static readonly Questionnaire Draft = new(2024, "Q", "sp", [
        new QuestionnaireSection("one", "One", null, [Q("a"), Q("b")]),
        new QuestionnaireSection("two", "Two", null, [Q("c")]),
    ]);

    private static string Order(Questionnaire questionnaire) => string.Join(" | ", questionnaire.Sections.Select(s => string.Join(",", s.Questions.Select(q => q.Id))));

    [Fact]
    public void A_question_moves_up_and_down_within_its_section_and_across_into_the_next_and_stays_at_either_end()
    {
        var (down, at) = QuestionnaireDesign.Move(Draft, new QuestionPlace(0, 0), down: true);
        Assert.Equal(("b,a | c", new QuestionPlace(0, 1)), (Order(down), at));
        var (across, there) = QuestionnaireDesign.Move(down, at, down: true);
        Assert.Equal(("b | a,c", new QuestionPlace(1, 0)), (Order(across), there));
        var (back, here) = QuestionnaireDesign.Move(across, there, down: false);
        Assert.Equal(("b,a | c", new QuestionPlace(0, 1)), (Order(back), here));
        Assert.Equal(("a,b | c", new QuestionPlace(0, 0)), (Order(QuestionnaireDesign.Move(Draft, new QuestionPlace(0, 0), down: false).Questionnaire), QuestionnaireDesign.Move(Draft, new QuestionPlace(0, 0), down: false).Place));
        Assert.Equal("a,b | c", Order(QuestionnaireDesign.Move(Draft, new QuestionPlace(1, 0), down: true).Questionnaire));
        Assert.Equal("a,b | c", Order(Draft));
    }

    [Fact]
    public void A_question_is_added_at_the_end_of_its_section_with_a_new_id_and_removed_by_its_place()
    {
        var (added, place) = QuestionnaireDesign.Add(Draft with { Sections = [Draft.Sections[0] with { Questions = [Q("question-4"), Q("b")] }, Draft.Sections[1]] }, 1, "New question");
        Assert.Equal(("question-4,b | c,question-5", new QuestionPlace(1, 1)), (Order(added), place));
        Assert.Equal("New question", QuestionnaireDesign.At(added, place).Text);
        Assert.Equal("question-4,b | question-5", Order(QuestionnaireDesign.Remove(added, new QuestionPlace(1, 0))));
        var missing = Assert.Throws<NotFoundException>(() => QuestionnaireDesign.Remove(Draft, new QuestionPlace(1, 1)));
        Assert.Equal("no question at place 1.1 of the 2024 questionnaire: reload the designer", missing.Message);
        Assert.Equal(new QuestionPlace(2, 15), QuestionPlace.Parse("2.15"));
        Assert.Null(QuestionPlace.Parse("2.-1"));
    }
}
