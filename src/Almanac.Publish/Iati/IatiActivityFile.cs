using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Almanac.Domain.Platform;
using Almanac.Domain.Projects;
using Almanac.Domain.Reference;

namespace Almanac.Publish.Iati;

/// <summary>The organisation that publishes the activities: its IATI organisation identifier, type and name in three languages.</summary>
/// <param name="Ref">The organisation identifier every activity identifier starts with.</param>
/// <param name="Type">IATI's OrganisationType code (40: Multilateral).</param>
public sealed record IatiOrganisation(string Ref, string Type, ProjectTexts Name)
{
    /// <summary>
    /// IOM as IATI knows it: "XM-DAC-47066", its OECD DAC channel code under the XM-DAC prefix (IATI's OrganisationRegistrationAgency
    /// codelist), a multilateral organisation (IATI OrganisationType 40).
    /// </summary>
    /// <remarks>
    /// Verified (December 2026) against what IOM publishes: its own activities on d-portal (dataset "iom-activity", e.g.
    /// XM-DAC-47066-DP.2154) carry reporting-org ref="XM-DAC-47066" type="40" with the narrative "International Organization
    /// for Migration (IOM)" (kept as a test file of davidmegginson/diterator, tests/files/activity-01.xml); the XM-DAC
    /// prefix for a DAC channel code is IATI's rule since version 2.01 ("DAC delivery channel codes should be prefixed …
    /// UNDP … XM-DAC-41114", https://support.iatistandard.org/hc/en-us/articles/214393806). The identifier is right as it was.
    /// </remarks>
    public static readonly IatiOrganisation Iom = new("XM-DAC-47066", "40",
        new ProjectTexts("International Organization for Migration", "Organisation internationale pour les migrations", "Organización Internacional para las Migraciones"));
}

/// <summary>
/// Writes a portfolio's activities of a year as an IATI 2.03 activity file (iati-activities-schema.xsd): identifiers with
/// the organisation's prefix, titles and descriptions in English, French and Spanish, status, dates, participating
/// organisations, recipient countries with their percentages, the gender marker as IATI's gender equality policy marker,
/// budgets and transactions. Elements come in the schema's order, which the schema requires.
/// </summary>
/// <remarks>
/// Codes, from IATI's 2.03 codelists (https://iatistandard.org/en/iati-standard/203/codelists/; IATI/IATI-Codelists,
/// version-2.03, and IATI/IATI-Codelists-NonEmbedded): ActivityStatus 1–6 (<see cref="ProjectStatus"/>'s numbers);
/// ActivityDateType 1 planned start, 2 actual start, 3 planned end, 4 actual end; OrganisationRole 1 Funding, 2 Accountable,
/// 4 Implementing; TransactionType 1 Incoming Funds, 3 Disbursement, 4 Expenditure, 11 Incoming Commitment
/// (<see cref="FundingKind"/>'s numbers); PolicyMarker 1 "Gender Equality" in vocabulary 1 (OECD DAC CRS), whose
/// PolicySignificance 0 not targeted, 1 significant objective, 2 principal objective is the gender marker's scale;
/// BudgetType 1 Original, BudgetStatus 2 Committed; Region 998 "Developing countries, unspecified" in vocabulary 1 (OECD DAC),
/// for a project that names no country. TagVocabulary 99 "Reporting Organisation" (IATI/IATI-Codelists-NonEmbedded,
/// xml/TagVocabulary.xml: 1 Agrovoc, 2 UN SDG goals, 3 UN SDG targets, 99 Reporting Organisation) for the framework nodes a
/// project serves, its MiGOF node and the Strategic Plan nodes the crosswalk continues it into, coded "framework/node".
/// </remarks>
public static class IatiActivityFile
{
    public const string Version = "2.03";

    /// <summary>The region a regional or global project reports as its recipient (OECD DAC 998, developing countries unspecified).</summary>
    public const string UnspecifiedRegion = "998";

    private static readonly XNamespace Xml = XNamespace.Xml;

    /// <summary>The tag vocabulary of codes the reporting organisation defines (IATI TagVocabulary 99).</summary>
    public const string ReportingOrganisationVocabulary = "99";

