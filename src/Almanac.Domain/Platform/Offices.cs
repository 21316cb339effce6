namespace Almanac.Domain.Platform;

/// <summary>What an office is in the organization's structure.</summary>
public enum OfficeKind
{
    Headquarters,
    RegionalOffice,
    CountryOffice,
}

/// <summary>
/// An office that answers the questionnaire. <paramref name="Region"/> is the code of the regional office it reports
/// to (a regional office's own code for itself; null for headquarters); <paramref name="Country"/> is ISO alpha-3.
/// </summary>
public sealed record Office(string Code, string Name, OfficeKind Kind, string? Region, string? Country);

/// <summary>Parses and names office kinds as files and the API write them.</summary>
public static class OfficeKinds
{
    public static string Code(this OfficeKind kind) => kind switch
    {
        OfficeKind.Headquarters => "headquarters",
        OfficeKind.RegionalOffice => "regional",
        _ => "country",
    };

    public static OfficeKind? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "headquarters" or "hq" => OfficeKind.Headquarters,
        "regional" or "regional office" or "ro" => OfficeKind.RegionalOffice,
        "country" or "country office" or "co" => OfficeKind.CountryOffice,
        _ => null,
    };

    /// <summary>
    /// Checks a set of offices as a whole: unique codes, every region names a regional office, a regional office is
    /// its own region, a country office has a country. Problems are returned as (office code, field, value, problem).
    /// </summary>
    public static IReadOnlyList<(string Office, string Field, string? Value, Refusal Problem)> Check(IReadOnlyCollection<Office> offices)
    {
        var problems = new List<(string, string, string?, Refusal)>();
        var regions = offices.Where(o => o.Kind == OfficeKind.RegionalOffice).Select(o => o.Code).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var office in offices)
        {
            if (!seen.Add(office.Code)) problems.Add((office.Code, "code", office.Code, Refusal.Of("office.code-twice", "appears twice")));
            if (office.Kind == OfficeKind.RegionalOffice && office.Region != office.Code)
                problems.Add((office.Code, "region", office.Region, Refusal.Of("office.regional-own-region", "a regional office is its own region")));
            if (office.Kind == OfficeKind.CountryOffice && office.Region is not null && !regions.Contains(office.Region))
                problems.Add((office.Code, "region", office.Region, Refusal.Of("office.region-not-regional", "names no regional office")));
            if (office.Kind == OfficeKind.CountryOffice && string.IsNullOrEmpty(office.Country))
                problems.Add((office.Code, "country", office.Country, Refusal.Of("office.country-needed", "a country office needs its country")));
        }
        return problems;
    }
}

/// <summary>
/// An office's details the platform refuses, naming the field (<c>code</c>, <c>name</c>, <c>kind</c>, <c>region</c>,
/// <c>country</c>) as the API and the forms write it; the message names the value. <paramref name="conflict"/>: the
/// details are right but clash with what is stored (a code already taken), which the API answers 409 rather than 400.
/// </summary>
public sealed class OfficeException(string field, Refusal refusal, bool conflict = false) : AlmanacException(refusal)
{
    public string Field { get; } = field;

    public bool Conflict { get; } = conflict;
}

/// <summary>
/// What refers to an office: its submissions (every year), the focal points who answer for it, the reviewers of its
/// region (a regional office's code), and the offices that report to it as their region.
/// </summary>
public sealed record OfficeUse(int Submissions, int FocalPoints, int Reviewers, int ReportingOffices)
{
    public static readonly OfficeUse None = new(0, 0, 0, 0);

    /// <summary>Whether anything refers to the office, which then cannot be deleted.</summary>
    public bool InUse => Submissions + FocalPoints + Reviewers + ReportingOffices > 0;
}

/// <summary>
/// The rules an office's details follow, wherever they come from (a CSV import, the Offices page, the API): a code of
/// 1–<see cref="InputLimits.MaxOfficeCodeLength"/> plain characters, a name of 1–<see cref="InputLimits.MaxOfficeNameLength"/>
/// characters, a known kind, an ISO 3166 alpha-3 country; then <see cref="OfficeKinds.Check"/> over the offices as they
/// would be. An office is deleted only while nothing refers to it (<see cref="OfficeUse"/>): its history stays whole.
/// </summary>
public static class OfficeRules
{
    /// <summary>Why a code (an office's, or a region's) is refused, or null: 1–32 letters A–Z, digits and <c>- _ .</c>, beginning with a letter or digit.</summary>
    public static Refusal? CodeProblem(string? code)
    {
        if (string.IsNullOrEmpty(code)) return Refusal.Of("office.code-required", "an office needs a code");
        if (code.Length > InputLimits.MaxOfficeCodeLength) return Refusal.Of("office.code-too-long", $"a code has at most {InputLimits.MaxOfficeCodeLength} characters (this one has {code.Length})", InputLimits.MaxOfficeCodeLength, code.Length);
        if (!char.IsAsciiLetterOrDigit(code[0])) return Refusal.Of("office.code-start", "a code begins with a letter or a digit");
        return code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? null : Refusal.Of("office.code-characters", "a code has only letters A–Z, digits and - _ .");
    }

