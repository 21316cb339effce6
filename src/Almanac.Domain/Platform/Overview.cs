using System.Globalization;

namespace Almanac.Domain.Platform;

/// <summary>A focal point who answers for an office: whom to chase when its questionnaire is late.</summary>
public sealed record FocalPointContact(string UserName, string DisplayName);

/// <summary>
/// Where one office stands on a year's questionnaire: its submission, or null when the office has not started it, and
/// the enabled focal points of the office.
/// </summary>
public sealed record OfficeProgress(Office Office, Submission? Submission, IReadOnlyList<FocalPointContact> FocalPoints)
{
    /// <summary>The state as the overview names it: <see cref="SubmissionOverview.NotStarted"/> or the submission's state.</summary>
    public string State => Submission is null ? SubmissionOverview.NotStarted : SubmissionWorkflow.Name(Submission.State);

    public bool IsApproved => Submission?.State == SubmissionState.Approved;
}

/// <summary>A locked year: when, by whom, and the source its approved answers became.</summary>
public sealed record YearLock(int Year, DateTimeOffset LockedAt, string LockedBy, long SourceId);

/// <summary>What the overview shows: which state, which region, which words, in which order.</summary>
public sealed record OverviewFilter(string? State = null, string? Region = null, string? Search = null, string? Sort = null, bool Descending = false);

/// <summary>
/// The submissions overview's rules, as pure functions over every office's progress: the states counted, filtering by
/// state, region and words, the sort orders, and the list of offices to chase (not approved).
/// </summary>
public static class SubmissionOverview
{
    /// <summary>The state of an office that has no submission for the year.</summary>
    public const string NotStarted = "not-started";

    /// <summary>The longest search text taken: longer is refused, not cut, so nobody searches for less than they typed.</summary>
    public const int MaxSearchLength = 100;

    /// <summary>Every state, in the order a questionnaire goes through them.</summary>
    public static readonly IReadOnlyList<string> States =
        [NotStarted, .. new[] { SubmissionState.Draft, SubmissionState.Submitted, SubmissionState.Returned, SubmissionState.Approved }.Select(SubmissionWorkflow.Name)];

    /// <summary>The columns the overview sorts by.</summary>
    public static readonly IReadOnlyList<string> SortColumns = ["office", "region", "state", "updated"];

    /// <summary>How people read a state: "awaiting review" for submitted.</summary>
    public static string Label(string state) => state switch
    {
        NotStarted => "not started",
        "submitted" => "awaiting review",
        _ => state,
    };

    /// <summary>A problem with the filter's values (an unknown state or sort column, a search past its bound), or null.</summary>
    public static Refusal? Problem(OverviewFilter filter)
    {
        if (filter.State is { Length: > 0 } state && !States.Contains(state))
            return Refusal.Of("overview.state-unknown", $"state '{Shorten(state)}' is none of {string.Join(", ", States)}", $"'{Shorten(state)}'", string.Join(", ", States));
        if (filter.Sort is { Length: > 0 } sort && !SortColumns.Contains(sort))
            return Refusal.Of("overview.sort-unknown", $"sort '{Shorten(sort)}' is none of {string.Join(", ", SortColumns)}", $"'{Shorten(sort)}'", string.Join(", ", SortColumns));
        if (filter.Search is { Length: > MaxSearchLength } search)
            return Refusal.Of("overview.search-too-long", $"the search text has {search.Length} characters, more than the {MaxSearchLength} taken", search.Length, MaxSearchLength);
        if (filter.Region is { Length: > MaxSearchLength }) return Refusal.Of("overview.region-too-long", $"the region is longer than {MaxSearchLength} characters", MaxSearchLength);
        return null;
    }

