using Almanac.Domain.Publishing;
using Almanac.Domain.Reference;

namespace Almanac.Domain.Projects;

/// <summary>
/// A SYNTHETIC project portfolio for the demo, made deterministically from an appeal's printed requirements: the projects'
/// budgets for the appeal year add up, per region and MiGOF category, to the printed cells exactly, and a region's
/// requirement printed beyond its categories (the global initiatives' institutional items) is one project outside MiGOF.
/// Donors commit part of it. Every id starts with <see cref="IdPrefix"/> and every title says it is synthetic.
/// </summary>
public static class SyntheticPortfolio
{
    public const string IdPrefix = "SYNTHETIC-";

    /// <summary>What the demo and the generated files say about these projects.</summary>
    public const string Label = "SYNTHETIC projects (not IOM's): their budgets reproduce the appeal's printed requirements by region and category";

    // A few of each region's countries (the appeal's regional tables list them): the synthetic projects' recipients.
    private static readonly Dictionary<string, string[]> Countries = new(StringComparer.Ordinal)
    {
        ["east-africa-and-the-horn-of-africa"] = ["KEN", "ETH", "SOM", "SSD", "UGA", "BDI", "DJI", "RWA", "TZA"],
        ["southern-africa"] = ["ZAF", "MOZ", "MWI", "ZWE", "ZMB", "AGO", "MDG", "COD"],
        ["west-and-central-africa"] = ["NGA", "NER", "CAF", "SEN", "MLI", "GIN", "TCD", "GMB", "CMR"],
        ["central-and-north-america-and-the-caribbean"] = ["HTI", "MEX", "GTM", "HND", "SLV", "DOM", "CRI", "PAN"],
        ["south-america"] = ["COL", "ECU", "PER", "BRA", "BOL", "ARG", "CHL", "URY"],
        ["asia-and-the-pacific"] = ["BGD", "AFG", "MMR", "PHL", "IDN", "PAK", "NPL", "THA"],
        ["european-economic-area"] = ["ITA", "GRC", "ESP", "DEU", "BEL", "AUT", "FRA"],
        ["south-eastern-europe-eastern-europe-and-central-asia"] = ["TUR", "UKR", "BIH", "SRB", "TJK", "KGZ", "KAZ"],
        ["middle-east-and-north-africa"] = ["IRQ", "SYR", "YEM", "LBY", "JOR", "LBN", "EGY", "SDN"],
    };

    // The regional office of each appeal region (data/platform/offices.csv); headquarters runs the global initiatives.
    private static readonly Dictionary<string, string> RegionalOffices = new(StringComparer.Ordinal)
    {
        ["global"] = "HQ",
        ["east-africa-and-the-horn-of-africa"] = "RO-NBO",
        ["southern-africa"] = "RO-PRE",
        ["west-and-central-africa"] = "RO-DAK",
        ["central-and-north-america-and-the-caribbean"] = "RO-SJO",
        ["south-america"] = "RO-BUE",
        ["asia-and-the-pacific"] = "RO-BKK",
        ["european-economic-area"] = "RO-BRU",
        ["south-eastern-europe-eastern-europe-and-central-asia"] = "RO-VIE",
        ["middle-east-and-north-africa"] = "RO-CAI",
    };

    private static readonly string[] Donors = ["Synthetic Donor A", "Synthetic Donor B", "Synthetic Donor C", "Synthetic Donor D", "Synthetic Fund E"];

    // The share of its budget a project's donors commit, in turn: the appeal ends up funded in part.
    private static readonly decimal[] Coverage = [0m, 0.25m, 0.5m, 0.75m, 1m, 0.6m, 0.4m];

    /// <summary>A stated (synthetic) rate: US dollars per euro, for the commitments made in euros.</summary>
    public const decimal EuroRate = 1.1812m;

