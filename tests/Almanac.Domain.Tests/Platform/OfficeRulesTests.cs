using Almanac.Domain.Platform;

namespace Almanac.Domain.Tests.Platform;

/// <summary>
/// The rules an office changed one at a time follows: its fields as the CSV import reads them, the offices as they
/// would be checked as a whole (a problem the change did not make is not blamed on it), the accounts' regions kept, and
/// deletion only while nothing refers to the office.
/// </summary>
public sealed class OfficeRulesTests
{
    private static readonly Office[] Stored =
    [
        new("HQ", "Headquarters", OfficeKind.Headquarters, null, "CHE"),
        new("RO-DAK", "Regional Office Dakar", OfficeKind.RegionalOffice, "RO-DAK", "SEN"),
        new("RO-CAI", "Regional Office Cairo", OfficeKind.RegionalOffice, "RO-CAI", "EGY"),
        new("CO-MLI", "Mali", OfficeKind.CountryOffice, "RO-DAK", "MLI"),
    ];

    [Fact]
    public void Fields_are_trimmed_and_read_as_the_csv_reads_them_and_the_first_refused_is_named_with_its_value()
    {
        Assert.Equal(new Office("CO-SEN", "Senegal", OfficeKind.CountryOffice, "RO-DAK", "SEN"), OfficeRules.Checked(" CO-SEN ", " Senegal ", "CO", " RO-DAK ", "sen"));
        Assert.Equal(new Office("HQ2", "Headquarters annex", OfficeKind.Headquarters, null, null), OfficeRules.Checked("HQ2", "Headquarters annex", "hq", " ", ""));
        var refused = Assert.Throws<OfficeException>(() => OfficeRules.Checked("-CO", "Name", "country", null, "MLI"));
        Assert.Equal(("code", "code '-CO': a code begins with a letter or a digit", false), (refused.Field, refused.Message, refused.Conflict));
        Assert.Equal("kind", Assert.Throws<OfficeException>(() => OfficeRules.Checked("CO-X", "Name", null, null, "MLI")).Field);
        Assert.Equal("kind: the kind must be headquarters, regional or country", Assert.Throws<OfficeException>(() => OfficeRules.Checked("CO-X", "Name", " ", null, "MLI")).Message);
    }

    [Fact]
    public void A_change_is_refused_for_what_it_breaks_and_not_for_a_problem_the_stored_offices_already_had()
    {
        // A stored office whose region is no regional office (imported before a region was removed, say) does not stop another change.
        Office[] untidy = [.. Stored, new("CO-OLD", "Old office", OfficeKind.CountryOffice, "RO-GONE", "ABC")];
        OfficeRules.CheckAmong(untidy, new Office("CO-MLI", "Mali (Bamako)", OfficeKind.CountryOffice, "RO-DAK", "MLI"));

        var own = Assert.Throws<OfficeException>(() => OfficeRules.CheckAmong(untidy, new Office("CO-MLI", "Mali", OfficeKind.CountryOffice, "RO-GONE", "MLI")));
        Assert.Equal(("region", "region 'RO-GONE': names no regional office"), (own.Field, own.Message));
        var others = Assert.Throws<OfficeException>(() => OfficeRules.CheckAmong(Stored, new Office("RO-DAK", "Dakar", OfficeKind.CountryOffice, "RO-CAI", "SEN")));
        Assert.Equal(("kind", "kind 'country': office 'CO-MLI' reports to 'RO-DAK' as its region, which would then be no regional office: give that office another region first"),
            (others.Field, others.Message));

        // Cairo has no office reporting to it, but a reviewer reviews its region.
        Account reviewer = new("reviewer-cairo", "Reviewer", Role.RegionalReviewer, null, "RO-CAI");
        var cairo = new Office("RO-CAI", "Cairo", OfficeKind.CountryOffice, "RO-DAK", "EGY");
        OfficeRules.CheckAmong(Stored, cairo);
        var scoped = Assert.Throws<OfficeException>(() => OfficeRules.CheckAccounts(Stored, cairo, [reviewer]));
        Assert.Equal(("kind", "kind 'country': account 'reviewer-cairo' reviews region 'RO-CAI', which would then be no region: give the account another scope first"),
            (scoped.Field, scoped.Message));
        OfficeRules.CheckAccounts(Stored, cairo with { Kind = OfficeKind.RegionalOffice, Region = "RO-CAI" }, [reviewer]);
    }

    [Fact]
    public void An_office_is_deleted_only_while_nothing_refers_to_it_and_the_refusal_counts_what_does()
    {
        Assert.Null(OfficeRules.DeleteProblem("CO-X", OfficeUse.None));
        Assert.False(OfficeUse.None.InUse);
        Assert.Equal("office 'RO-DAK' cannot be deleted: it has 2 submissions, 1 focal point account, 3 reviewer accounts, 1 office reporting to it; "
            + "an office is deleted only while no submission, account or office refers to it (rename it, or change it, instead)",
            OfficeRules.DeleteProblem("RO-DAK", new OfficeUse(2, 1, 3, 1))?.Message);
        Assert.StartsWith("office 'CO-X' cannot be deleted: it has 1 submission; ", OfficeRules.DeleteProblem("CO-X", new OfficeUse(1, 0, 0, 0))?.Message, StringComparison.Ordinal);
    }
}
