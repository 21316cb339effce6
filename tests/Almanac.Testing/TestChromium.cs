using Almanac.Publish.Publications.Pdf;

namespace Almanac.Tests;

/// <summary>
/// The headless Chromium a test renders pages with, found where <c>almanac publish --format pdf</c> finds it
/// (<see cref="HeadlessChromium.Find"/>): scripts/test.sh installs Debian's; <see cref="Require"/> finds it or skips the test.
/// </summary>
public static class TestChromium
{
    /// <summary>The browser's path, or null when none is found.</summary>
    public static string? Locate() => HeadlessChromium.Find().Path;

    /// <summary>Chromium for a test that needs it: a skip with the reason when it is absent, a failure in CI (CI=true), where it must be.</summary>
    public static HeadlessChromium Require()
    {
        var (path, looked) = HeadlessChromium.Find();
        if (path is not null) return new HeadlessChromium(path, TimeSpan.FromSeconds(90));
        var reason = $"Chromium not available: looked at {string.Join(", ", looked)} (scripts/test.sh installs the Debian package 'chromium'; "
            + $"{HeadlessChromium.Variable} names another binary).";
        Prerequisite.Missing(reason, reason + " CI runs the tests through scripts/test.sh, which must install it.");
        return null!; // unreachable: Missing throws
    }
}
