using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Almanac.Tests;

/// <summary>
/// What a test does when something it needs (../shared, PostgreSQL, Chromium) is absent: under a plain `dotnet test` it
/// skips with the reason; in CI (CI=true) it fails, because scripts/test.sh must have provided it and a skip there would
/// hide a check that never ran.
/// </summary>
public static class Prerequisite
{
    public const string CiVariable = "CI";

    /// <summary>Whether the tests run in CI (CI=true), where every prerequisite must be present.</summary>
    public static bool InCi => Environment.GetEnvironmentVariable(CiVariable) == "true";

    /// <summary>Skips the test with <paramref name="reason"/>, or fails it with <paramref name="ciReason"/> (default: the reason) in CI.</summary>
    [DoesNotReturn]
    public static void Missing(string reason, string? ciReason = null) => Missing(reason, ciReason, InCi);

    /// <summary>As <see cref="Missing(string, string?)"/>, with whether this is CI given (so that the rule itself can be tested).</summary>
    [DoesNotReturn]
    public static void Missing(string reason, string? ciReason, bool inCi)
    {
        if (inCi) Assert.Fail(ciReason ?? reason);
        Assert.Skip(reason);
        throw new UnreachableException(); // Assert.Skip throws
    }
}
