namespace Almanac.Domain.Observations;

/// <summary>
/// A measure's scope is the area it belongs to (the part of its name before the first dot: "staff", "funding",
/// "returns"). Which source is current for a year is decided per scope, so that a funding appeal for 2018 does not
/// supersede the staff figures of the annual report for 2018. A project portfolio's measures ("funding.required",
/// "funding.funded") are the one exception: they are of the scope <see cref="Projects"/>, so that a portfolio, which is
/// records, never supersedes the requirements an appeal printed (which the reports publish) for the same year.
/// </summary>
public static class Scopes
{
    /// <summary>The scope of a project portfolio's measures.</summary>
    public const string Projects = "projects";

    public static string Of(string measure)
    {
        if (measure is Domain.Projects.ProjectMeasures.Required or Domain.Projects.ProjectMeasures.Funded) return Projects;
        var dot = measure.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? measure : measure[..dot];
    }
}
