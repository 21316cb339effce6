using Almanac.Domain.Workforce;

namespace Almanac.Domain.Tests;

public sealed class GradeTests
{
    [Theory]
    [InlineData("G-4", "G-4", StaffCategory.GeneralService)]
    [InlineData("g4", "G-4", StaffCategory.GeneralService)]
    [InlineData("G-1A", "G-1A", StaffCategory.GeneralService)]
    [InlineData("NOA", "NO-A", StaffCategory.GeneralService)]
    [InlineData("P 3", "P-3", StaffCategory.Professional)]
    [InlineData("E-1", "E-1", StaffCategory.Professional)]
    [InlineData("D-2", "D-2", StaffCategory.Professional)]
    public void Grades_parse_in_the_forms_staff_lists_use(string text, string code, StaffCategory category)
    {
        var grade = Grades.Parse(text);
        Assert.NotNull(grade);
        Assert.Equal(code, grade.Code);
        Assert.Equal(category, grade.Category);
    }

    [Theory]
    [InlineData("UG")]
    [InlineData("Ungraded")]
    public void Ungraded_has_no_category_of_its_own(string text) => Assert.True(Grades.Parse(text)!.IsUngraded);

    [Theory]
    [InlineData("P-6")]
    [InlineData("G-9")]
    [InlineData("")]
    public void Unknown_grades_are_not_guessed(string text) => Assert.Null(Grades.Parse(text));

    [Fact]
    public void The_scale_has_every_grade_the_annexes_print()
    {
        string[] printed = ["G-1", "G-1A", "G-1B", "G-2", "G-3", "G-4", "G-5", "G-6", "G-7", "G-8", "NO-A", "NO-B", "NO-C", "NO-D",
            "P-1", "P-2", "P-3", "P-4", "P-5", "D-1", "D-2", "E-1", "E-2", "UG"];
        Assert.Equal(printed.Order(), Grades.All.Select(g => g.Code).Order());
        Assert.Equal(["D-1", "D-2", "E-1", "E-2", "P-5"], Grades.P5AndHigher.Order(StringComparer.Ordinal));
    }
}
