using System.Globalization;

namespace Almanac.Domain.Projects;

/// <summary>A correction of a project as the projects page posts it: each correctable value as typed.</summary>
public sealed record ProjectFields(string? TitleEn, string? TitleFr, string? TitleEs, string? Status, string? Start, string? End, string? GenderMarker,
    string? Countries, string? AppealLine)
{
    /// <summary>The fields of a project as stored, for the correction form to open with.</summary>
    public static ProjectFields Of(Project project) => new(project.Titles.En, project.Titles.Fr, project.Titles.Es, project.Status.Name(),
        ProjectCorrections.IsoDate(project.Start), ProjectCorrections.IsoDate(project.End), project.GenderMarker.ToString(CultureInfo.InvariantCulture),
        ProjectFieldRules.CountriesText(project.Countries), project.AppealLine);
}

/// <summary>A correction refused: the field it names (as the projects file names its column) and why; nothing was written.</summary>
public sealed class ProjectException(string field, Refusal refusal) : AlmanacException(refusal)
{
    public string Field { get; } = field;
}

/// <summary>
/// Corrections of a stored project: the values checked one by one as the import checks a projects file's cells
/// (<see cref="ProjectFieldRules"/>), and what changed, field by field, for the audit log.
/// </summary>
public static class ProjectCorrections
{
    /// <summary>The fields a correction may change, as the projects file names its columns.</summary>
    public static readonly IReadOnlyList<string> Fields = ["title_en", "title_fr", "title_es", "status", "start", "end", "gender_marker", "countries", "appeal_line"];

    /// <summary>
    /// The project corrected with <paramref name="fields"/> (trimmed; a blank French or Spanish title or appeal line is
    /// none), or a <see cref="ProjectException"/> naming the first field refused and its value.
    /// </summary>
    /// <param name="resolveIso3">A country code or name to its ISO 3166 alpha-3 code, null when the reference list has none.</param>
    public static Project Checked(Project current, ProjectFields fields, Func<string, string?> resolveIso3)
    {
        var titleEn = Text("title_en", fields.TitleEn, InputLimits.MaxProjectTitleLength, required: true)!;
        var titleFr = Text("title_fr", fields.TitleFr, InputLimits.MaxProjectTitleLength, required: false);
        var titleEs = Text("title_es", fields.TitleEs, InputLimits.MaxProjectTitleLength, required: false);
        var statusText = Text("status", fields.Status, 40, required: true)!;
        var status = ProjectCodes.ParseStatus(statusText) ?? throw Refused("status", statusText, ProjectFieldRules.UnknownStatus);
        var start = Date("start", fields.Start);
        var end = Date("end", fields.End);
        if (end < start)
        {
            // The import reads such dates and the rules name them; a correction is typed by hand, so it is refused at once.
            throw Refused("end", IsoDate(end), Refusal.Of("project.end-before-start", $"the end is before the start ({IsoDate(start)})", IsoDate(start)));
        }
        var markerText = Text("gender_marker", fields.GenderMarker, 10, required: true)!;
        var marker = ProjectFieldRules.ParseGenderMarker(markerText) ?? throw Refused("gender_marker", markerText, ProjectFieldRules.BadGenderMarker);
        var countriesText = Text("countries", fields.Countries, InputLimits.MaxCellLength, required: false);
        var (countries, countriesProblem) = ProjectFieldRules.ParseCountries(ProjectFieldRules.Items(countriesText), resolveIso3);
        if (countriesProblem is not null) throw Refused("countries", countriesText, countriesProblem);
        if (countries.Count > 0 && countries.Sum(c => c.Percent) != 100)
        {
            // Also judged rather than refused at import (the audit names it); typed by hand, it is a slip to fix now.
            throw Refused("countries", countriesText, Refusal.Of("project.shares-not-100",
                $"the shares add to {countries.Sum(c => c.Percent).ToString("0.##", CultureInfo.InvariantCulture)}%, not 100%",
                countries.Sum(c => c.Percent).ToString("0.##", CultureInfo.InvariantCulture)));
        }
        var appealLine = Text("appeal_line", fields.AppealLine, ProjectFieldRules.MaxAppealLineLength, required: false);
        if (appealLine is not null && ProjectFieldRules.AppealLineProblem(appealLine, current.AppealRegion, current.Migof) is { } appealProblem)
        {
            throw Refused("appeal_line", appealLine, appealProblem);
        }
        return current with
        {
            Titles = new ProjectTexts(titleEn, titleFr, titleEs),
            Status = status,
            Start = start,
            End = end,
            GenderMarker = marker,
            Countries = countries,
            AppealLine = appealLine,
        };
    }

    /// <summary>Each correctable field whose value differs between the two, with both values as the form writes them.</summary>
    public static IReadOnlyList<(string Field, string? Old, string? New)> Differences(Project before, Project after)
    {
        var (old, changed) = (Values(ProjectFields.Of(before)), Values(ProjectFields.Of(after)));
        return [.. Fields.Select((field, i) => (field, old[i], changed[i])).Where(d => !string.Equals(d.Item2 ?? "", d.Item3 ?? "", StringComparison.Ordinal))];
    }

    internal static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string?[] Values(ProjectFields f) => [f.TitleEn, f.TitleFr, f.TitleEs, f.Status, f.Start, f.End, f.GenderMarker, f.Countries, f.AppealLine];

    private static string? Text(string field, string? value, int maxLength, bool required)
    {
        var text = value?.Trim();
        if (ProjectFieldRules.TextProblem(text, maxLength, required) is { } problem) throw Refused(field, text, problem);
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static DateOnly Date(string field, string? value)
    {
        var text = Text(field, value, 40, required: true)!;
        return ProjectFieldRules.ParseDate(text) ?? throw Refused(field, text, ProjectFieldRules.NotADate);
    }

    private static ProjectException Refused(string field, string? value, Refusal problem) => new(field, problem.About(field, value));
}
