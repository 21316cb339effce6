using System.Globalization;

namespace Almanac.Domain.Platform;

/// <summary>
/// An account's details the platform refuses, naming the field (<c>userName</c>, <c>displayName</c>, <c>role</c>,
/// <c>office</c>, <c>region</c>, <c>password</c>, <c>currentPassword</c>) as the API and the forms write it.
/// </summary>
public sealed class AccountException(string field, Refusal refusal) : AlmanacException(refusal)
{
    public string Field { get; } = field;
}

/// <summary>An account as the administrator's list shows it: whether it is disabled, and when it last signed in (from the audit log).</summary>
public sealed record AccountListing(Account Account, bool Disabled, DateTimeOffset? LastSignIn);

/// <summary>
/// The rules account administration follows, as pure checks (README, "Accounts"): user names and display names within
/// <see cref="InputLimits"/>, a role's scope naming an office or region that exists, passwords of OWASP's and NIST SP
/// 800-63B's length and not among the most common, and the administrator lock-out rule (the store applies it in the
/// transaction of each change, <see cref="LockOutProblem"/>).
/// </summary>
public static class AccountRules
{
    /// <summary>Why a user name is refused, or null: 1–64 characters of a–z, 0–9, <c>. _ - @</c>, beginning with a letter or digit.</summary>
    public static Refusal? UserNameProblem(string? userName)
    {
        if (string.IsNullOrEmpty(userName)) return Refusal.Of("account.user-name-required", "a user name is required");
        if (userName.Length > InputLimits.MaxUserNameLength)
            return Refusal.Of("account.user-name-too-long", $"a user name has at most {InputLimits.MaxUserNameLength} characters (this one has {userName.Length})", InputLimits.MaxUserNameLength, userName.Length);
        if (!char.IsAsciiLetterLower(userName[0]) && !char.IsAsciiDigit(userName[0]))
            return Refusal.Of("account.user-name-start", $"user name {InputLimits.Quote(userName)}: begins with a lower-case letter or a digit", InputLimits.Quote(userName));
        var bad = userName.FirstOrDefault(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-' or '@'));
        return bad == default ? null
            : Refusal.Of("account.user-name-characters", $"user name {InputLimits.Quote(userName)}: only lower-case letters a–z, digits and . _ - @ (not {Describe(bad)})", InputLimits.Quote(userName), Describe(bad));
    }

    /// <summary>Why a display name is refused, or null: 1–200 characters, no control characters.</summary>
    public static Refusal? DisplayNameProblem(string? displayName)
    {
        if (string.IsNullOrWhiteSpace(displayName)) return Refusal.Of("account.display-name-required", "a display name is required (the person's name, shown at the top of every page)");
        if (displayName.Length > InputLimits.MaxDisplayNameLength)
            return Refusal.Of("account.display-name-too-long", $"a display name has at most {InputLimits.MaxDisplayNameLength} characters (this one has {displayName.Length})", InputLimits.MaxDisplayNameLength, displayName.Length);
        return displayName.Any(char.IsControl) ? Refusal.Of("account.display-name-control", "a display name has no control characters (line breaks, tabs)") : null;
    }

    /// <summary>
    /// Why a new password is refused, or null: 12–128 characters (Unicode characters, as NIST SP 800-63B counts them), not
    /// the user name, not one of the most common passwords. No rules on kinds of characters (NIST: they make passwords
    /// harder to remember, not to guess).
    /// </summary>
    public static Refusal? PasswordProblem(string? password, string userName)
    {
        if (string.IsNullOrEmpty(password)) return Refusal.Of("account.password-required", "a password is required");
        var length = password.EnumerateRunes().Count();
        if (length < InputLimits.MinPasswordLength) return Refusal.Of("account.password-too-short", $"a password has at least {InputLimits.MinPasswordLength} characters (this one has {length})", InputLimits.MinPasswordLength, length);
        if (length > InputLimits.MaxPasswordLength) return Refusal.Of("account.password-too-long", $"a password has at most {InputLimits.MaxPasswordLength} characters (this one has {length})", InputLimits.MaxPasswordLength, length);
        if (string.Equals(password.Trim(), userName, StringComparison.OrdinalIgnoreCase)) return Refusal.Of("account.password-is-user-name", "a password must not be the user name");
        var folded = password.Trim().ToLowerInvariant();
        if (Common.Contains(folded) || folded.Distinct().Count() <= 2)
            return Refusal.Of("account.password-common", "this password is one of the most common (or repeats one or two characters): choose another");
        return null;
    }

    /// <summary>
    /// Why the scope does not fit the platform's offices, or null: a focal point's office must exist, a reviewer's region
    /// must be a region results group offices by (a regional office, or headquarters).
    /// </summary>
    public static Refusal? ScopeProblem(Account account, IReadOnlyCollection<Office> offices)
    {
        if (Roles.ScopeProblem(account) is { } problem) return problem;
        if (account.Office is { } office && offices.All(o => o.Code != office)) return Refusal.Of("account.no-office", $"no office {InputLimits.Quote(office)}", InputLimits.Quote(office));
        if (account.Region is { } region && offices.All(o => ResultsCalculator.RegionOf(o) != region)) return Refusal.Of("account.no-region", $"no region {InputLimits.Quote(region)}", InputLimits.Quote(region));
        return null;
    }

    /// <summary>The field of the form or request a scope problem concerns.</summary>
    /// <summary>A user name refused because an account has it, or has it but for case (<paramref name="taken"/>).</summary>
    public static Refusal TakenProblem(string userName, string taken) => taken == userName
        ? Refusal.Of("account.user-name-taken", $"user name '{userName}' is taken: choose another", $"'{userName}'")
        : Refusal.Of("account.user-name-taken-by", $"user name '{userName}' is taken (by '{taken}'): choose another", $"'{userName}'", $"'{taken}'");

    /// <summary>A scope problem of the account named: "account 'x': no office 'CO-ZZZ'".</summary>
    public static Refusal ScopeOf(string userName, Refusal problem) =>
        Refusal.Of("account.scope", $"account '{userName}': {problem.Message}", $"'{userName}'", problem);

    public static string ScopeField(Account account) => account.Role switch
    {
        Role.FocalPoint => "office",
        Role.RegionalReviewer => "region",
        _ => account.Office is not null ? "office" : "region",
    };

    /// <summary>
    /// Why a change would leave the platform without an enabled administrator, or null: the account was an enabled
    /// administrator, is not one after the change, and no other enabled administrator remains. Nobody could then manage
    /// accounts, offices or questionnaires from the platform.
    /// </summary>
    public static Refusal? LockOutProblem(string userName, bool wasEnabledAdministrator, bool isEnabledAdministrator, int otherEnabledAdministrators) =>
        wasEnabledAdministrator && !isEnabledAdministrator && otherEnabledAdministrators == 0
            ? Refusal.Of("account.last-administrator", $"'{userName}' is the last enabled administrator: make another account an administrator first, so that someone can still manage the platform", $"'{userName}'")
            : null;

    private static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c)
        ? string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}")
        : $"'{c}'";

    /// <summary>
    /// Among the most common passwords of the public breach lists (as OWASP and NIST suggest checking), those of 12 or
    /// more characters, lower-cased. A short list: the length rule already refuses the shorter ones.
    /// </summary>
    private static readonly HashSet<string> Common = new(StringComparer.Ordinal)
    {
        "123456789012", "1234567890123", "12345678901234", "123456789123", "1234567891011", "111111111111", "000000000000",
        "123123123123", "qwertyuiop12", "qwertyuiop123", "qwertyuiopasdfgh", "qwertyuiopasdfghjkl", "1q2w3e4r5t6y", "1q2w3e4r5t6y7u",
        "1qaz2wsx3edc", "1qaz2wsx3edc4rfv", "zaq12wsxcde3", "asdfghjkl123", "password1234", "password12345", "password123456",
        "passwordpassword", "password123!", "p@ssw0rd1234", "iloveyou1234", "welcome12345", "welcome123456", "letmein12345",
        "administrator", "administrator1", "administrator123", "admin1234567", "adminadmin123", "changeme1234", "changeme123!",
        "abcdefghijkl", "abcdefghijklm", "abcd1234abcd", "abc123abc123", "mypassword123", "superman1234", "football1234",
        "baseball1234", "princess1234", "sunshine1234", "trustno1trustno1", "monkey123456", "dragon123456", "master123456",
        "starwars1234", "qwerty123456", "qwerty1234567", "qwertyqwerty", "1234qwerasdf", "1234qwerasdfzxcv", "asdfasdfasdf",
        "zxcvbnm12345", "zxcvbnmasdfghjkl", "987654321098", "098765432112", "a1b2c3d4e5f6", "aaaaaaaaaaaa", "iloveyouiloveyou",
        "almanac12345", "almanac123456", "almanacalmanac", "questionnaire", "questionnaire1", "questionnaire123",
    };
}