    private static readonly Dictionary<string, (string En, string Fr, string Es)> Themes = new(StringComparer.Ordinal)
    {
        ["principle-1"] = ("Migrants' rights and international standards", "Droits des migrants et normes internationales", "Derechos de los migrantes y normas internacionales"),
        ["principle-2"] = ("Migration data and whole-of-government policy", "Données migratoires et politique pangouvernementale", "Datos migratorios y política de gobierno integrado"),
        ["principle-3"] = ("Partnerships on migration", "Partenariats sur les migrations", "Alianzas sobre migración"),
        ["objective-1"] = ("Socioeconomic well-being of migrants and communities", "Bien-être socioéconomique des migrants et des communautés", "Bienestar socioeconómico de los migrantes y las comunidades"),
        ["objective-2"] = ("Crisis response and recovery", "Réponse aux crises et relèvement", "Respuesta a las crisis y recuperación"),
        ["objective-3"] = ("Safe, orderly and dignified migration", "Migration sûre, ordonnée et digne", "Migración segura, ordenada y digna"),
    };

    /// <summary>The portfolio; the same appeal and reference data give the same projects, to the cent.</summary>
    public static Portfolio Generate(AppealRequirements appeal, ReferenceData reference)
    {
        var projects = new List<Project>();
        var transactions = new List<ProjectTransaction>();
        var number = 0;
        foreach (var row in appeal.Regions)
        {
            var countries = Countries.GetValueOrDefault(row.Region) ?? [];
            var next = 0;
            foreach (var migof in ProjectCodes.MigofNodes.Where(row.Categories.ContainsKey))
            {
                var required = row.Categories[migof];
                foreach (var amount in Split(required))
                {
                    number++;
                    // Every third project of a region with countries is shared between two of them, 70/30.
                    List<CountryShare> shares = countries.Length == 0 ? []
                        : number % 3 == 0 ? [new(countries[next % countries.Length], 70), new(countries[(next + 1) % countries.Length], 30)]
                        : [new(countries[next % countries.Length], 100)];
                    next++;
                    var project = Make(number, appeal.Year, row.Region, migof, amount, shares, reference);
                    projects.Add(project);
                    transactions.AddRange(Funding(number, project, amount));
                }
            }
            var beyond = row.PrintedTotal - row.CategorySum;
            // A printed total above its categories is what the appeal's footnote says it is: institutional initiatives
            // outside MiGOF. A total below them (or a difference of a dollar or two) is a misprint, which no project reproduces.
            if (beyond > 1000)
            {
                number++;
                var project = Make(number, appeal.Year, row.Region, null, beyond, [], reference);
                projects.Add(project);
                transactions.AddRange(Funding(number, project, beyond));
            }
        }
        return new Portfolio(projects, transactions);
    }

    /// <summary>A requirement as one to three projects' budgets (halves, thirds …) that add up to it exactly.</summary>
    private static IEnumerable<decimal> Split(decimal required)
    {
        decimal[] parts = required >= 50_000_000 ? [0.5m, 0.3m] : required >= 5_000_000 ? [0.6m] : [];
        var left = required;
        foreach (var part in parts)
        {
            var amount = decimal.Round(required * part, 0, MidpointRounding.ToZero);
            left -= amount;
            yield return amount;
        }
        yield return left;
    }

    private static Project Make(int number, int year, string region, string? migof, decimal budget, List<CountryShare> countries, ReferenceData reference)
    {
        var id = $"{IdPrefix}{year}-{number:0000}";
        var (en, fr, es) = migof is null
            ? ("Institutional initiatives", "Initiatives institutionnelles", "Iniciativas institucionales")
            : Themes[migof];
        var where = countries.Count == 0 ? null : reference.Resolve(countries[0].Iso3);
        var startMonth = 1 + (number % 6);
        var endsNextYear = number % 2 == 1;
        var migofText = migof ?? "none";
        return new Project(
            id,
            new ProjectTexts($"{en}{(where is null ? "" : " – " + where.Name)} (synthetic)", $"{fr}{(where is null ? "" : " – " + where.NameIn("fr"))} (synthétique)",
                $"{es}{(where is null ? "" : " – " + where.NameIn("es"))} (sintético)"),
            new ProjectTexts($"Synthetic project of the demo portfolio, answering the {year} appeal's line {region}/{migofText}.",
                $"Projet synthétique du portefeuille de démonstration, en réponse à la ligne {region}/{migofText} de l'appel {year}.",
                $"Proyecto sintético de la cartera de demostración, que responde a la línea {region}/{migofText} del llamamiento de {year}."),
            countries.Count == 0 ? [RegionalOffices[region]] : [$"CO-{countries[0].Iso3}", RegionalOffices[region]],
            countries,
            region,
            new DateOnly(year, startMonth, 1),
            endsNextYear ? new DateOnly(year + 1, 6, 30) : new DateOnly(year, 12, 31),
            endsNextYear ? ProjectStatus.Implementation : ProjectStatus.Closed,
            migof,
            number % (ProjectCodes.MaxGenderMarker + 1),
            migof is null ? null : ProjectCodes.AppealLine(year, region, migof),
            [new YearBudget(year, budget)]);
    }

