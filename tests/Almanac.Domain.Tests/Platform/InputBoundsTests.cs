using Almanac.Domain.Platform;

namespace Almanac.Domain.Tests.Platform;

/// <summary>
/// The bounds of <see cref="InputLimits"/> as the domain applies them: answers the fact table can hold (counts whole,
/// amounts with at most 4 decimals, both below 10^14), sums that cannot overflow, a questionnaire's and a save's size,
/// echoed values cut with their length, and CSV cells kept from running as formulas.
/// </summary>
public sealed class InputBoundsTests
{
    private static readonly Questionnaire Sample = new(2023, "Bounds", "sp", [
        new QuestionnaireSection("s1", "Section", null, [
            new Question("products", QuestionKind.Number, "How many?", null, true, [], [], [], null),
            new Question("budget", QuestionKind.Number, "How much?", null, false, [], [], [], null, NumberUnit.Amount),
            new Question("assisted", QuestionKind.Table, "People assisted", null, false, [], ["returns"], ["women", "men"], null),
            new Question("note", QuestionKind.Text, "Note", null, false, [], [], [], null),
        ]),
    ]);

    private static readonly Office Mali = new("CO-MLI", "Mali", OfficeKind.CountryOffice, "RO-DAK", "MLI");

    /// <summary>The answer of the issue: decimal.MaxValue, which overflowed the results' sums and was refused by the fact table at the lock.</summary>
    private const string DecimalMax = "79228162514264337593543950335";