    /// <summary>Why a name is refused, or null: 1–200 characters, no control characters.</summary>
    public static Refusal? NameProblem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return Refusal.Of("office.name-required", "an office needs a name");
        if (name.Length > InputLimits.MaxOfficeNameLength) return Refusal.Of("office.name-too-long", $"a name has at most {InputLimits.MaxOfficeNameLength} characters (this one has {name.Length})", InputLimits.MaxOfficeNameLength, name.Length);
        return name.Any(char.IsControl) ? Refusal.Of("office.name-control", "a name has no control characters (line breaks, tabs)") : null;
    }

    /// <summary>Why a kind is refused, or null.</summary>
    public static Refusal? KindProblem(string? kind) => OfficeKinds.Parse(kind) is null ? Refusal.Of("office.kind-unknown", "the kind must be headquarters, regional or country") : null;

    /// <summary>Why a country is refused, or null (none is allowed: a country office's need of one is <see cref="OfficeKinds.Check"/>'s).</summary>
    public static Refusal? CountryProblem(string? country) =>
        country is null || (country.Length == 3 && country.All(char.IsAsciiLetterUpper)) ? null : Refusal.Of("office.country-not-iso", "not an ISO 3166 alpha-3 code");

    /// <summary>
    /// The office the fields describe, trimmed (a blank region or country is none, the country upper-cased, the kind as
    /// <see cref="OfficeKinds.Parse"/> reads it), or an <see cref="OfficeException"/> naming the first field refused and its value.
    /// </summary>
    public static Office Checked(string? code, string? name, string? kind, string? region, string? country)
    {
        code = Blank(code);
        name = Blank(name);
        region = Blank(region);
        country = Blank(country)?.ToUpperInvariant();
        Refuse("code", code, CodeProblem(code));
        Refuse("name", name, NameProblem(name));
        Refuse("kind", Blank(kind), KindProblem(kind));
        if (region is not null) Refuse("region", region, CodeProblem(region));
        Refuse("country", country, CountryProblem(country));
        return new Office(code!, name!, OfficeKinds.Parse(kind)!.Value, region, country);
    }

    /// <summary>
    /// Checks <paramref name="office"/> among the stored offices (added, or replacing the stored one of its code) with
    /// <see cref="OfficeKinds.Check"/>, as an import checks its file, and refuses what the change would break that was whole
    /// before: a problem of the office itself names its field; a problem it makes for another office (a regional office
    /// that becomes another kind while offices report to it) names its kind.
    /// </summary>
    public static void CheckAmong(IReadOnlyCollection<Office> stored, Office office)
    {
        var merged = stored.Where(o => o.Code != office.Code).Append(office).ToList();
        var before = OfficeKinds.Check(stored).ToHashSet();
        if (OfficeKinds.Check(merged).FirstOrDefault(p => !before.Contains(p)) is { Office: not null } problem)
        {
            if (problem.Office == office.Code) Refuse(problem.Field, problem.Value, problem.Problem);
            throw new OfficeException("kind", Refusal.Of("office.others-report-to-it",
                $"office {InputLimits.Quote(problem.Office)} reports to {InputLimits.Quote(office.Code)} as its region, which would then be no regional office: give that office another region first",
                InputLimits.Quote(problem.Office), InputLimits.Quote(office.Code)).About("kind", office.Kind.Code()));
        }
    }

    /// <summary>
    /// Refuses a change that would leave an account's scope naming no office or region (<see cref="AccountRules.ScopeProblem"/>):
    /// a reviewer's region that stops being a regional office. Accounts already out of scope before are not the change's doing.
    /// </summary>
    public static void CheckAccounts(IReadOnlyCollection<Office> stored, Office office, IEnumerable<Account> accounts)
    {
        var merged = stored.Where(o => o.Code != office.Code).Append(office).ToList();
        foreach (var account in accounts)
        {
            if (AccountRules.ScopeProblem(account, stored) is null && AccountRules.ScopeProblem(account, merged) is not null)
            {
                var region = InputLimits.Quote(account.Region ?? account.Office ?? "");
                throw new OfficeException("kind", Refusal.Of("office.reviewers-of-it",
                    $"account {InputLimits.Quote(account.UserName)} reviews region {region}, which would then be no region: give the account another scope first",
                    InputLimits.Quote(account.UserName), region).About("kind", office.Kind.Code()));
            }
        }
    }

    /// <summary>Why the office cannot be deleted, or null: anything that refers to it keeps it, so that no submission, account or office is left naming no office.</summary>
    public static Refusal? DeleteProblem(string code, OfficeUse use)
    {
        if (!use.InUse) return null;
        var parts = new List<Refusal>();
        if (use.Submissions > 0) parts.Add(Count("submissions", use.Submissions, "submission"));
        if (use.FocalPoints > 0) parts.Add(Count("focal-points", use.FocalPoints, "focal point account"));
        if (use.Reviewers > 0) parts.Add(Count("reviewers", use.Reviewers, "reviewer account"));
        if (use.ReportingOffices > 0) parts.Add(Count("reporting-offices", use.ReportingOffices, "office reporting to it", "offices reporting to it"));
        return Refusal.Of("office.in-use", $"office {InputLimits.Quote(code)} cannot be deleted: it has {string.Join(", ", parts)}; "
            + "an office is deleted only while no submission, account or office refers to it (rename it, or change it, instead)", InputLimits.Quote(code), parts);
    }

    /// <summary>"3 submissions", "1 submission": one use of an office, coded by what uses it and whether it is one or more.</summary>
    private static Refusal Count(string what, int n, string one, string? many = null) =>
        Refusal.Of($"office.use.{what}.{(n == 1 ? "one" : "many")}", $"{Refusal.Number(n)} {(n == 1 ? one : many ?? one + "s")}", n);

    /// <summary>A code an office has already.</summary>
    public static Refusal CodeTaken(string code, string name) =>
        Refusal.Of("office.code-taken", $"code {InputLimits.Quote(code)} is taken by office {InputLimits.Quote(name)}: choose another", InputLimits.Quote(code), InputLimits.Quote(name));

    private static void Refuse(string field, string? value, Refusal? problem)
    {
        if (problem is null) return;
        throw new OfficeException(field, problem.About(field, value));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
