using Almanac.Domain.Reports;
using Almanac.Domain.Reports.Statements;
using Almanac.Domain.Tables;

namespace Almanac.Domain.Tests;

/// <summary>What the audit finds in statements about offices, rule by rule, and what it leaves alone.</summary>
public sealed class StatementAuditTests
{
    private static OfficeStatement S(int ordinal, int line, int? count, decimal? percent = null, int? @base = null, StatementRole role = StatementRole.Main,
        int? parent = null, StatementQualifier qualifier = StatementQualifier.Exact, int year = 2018, string subject = "reported a result", int section = 1) =>
        new(ordinal, null, line, year, subject, count, qualifier, percent, @base, role, parent, null, section, $"sentence at line {line}");

    private static List<string> Findings(params OfficeStatement[] statements) =>
        [.. StatementAudit.Run(statements.Select(s => (7L, "report.txt", s))).Select(f => $"{f.Line}:{f.Rule}:{f.Printed}:{f.Computed}:{f.Severity}")];

    [Fact]
    public void A_share_is_held_to_its_count_and_base_rounded_as_printed()
    {
        Assert.Empty(Findings(S(1, 10, 60, 36m, 165), S(2, 11, 56, 34m, 165), S(3, 12, 2, 66.7m, 3)));
        Assert.Equal(["20:statement-share-matches-count:40:27:Error"], Findings(S(1, 20, 45, 40m, 165)));
        Assert.Empty(Findings(S(1, 21, 60, 36.4m, 165)));
        Assert.Equal(["22:statement-share-matches-count:36.5:36.4:Error"], Findings(S(1, 22, 60, 36.5m, 165)));
    }

    [Fact]
    public void Bounds_are_held_to_what_they_allow_and_rounded_figures_are_not_checked()
    {
        Assert.Empty(Findings(S(1, 10, 80, 45m, 160, qualifier: StatementQualifier.MoreThan), S(2, 11, 10, 90m, 100, qualifier: StatementQualifier.Approximately)));
        Assert.Equal(["12:statement-share-matches-count:50:50:Error"], Findings(S(1, 12, 80, 50m, 160, qualifier: StatementQualifier.MoreThan)));
    }

    [Fact]
    public void A_part_larger_than_its_whole_or_its_base_is_an_error_and_a_group_of_offices_is_one_whole()
    {
        // "105 Country Offices and eight Regional Offices … capacity-building (110 offices)": within the 113 of the group.
        Assert.Empty(Findings(S(1, 10, 105), S(2, 10, 8, role: StatementRole.Conjunct, parent: 1), S(3, 10, 110, role: StatementRole.Part, parent: 1)));
        Assert.Equal(["10:statement-part-within-whole:114:113:Error"],
            Findings(S(1, 10, 105), S(2, 10, 8, role: StatementRole.Conjunct, parent: 1), S(3, 10, 114, role: StatementRole.Part, parent: 1)));
        Assert.Equal(["30:statement-part-within-whole:70:60:Error"], Findings(S(1, 30, 70, @base: 60)));
        // Another year is not a part: "(2016: 52 offices)" beside 2017's 40.
        Assert.Empty(Findings(S(1, 40, 40, year: 2017), S(2, 40, 52, role: StatementRole.Comparison, parent: 1, year: 2016)));
    }

    [Fact]
    public void No_count_after_a_respondents_statement_exceeds_the_offices_that_responded_in_its_section()
    {
        var responded = S(1, 100, 165, subject: "responded to the monitoring and evaluation part of the institutional questionnaire", section: 9);
        Assert.Equal(["104:statement-within-respondents:170:165:Error"],
            Findings(responded, S(2, 102, 147, section: 9), S(3, 104, 170, section: 9), S(4, 300, 170, section: 10), S(0, 50, 170, section: 9)));
    }

    [Fact]
    public void One_fact_stated_twice_with_two_figures_is_an_error_in_one_report_and_a_warning_across_two()
    {
        const string Pseah = "were part of an in-country network or task force on PSEA";
        var within = Findings(S(1, 10, 33, subject: Pseah), S(2, 80, 35, subject: Pseah + " in the field"), S(3, 90, 33, subject: "supported governments in the implementation of the SDGs"));
        Assert.Equal(["80:statement-same-fact-agrees:35:33:Error"], within);

        var across = StatementAudit.Run([(1L, "annual-report-2017.txt", S(1, 273, 33, subject: Pseah, year: 2017)),
            (2L, "annual-report-2018.txt", S(5, 227, 34, role: StatementRole.Comparison, subject: Pseah, year: 2017))]);
        var finding = Assert.Single(across);
        Assert.Equal(("annual-report-2018.txt", 227, FindingSeverity.Warning, 2L), (finding.Source, finding.Line, finding.Severity, finding.SourceId));
        Assert.Contains("annual-report-2017.txt line 273", finding.Message, StringComparison.Ordinal);

        // The same words in another year, or another activity in the same year, is another fact.
        Assert.Empty(Findings(S(1, 10, 33, subject: Pseah, year: 2017), S(2, 20, 48, subject: Pseah, year: 2018)));
    }

    [Fact]
    public void The_report_audit_includes_the_statement_findings() =>
        Assert.Contains(ReportAudit.Run([], [], [(7L, "report.txt", S(1, 20, 45, 40m, 165))]), f => f.Table == StatementAudit.Table && f.Line == 20);
}