    /// <summary>The projects that run in <paramref name="year"/> (their dates or budgets touch it), as an IATI activity file.</summary>
    /// <param name="frameworks">The results frameworks with their crosswalk: a project's MiGOF node and its Strategic Plan counterparts become tags (none when empty).</param>
    /// <param name="indicators">The framework-linked indicators with their printed figures (<see cref="IatiResults.IndicatorsOf"/>): a project's node's become its results.</param>
    public static XDocument Build(Portfolio portfolio, int year, IatiOrganisation organisation, ReferenceData reference, DateTimeOffset generated,
        IReadOnlyCollection<Framework>? frameworks = null, IReadOnlyList<IatiIndicator>? indicators = null)
    {
        frameworks ??= [];
        var crosswalk = Crosswalk.Of(frameworks);
        var activities = new XElement("iati-activities",
            new XAttribute("version", Version),
            new XAttribute("generated-datetime", generated.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
        foreach (var project in Of(portfolio, year))
        {
            var activity = Activity(project, portfolio.TransactionsOf(project.Id), organisation, reference, generated);
            // Tags come before the policy marker in the schema's order.
            activity.Element("policy-marker")!.AddBeforeSelf(Tags(project, frameworks, crosswalk));
            // Results come last of what an activity here holds, after its transactions.
            activity.Add(IatiResults.Of(project, year, indicators ?? [], frameworks));
            activities.Add(activity);
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), activities);
    }

    /// <summary>The projects an export of a year holds.</summary>
    public static IEnumerable<Project> Of(Portfolio portfolio, int year) =>
        portfolio.Projects.Where(p => (p.Start.Year <= year && p.End.Year >= year) || p.BudgetOf(year) != 0);

    /// <summary>Writes the file in UTF-8, indented.</summary>
    public static void Save(XDocument document, string path)
    {
        using var writer = XmlWriter.Create(path, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        document.Save(writer);
    }

    /// <summary>The identifier of a project's activity: the organisation's identifier, a hyphen, the project's id.</summary>
    public static string Identifier(IatiOrganisation organisation, Project project) => $"{organisation.Ref}-{project.Id}";

    private static XElement Activity(Project project, IEnumerable<ProjectTransaction> transactions, IatiOrganisation organisation, ReferenceData reference, DateTimeOffset generated)
    {
        var activity = new XElement("iati-activity",
            new XAttribute("last-updated-datetime", generated.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
            new XAttribute(Xml + "lang", "en"),
            new XAttribute("default-currency", "USD"),
            new XElement("iati-identifier", Identifier(organisation, project)),
            new XElement("reporting-org", new XAttribute("ref", organisation.Ref), new XAttribute("type", organisation.Type), Narratives(organisation.Name)),
            new XElement("title", Narratives(project.Titles)));
        // The schema requires a description: a project given none is described by its title.
        activity.Add(new XElement("description", new XAttribute("type", "1"), Narratives(project.Descriptions.En.Length > 0 ? project.Descriptions : project.Titles)));
        foreach (var donor in transactions.Where(t => t.Kind is FundingKind.Commitment or FundingKind.IncomingFunds).Select(t => t.Organisation).Distinct(StringComparer.Ordinal))
        {
            activity.Add(new XElement("participating-org", new XAttribute("role", "1"), Narrative(donor)));
        }
        activity.Add(
            new XElement("participating-org", new XAttribute("ref", organisation.Ref), new XAttribute("role", "2"), new XAttribute("type", organisation.Type), Narratives(organisation.Name)),
            new XElement("participating-org", new XAttribute("ref", organisation.Ref), new XAttribute("role", "4"), new XAttribute("type", organisation.Type), Narratives(organisation.Name)),
            new XElement("activity-status", new XAttribute("code", ((int)project.Status).ToString(CultureInfo.InvariantCulture))));
        var started = project.Status != ProjectStatus.Pipeline;
        var ended = project.Status is ProjectStatus.Closed or ProjectStatus.Finalisation;
        activity.Add(new XElement("activity-date", new XAttribute("iso-date", Date(project.Start)), new XAttribute("type", started ? "2" : "1")));
        activity.Add(new XElement("activity-date", new XAttribute("iso-date", Date(project.End)), new XAttribute("type", ended ? "4" : "3")));
        if (project.Countries.Count == 0)
        {
            activity.Add(new XElement("recipient-region", new XAttribute("code", UnspecifiedRegion), new XAttribute("vocabulary", "1"), new XAttribute("percentage", "100")));
        }
        foreach (var share in project.Countries)
        {
            var iso2 = reference.Resolve(share.Iso3)?.Iso2 ?? share.Iso3;
            activity.Add(new XElement("recipient-country", new XAttribute("code", iso2), new XAttribute("percentage", share.Percent.ToString(CultureInfo.InvariantCulture))));
        }
        activity.Add(new XElement("policy-marker", new XAttribute("vocabulary", "1"), new XAttribute("code", "1"),
            new XAttribute("significance", project.GenderMarker.ToString(CultureInfo.InvariantCulture))));
        foreach (var budget in project.Budgets.OrderBy(b => b.Year))
        {
            // A budget's period is at most a year (an IATI rule): the calendar year, within the project's dates.
            var start = Later(new DateOnly(budget.Year, 1, 1), project.Start);
            var end = Earlier(new DateOnly(budget.Year, 12, 31), project.End);
            activity.Add(new XElement("budget", new XAttribute("type", "1"), new XAttribute("status", "2"),
                new XElement("period-start", new XAttribute("iso-date", Date(start))),
                new XElement("period-end", new XAttribute("iso-date", Date(end))),
                Value(budget.AmountUsd, "USD", start)));
        }
        foreach (var t in transactions)
        {
            var transaction = new XElement("transaction",
                new XElement("transaction-type", new XAttribute("code", ((int)t.Kind).ToString(CultureInfo.InvariantCulture))),
                new XElement("transaction-date", new XAttribute("iso-date", Date(t.Date))),
                Value(t.Amount, t.Currency, t.Date));
            transaction.Add(t.Kind == FundingKind.Disbursement
                ? new XElement("receiver-org", Narrative(t.Organisation))
                : new XElement("provider-org", Narrative(t.Organisation)));
            activity.Add(transaction);
        }
        return activity;
    }

    /// <summary>The project's framework nodes as tags of the reporting organisation's vocabulary: its MiGOF node, then its Strategic Plan counterparts.</summary>
    private static IEnumerable<XElement> Tags(Project project, IReadOnlyCollection<Framework> frameworks, Crosswalk crosswalk)
    {
        if (ProjectFrameworks.MigofNode(project) is not { } migof || frameworks.Count == 0) yield break;
        var nodes = ProjectFrameworks.StrategicPlanNodes(project, crosswalk).Select(n => new NodeRef(ProjectFrameworks.StrategicPlan, n)).Prepend(migof);
        foreach (var node in nodes)
        {
            var title = frameworks.FirstOrDefault(f => f.Id == node.Framework)?.Node(node.Node) is { } n ? $"{n.Kind}: {n.Title}" : node.ToString();
            yield return new XElement("tag", new XAttribute("code", node.ToString()), new XAttribute("vocabulary", ReportingOrganisationVocabulary), Narrative(title));
        }
    }

    private static XElement Value(decimal amount, string currency, DateOnly date) =>
        new("value", new XAttribute("currency", currency), new XAttribute("value-date", Date(date)), amount.ToString(CultureInfo.InvariantCulture));

    /// <summary>A text's narratives: English, then French and Spanish where the text has them.</summary>
    internal static IEnumerable<XElement> Narratives(ProjectTexts texts)
    {
        yield return Narrative(texts.En);
        foreach (var language in new[] { "fr", "es" })
        {
            if (texts.In(language) is { Length: > 0 } text) yield return new XElement("narrative", new XAttribute(Xml + "lang", language), text);
        }
    }

    private static XElement Narrative(string text) => new("narrative", text);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Earlier(DateOnly a, DateOnly b) => a < b ? a : b;
}