    /// <summary>How many offices are in each state (every state, zero included), before the state filter.</summary>
    public static IReadOnlyList<(string State, int Count)> Counts(IEnumerable<OfficeProgress> offices)
    {
        var counts = offices.GroupBy(o => o.State).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. States.Select(s => (s, counts.GetValueOrDefault(s)))];
    }

    /// <summary>The offices of the region (the regional office's own code), whose name, code, country or focal point holds the search words.</summary>
    public static IEnumerable<OfficeProgress> Within(IEnumerable<OfficeProgress> offices, OverviewFilter filter)
    {
        var words = (filter.Search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return offices.Where(o => (string.IsNullOrEmpty(filter.Region) || o.Office.Region == filter.Region || o.Office.Code == filter.Region)
            && words.All(w => Matches(o, w)));
    }

    /// <summary>The offices the whole filter keeps (<see cref="Within"/> and the state), in its order.</summary>
    public static IReadOnlyList<OfficeProgress> Apply(IEnumerable<OfficeProgress> offices, OverviewFilter filter)
    {
        var kept = Within(offices, filter).Where(o => string.IsNullOrEmpty(filter.State) || o.State == filter.State);
        return Sorted(kept, filter.Sort, filter.Descending);
    }

    /// <summary>The offices not yet approved, within the region and search, by name: whom to chase before the year is locked.</summary>
    public static IReadOnlyList<OfficeProgress> ToChase(IEnumerable<OfficeProgress> offices, OverviewFilter filter) =>
        Sorted(Within(offices, filter).Where(o => !o.IsApproved), "office", false);

    /// <summary>
    /// The chase list as CSV (office, name, region, state, last change, focal points' user names and names), every text
    /// cell through <see cref="SpreadsheetText.Cell"/> so that a name starting like a formula is not run by a spreadsheet.
    /// </summary>
    public static string ChaseCsv(IEnumerable<OfficeProgress> offices)
    {
        var text = new System.Text.StringBuilder("office,office_name,region,state,last_change,focal_point_user_names,focal_point_names\r\n");
        foreach (var o in offices)
        {
            string[] cells =
            [
                o.Office.Code, o.Office.Name, o.Office.Region ?? "", Label(o.State),
                o.Submission is null ? "" : o.Submission.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                string.Join("; ", o.FocalPoints.Select(f => f.UserName)), string.Join("; ", o.FocalPoints.Select(f => f.DisplayName)),
            ];
            text.AppendJoin(',', cells.Select(c => Quote(SpreadsheetText.Cell(c)))).Append("\r\n");
        }
        return text.ToString();
    }

    private static IReadOnlyList<OfficeProgress> Sorted(IEnumerable<OfficeProgress> offices, string? sort, bool descending)
    {
        // Always by name last, so that rows equal in the sorted column keep one order.
        var ordered = (sort ?? "office") switch
        {
            "region" => Order(offices, o => o.Office.Region ?? "", descending).ThenBy(o => o.Office.Name, StringComparer.CurrentCultureIgnoreCase),
            "state" => Order(offices, o => Rank(o.State).ToString("00", CultureInfo.InvariantCulture), descending).ThenBy(o => o.Office.Name, StringComparer.CurrentCultureIgnoreCase),
            "updated" => Order(offices, o => o.Submission?.UpdatedAt.UtcDateTime.ToString("o", CultureInfo.InvariantCulture) ?? "", descending)
                .ThenBy(o => o.Office.Name, StringComparer.CurrentCultureIgnoreCase),
            _ => Order(offices, o => o.Office.Name, descending),
        };
        return [.. ordered];
    }

    private static int Rank(string state)
    {
        for (var i = 0; i < States.Count; i++)
        {
            if (States[i] == state) return i;
        }
        return States.Count;
    }

    private static IOrderedEnumerable<OfficeProgress> Order(IEnumerable<OfficeProgress> offices, Func<OfficeProgress, string> key, bool descending) =>
        descending ? offices.OrderByDescending(key, StringComparer.CurrentCultureIgnoreCase) : offices.OrderBy(key, StringComparer.CurrentCultureIgnoreCase);

    private static bool Matches(OfficeProgress o, string word) =>
        o.Office.Name.Contains(word, StringComparison.CurrentCultureIgnoreCase) || o.Office.Code.Contains(word, StringComparison.OrdinalIgnoreCase)
        || (o.Office.Country?.Contains(word, StringComparison.OrdinalIgnoreCase) ?? false)
        || o.FocalPoints.Any(f => f.UserName.Contains(word, StringComparison.OrdinalIgnoreCase) || f.DisplayName.Contains(word, StringComparison.CurrentCultureIgnoreCase));

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}

/// <summary>One page of the audit log, newest first, each line with the record it concerns named as people know it.</summary>
/// <param name="Total">How many lines the filter matches in all.</param>
/// <param name="Older">The id to page on from (older lines), or null on the last page.</param>
/// <param name="Newer">The id to page back from (newer lines), or null on the first page.</param>
public sealed record AuditPage(IReadOnlyList<AuditLine> Lines, long Total, long? Older, long? Newer);

/// <summary>An audit line with its record's name: "Dakar — 2023" for a submission, the entity as stored otherwise.</summary>
public sealed record AuditLine(AuditEntry Entry, string Record);
