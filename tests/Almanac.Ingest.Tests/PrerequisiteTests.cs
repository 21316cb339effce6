using Almanac.Tests;
using Xunit.Sdk;

namespace Almanac.Ingest.Tests;

/// <summary>
/// The rule of the shared fixtures for what a test needs from outside the repository (../shared, PostgreSQL, Chromium):
/// a skip under a plain `dotnet test`, a failure in CI, where scripts/test.sh must provide it.
/// </summary>
public sealed class PrerequisiteTests
{
    private static readonly string Absent = Path.Combine(Path.GetTempPath(), "almanac-no-shared-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_missing_shared_file_fails_the_test_in_CI()
    {
        var failure = Assert.Throws<FailException>(() => SharedFiles.Require(Absent, "reports/annual-report-2023.txt", inCi: true));
        Assert.Contains("annual-report-2023.txt is absent", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_shared_file_skips_the_test_outside_CI()
    {
        var skip = SkipOf(() => SharedFiles.Require(Absent, "reports/annual-report-2023.txt", inCi: false));
        Assert.Contains("shared folder", skip, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shared_file_that_is_there_is_given_in_CI_and_outside()
    {
        var folder = Directory.CreateTempSubdirectory("almanac-shared-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "reports"));
            var file = Path.Combine(folder.FullName, "reports", "a.txt");
            File.WriteAllText(file, "a");
            Assert.Equal(file, SharedFiles.Require(folder.FullName, "reports/a.txt", inCi: true));
            Assert.Equal(file, SharedFiles.Require(folder.FullName, "reports/a.txt", inCi: false));
        }
        finally
        {
            folder.Delete(true);
        }
    }

    [Fact]
    public void Any_missing_prerequisite_fails_in_CI_with_its_CI_reason_and_skips_outside()
    {
        Assert.Equal("in CI", Assert.Throws<FailException>(() => Prerequisite.Missing("absent", "in CI", inCi: true)).Message);
        Assert.Equal("absent", Assert.Throws<FailException>(() => Prerequisite.Missing("absent", null, inCi: true)).Message);
        Assert.EndsWith("absent", SkipOf(() => Prerequisite.Missing("absent", "in CI", inCi: false)), StringComparison.Ordinal);
    }

    // Assert.Throws lets a SkipException through (so that a skip inside it still skips the test): catch it by hand.
    private static string SkipOf(Action action)
    {
        try
        {
            action();
        }
        catch (SkipException skip)
        {
            return skip.Message;
        }
        Assert.Fail("The test was not skipped.");
        return "";
    }
}
