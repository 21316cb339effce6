using Almanac.Domain.Platform;

namespace Almanac.Domain.Tests.Platform;

/// <summary>
/// The designer's edits by place: a question moves within its section and across to the next, a new one gets an id no
/// question has; sections are added, renamed in three languages, moved and removed while empty; titles are checked.
/// </summary>
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

    [Fact]
    public void A_section_is_added_with_a_new_id_renamed_in_three_languages_moved_and_removed_only_while_empty()
    {
        var (added, section) = QuestionnaireDesign.AddSection(Draft with { Sections = [Draft.Sections[0] with { Id = "section-3" }, Draft.Sections[1]] }, "New section");
        Assert.Equal((2, "section-4", "New section", 0), (section, added.Sections[2].Id, added.Sections[2].Title, added.Sections[2].Questions.Count));
        var named = QuestionnaireDesign.RenameSection(added, 2, " Data ", "Données", " ");
        Assert.Equal(("Data", "Données", "Data"), (named.Sections[2].Title, named.Sections[2].TitleIn("fr"), named.Sections[2].TitleIn("es")));
        var (up, to) = QuestionnaireDesign.MoveSection(named, 2, down: false);
        Assert.Equal((1, "a,b |  | c"), (to, Order(up)));
        Assert.Equal((0, "a,b | c"), (QuestionnaireDesign.MoveSection(Draft, 0, down: false).Section, Order(QuestionnaireDesign.MoveSection(Draft, 0, down: false).Questionnaire)));
        Assert.Equal("a,b | c", Order(QuestionnaireDesign.RemoveSection(up, 1)));
        var full = Assert.Throws<WorkflowException>(() => QuestionnaireDesign.RemoveSection(up, 0));
        Assert.Equal(("section 'One' holds 2 questions: move or remove them first", "design.section-not-empty"), (full.Message, full.Refusal!.Code));
        Assert.Equal("no section at place 5 of the 2024 questionnaire: reload the designer", Assert.Throws<NotFoundException>(() => QuestionnaireDesign.RenameSection(Draft, 5, "x", null, null)).Message);
        Assert.Equal(3, up.Sections.Count);
        Assert.Equal(2, Draft.Sections.Count);
    }

    [Fact]
    public void The_questionnaires_title_and_each_sections_are_required_and_bounded_in_every_language_they_are_given_in()
    {
        var retitled = QuestionnaireDesign.Retitle(Draft, "Institutional questionnaire", "Questionnaire institutionnel", null);
        Assert.Equal(("Institutional questionnaire", "Questionnaire institutionnel", "Institutional questionnaire"), (retitled.Title, retitled.TitleIn("fr"), retitled.TitleIn("es")));
        Assert.Empty(Answering.Check(retitled));
        var blank = QuestionnaireDesign.RenameSection(QuestionnaireDesign.Retitle(Draft, " ", null, new string('x', InputLimits.MaxQuestionWordsLength + 1)), 1, "", "Deux", null);
        Assert.Equal([
            (Answering.TitleKey, "title", "a title is required"),
            (Answering.TitleKey, "es.title", $"a title has at most {InputLimits.MaxQuestionWordsLength} characters (this one has {InputLimits.MaxQuestionWordsLength + 1})"),
            ("section:two", "title", "a title is required"),
        ], Answering.Check(blank).Select(p => (p.Key, p.Field, p.Problem)));
    }
}