    [Theory]
    [InlineData("products")]
    [InlineData("budget")]
    [InlineData("assisted/returns/women")]
    public void A_number_beyond_the_fact_tables_range_is_refused_naming_the_bound(string key)
    {
        var error = Assert.Throws<AnswerException>(() => Answering.Normalize(Sample, key, DecimalMax));
        Assert.StartsWith($"answer '{key}', value '{DecimalMax}': too large: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(key == "budget" ? "below 100000000000000" : "at most 99999999999999", error.Message, StringComparison.Ordinal);
        // Past decimal's own range, too, the answer is "too large", not "not a number".
        Assert.Contains("too large", Assert.Throws<AnswerException>(() => Answering.Normalize(Sample, key, DecimalMax + "0")).Message, StringComparison.Ordinal);
        Assert.Contains("too large", Assert.Throws<AnswerException>(() => Answering.Normalize(Sample, key, "100 000 000 000 000")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_count_is_a_whole_number_up_to_the_largest_the_fact_table_holds()
    {
        Assert.Equal("99999999999999", Answering.Normalize(Sample, "products", "99 999 999 999 999"));
        Assert.Equal("2", Answering.Normalize(Sample, "products", "2.0"));
        Assert.Equal("a count is a whole number", Assert.Throws<AnswerException>(() => Answering.Normalize(Sample, "products", "2.5")).Problem);
        Assert.Equal("a count is a whole number", Assert.Throws<AnswerException>(() => Answering.Normalize(Sample, "assisted/returns/men", "0.1")).Problem);
        Assert.Equal("must not be negative", Assert.Throws<AnswerException>(() => Answering.Normalize(Sample, "products", "-5")).Problem);
        Assert.Equal("not a number", Assert.Throws<AnswerException>(() => Answering.Normalize(Sample, "products", "1.2.3")).Problem);
        Assert.Equal("not a number", Assert.Throws<AnswerException>(() => Answering.Normalize(Sample, "products", "twelve")).Problem);
    }

    [Fact]
    public void An_amount_has_at_most_four_decimals_and_stays_below_ten_to_the_fourteenth()
    {
        Assert.Equal("2.5", Answering.Normalize(Sample, "budget", "2.5"));
        Assert.Equal("99999999999999.9999", Answering.Normalize(Sample, "budget", "99999999999999.9999"));
        Assert.Equal("at most 4 decimals", Assert.Throws<AnswerException>(() => Answering.Normalize(Sample, "budget", "1.23456")).Problem);
        Assert.StartsWith("too large", Assert.Throws<AnswerException>(() => Answering.Normalize(Sample, "budget", "100000000000000")).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_answer_longer_than_the_bound_is_refused_with_its_length_and_not_echoed()
    {
        Assert.NotNull(Answering.Normalize(Sample, "note", new string('a', InputLimits.MaxTextAnswerLength)));
        var error = Assert.Throws<AnswerException>(() => Answering.Normalize(Sample, "note", new string('a', InputLimits.MaxTextAnswerLength + 1)));
        Assert.Equal("answer 'note': longer than 4000 characters (it has 4001)", error.Message);
    }

    [Fact]
    public void A_long_bad_value_is_echoed_cut_with_its_full_length()
    {
        var twentyMegabytes = new string('x', 20 * 1024 * 1024);
        var error = Assert.Throws<AnswerException>(() => Answering.Normalize(Sample, "products", twentyMegabytes));
        Assert.Equal($"answer 'products', value '{new string('x', InputLimits.MaxEchoedValueLength)}…' (20971520 characters): not a number", error.Message);
        // A key the questionnaire does not have is cut the same way.
        var key = new string('k', 5000);
        Assert.Equal($"answer '{new string('k', InputLimits.MaxEchoedValueLength)}…' (5000 characters), value '1': no such question in the questionnaire",
            Assert.Throws<AnswerException>(() => Answering.Normalize(Sample, key, "1")).Message);
        // So is a file's value and column: the importers all report through InputException.
        var input = new InputException("staff.csv", 7, "grade", twentyMegabytes, "not a grade");
        Assert.Equal($"staff.csv, line 7, column 'grade', value '{new string('x', InputLimits.MaxEchoedValueLength)}…' (20971520 characters): not a grade", input.Message);
        Assert.Equal(twentyMegabytes, input.Value);
    }

    [Fact]
    public void Cutting_an_echoed_value_never_splits_a_character_written_as_two_code_units()
    {
        var value = new string('a', InputLimits.MaxEchoedValueLength - 1) + "😀" + "tail";
        var quoted = InputLimits.Quote(value);
        Assert.Equal($"'{new string('a', InputLimits.MaxEchoedValueLength - 1)}…' ({value.Length} characters)", quoted);
        Assert.Equal("'short'", InputLimits.Quote("short"));
    }

    [Fact]
    public void Results_and_facts_add_up_answers_at_the_bound_from_every_office_without_overflow()
    {
        // A thousand offices each answering the largest count: 10^17 overall, beyond what one answer may be, within decimal.
        var offices = Enumerable.Range(0, 1000).Select(i => new Office($"CO-{i:D4}", $"Office {i}", OfficeKind.CountryOffice, i % 2 == 0 ? "RO-A" : "RO-B", null)).ToList();
        var largest = InputLimits.MaxCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var submissions = offices.Select((o, i) => (new Submission(i + 1, o.Code, 2023, SubmissionState.Approved, 3, null, DateTimeOffset.UnixEpoch, "x"),
            (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["products"] = largest, ["assisted/returns/women"] = largest })).ToList();

        var results = ResultsCalculator.Compute(Sample, offices, submissions);
        Assert.Equal(1000 * InputLimits.MaxCount, results.Answers.Single(a => a.Question == "products").Sum);
        Assert.Equal(500 * InputLimits.MaxCount, results.Answers.Single(a => a.Answer == "returns / women").SumByRegion["RO-A"]);
        var facts = QuestionnaireObservations.From(Sample, offices, submissions, 1, "questionnaire 2023").ToList();
        Assert.Equal(2000, facts.Count);
        Assert.All(facts, f => Assert.True(InputLimits.FitsFactTable(f.Value)));
    }

    [Fact]
    public void A_value_stored_before_the_bounds_is_left_out_of_results_listed_with_its_office_and_named_by_the_lock()
    {
        var submission = new Submission(7, "CO-MLI", 2023, SubmissionState.Approved, 3, null, DateTimeOffset.UnixEpoch, "x");
        (Submission, IReadOnlyDictionary<string, string>)[] stored = [(submission, new Dictionary<string, string> { ["products"] = DecimalMax })];
        var results = ResultsCalculator.Compute(Sample, [Mali], stored);
        var expected = new OutOfRangeAnswer(7, "CO-MLI", 2023, SubmissionState.Approved, "products", DecimalMax);
        Assert.Equal([expected], results.OutOfRange);
        var products = results.Answers.Single(a => a.Question == "products");
        Assert.Equal((1, 0m, 1), (products.Overall.Count, products.Sum!.Value, products.OutOfRange));
        Assert.Equal([expected], QuestionnaireObservations.OutOfRange(Sample, stored));
        Assert.Contains($"office CO-MLI, question products, value '{DecimalMax}' (submission 7, approved)", QuestionnaireObservations.LockRefusal(2023, [expected]).Message, StringComparison.Ordinal);
        var error = Assert.Throws<AnswerException>(() => QuestionnaireObservations.From(Sample, [Mali], stored, 1, "questionnaire 2023").ToList());
        Assert.Contains("office CO-MLI's answer (submission 7)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_questionnaire_asks_and_a_save_sends_at_most_the_bound_of_answers()
    {
        var table = new Question("grid", QuestionKind.Table, "Grid", null, false, [],
            [.. Enumerable.Range(0, 50).Select(i => $"r{i}")], [.. Enumerable.Range(0, 20).Select(i => $"c{i}")], null);
        var full = Sample with { Sections = [new QuestionnaireSection("s", "S", null, [table])] };
        Assert.Empty(Answering.Check(full));
        var over = full with { Sections = [new QuestionnaireSection("s", "S", null, [table, Sample.Sections[0].Questions[0]])] };
        Assert.Equal(new AnswerProblem("products", "the questionnaire asks more than 1000 answers up to this question (a table counts each cell, a multiple choice each option)"),
            Assert.Single(Answering.Check(over)));

        var answers = Enumerable.Range(0, InputLimits.MaxAnswersPerSubmission + 1).ToDictionary(i => $"grid/r{i}/c0", _ => (string?)"1");
        Assert.Equal("1001 answers in one save: a questionnaire asks at most 1000", Assert.Throws<AlmanacException>(() => Answering.NormalizeAll(full, answers)).Message);
    }

    [Fact]
    public void A_reviewers_comment_longer_than_the_bound_is_refused()
    {
        SubmissionWorkflow.CheckComment(new string('c', InputLimits.MaxCommentLength) + "  ");
        SubmissionWorkflow.CheckComment(null);
        Assert.Equal("the comment is longer than 4000 characters (it has 4001)",
            Assert.Throws<AlmanacException>(() => SubmissionWorkflow.CheckComment(new string('c', InputLimits.MaxCommentLength + 1))).Message);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("-", "'-")]
    [InlineData("-5", "-5")]
    [InlineData("+3", "+3")]
    [InlineData("-0.25", "-0.25")]
    [InlineData("Mali", "Mali")]
    [InlineData("", "")]
    public void A_formula_like_text_cell_is_quoted_while_numbers_stay_numbers(string cell, string written)
    {
        Assert.Equal(written, SpreadsheetText.Cell(cell));
        Assert.Equal(cell, SpreadsheetText.Restore(written));
    }
}