    /// <summary>A donor's commitment of part of the budget (in euros for every fourth), half of it received, and for some a disbursement to a partner.</summary>
    private static IEnumerable<ProjectTransaction> Funding(int number, Project project, decimal budget)
    {
        var committedUsd = decimal.Round(budget * Coverage[number % Coverage.Length], 0, MidpointRounding.ToZero);
        if (committedUsd == 0) yield break;
        var donor = Donors[number % Donors.Length];
        var inEuros = number % 4 == 1;
        // Whole euros below the dollar amount, so that the commitment at the stated rate never exceeds the budget.
        var amount = inEuros ? decimal.Floor(committedUsd / EuroRate) : committedUsd;
        var (currency, rate) = inEuros ? ("EUR", EuroRate) : ("USD", 1m);
        var year = project.Start.Year;
        yield return new ProjectTransaction(project.Id, FundingKind.Commitment, project.Start, donor, currency, amount, rate);
        var received = decimal.Floor(amount / 2);
        if (received > 0) yield return new ProjectTransaction(project.Id, FundingKind.IncomingFunds, new DateOnly(year, 6, 15), donor, currency, received, rate);
        if (number % 5 == 0 && received > 0)
        {
            yield return new ProjectTransaction(project.Id, FundingKind.Disbursement, new DateOnly(year, 9, 30), "Synthetic implementing partner", currency, decimal.Floor(received * 0.3m), rate);
        }
    }

    /// <summary>
    /// How the portfolio stands against the appeal as printed: for each region, and for the whole, the portfolio's total
    /// beside the printed total, and where they differ the printed inconsistency that makes them differ — a total printed
    /// other than its categories' sum, which the audit names too (parts-sum-to-total, column-sum-to-total).
    /// </summary>
    public static IReadOnlyList<string> Reconcile(Portfolio portfolio, AppealRequirements appeal)
    {
        var notes = new List<string>();
        var byRegion = portfolio.Projects.GroupBy(p => p.AppealRegion, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.BudgetOf(appeal.Year)), StringComparer.Ordinal);
        foreach (var row in appeal.Regions)
        {
            var total = byRegion.GetValueOrDefault(row.Region);
            if (total == row.PrintedTotal) continue;
            notes.Add($"{row.Label} (line {row.Line}): the projects add up to {NumberFormat.Count(total)}, the appeal prints {NumberFormat.Count(row.PrintedTotal)}: " +
                $"its categories add up to {NumberFormat.Count(row.CategorySum)}, which the printed total does not equal (parts-sum-to-total)");
        }
        var rowsPrinted = appeal.Regions.Sum(r => r.PrintedTotal);
        if (rowsPrinted != appeal.Total.PrintedTotal)
        {
            notes.Add($"Total (line {appeal.Total.Line}): the appeal's regions' printed totals add up to {NumberFormat.Count(rowsPrinted)}, but it prints {NumberFormat.Count(appeal.Total.PrintedTotal)} " +
                $"(column-sum-to-total); the projects add up to {NumberFormat.Count(byRegion.Values.Sum())}");
        }
        return notes;
    }
}
