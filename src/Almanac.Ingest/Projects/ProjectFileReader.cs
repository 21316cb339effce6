using System.Globalization;
using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Domain.Projects;
using Almanac.Domain.Reference;
using Almanac.Ingest.Staff;

namespace Almanac.Ingest.Projects;

/// <summary>
/// Reads a project portfolio: an XLSX workbook with the sheets "projects" (one row per project) and "transactions", or a
/// projects CSV file with an optional transactions CSV file. Every value is checked as it is read and the first bad one
/// is an <see cref="InputException"/> naming the file (and sheet), line, column and value; the portfolio is whole in
/// memory (at most <see cref="InputLimits.MaxProjects"/> projects) before the store sees any of it.
/// </summary>
/// <remarks>
/// What the rules judge rather than refuse (shares that do not add to 100, an end before the start, funding above the
/// budget) is read as given: the audit names each such break (<see cref="PortfolioRules"/>).
/// </remarks>
public static class ProjectFileReader
{
    /// <summary>The sheet (of a workbook) with one row per project.</summary>
    public const string ProjectsSheet = "projects";

    /// <summary>The sheet (of a workbook) with one row per transaction.</summary>
    public const string TransactionsSheet = "transactions";

    /// <summary>The columns of the projects sheet; a budget is one column per year, "budget_2018".</summary>
    public static class Columns
    {
        public const string Id = "project_id";
        public const string TitleEn = "title_en";
        public const string TitleFr = "title_fr";
        public const string TitleEs = "title_es";
        public const string DescriptionEn = "description_en";
        public const string DescriptionFr = "description_fr";
        public const string DescriptionEs = "description_es";
        public const string Offices = "offices";
        public const string Countries = "countries";
        public const string Region = "region";
        public const string Start = "start";
        public const string End = "end";
        public const string Status = "status";
        public const string Migof = "migof";
        public const string GenderMarker = "gender_marker";
        public const string AppealLine = "appeal_line";
        public const string BudgetPrefix = "budget_";
    }

    /// <summary>The columns of the transactions sheet.</summary>
    public static class TransactionColumns
    {
        public const string ProjectId = "project_id";
        public const string Type = "type";
        public const string Date = "date";
        public const string Organisation = "organisation";
        public const string Currency = "currency";
        public const string Amount = "amount";
        public const string UsdRate = "usd_rate";
    }

    private static readonly string[] ProjectColumns =
    [
        Columns.Id, Columns.TitleEn, Columns.TitleFr, Columns.TitleEs, Columns.DescriptionEn, Columns.DescriptionFr,
        Columns.DescriptionEs, Columns.Offices, Columns.Countries, Columns.Region, Columns.Start, Columns.End, Columns.Status,
        Columns.Migof, Columns.GenderMarker, Columns.AppealLine,
    ];

    private static readonly string[] RequiredProjectColumns =
        [Columns.Id, Columns.TitleEn, Columns.Offices, Columns.Region, Columns.Start, Columns.End, Columns.Status, Columns.GenderMarker];

    private static readonly string[] TransactionColumnNames =
    [
        TransactionColumns.ProjectId, TransactionColumns.Type, TransactionColumns.Date, TransactionColumns.Organisation,
        TransactionColumns.Currency, TransactionColumns.Amount, TransactionColumns.UsdRate,
    ];

    /// <summary>
    /// Reads the portfolio: <paramref name="path"/> is a workbook with both sheets, or the projects CSV file, with the
    /// transactions in <paramref name="transactionsPath"/> (a CSV file; none when null).
    /// </summary>
    public static Portfolio Read(string path, string? transactionsPath, ReferenceData reference)
    {
        if (!File.Exists(path)) throw new InputException(path, null, null, null, "no such file");
        var name = Path.GetFileName(path);
        var workbook = TabularRows.IsWorkbook(path);
        if (workbook && transactionsPath is not null)
        {
            throw new InputException(transactionsPath, null, null, null, $"a workbook keeps its transactions in its sheet '{TransactionsSheet}': give no separate transactions file");
        }
        var projectsWhere = workbook ? $"{name}, sheet '{ProjectsSheet}'" : name;
        var projects = ReadProjects(TabularRows.Read(path, name, workbook ? ProjectsSheet : null), projectsWhere, reference);
        IReadOnlyList<ProjectTransaction> transactions = [];
        if (workbook)
        {
            transactions = ReadTransactions(TabularRows.Read(path, name, TransactionsSheet), $"{name}, sheet '{TransactionsSheet}'", projects);
        }
        else if (transactionsPath is not null)
        {
            if (!File.Exists(transactionsPath)) throw new InputException(transactionsPath, null, null, null, "no such file");
            var transactionsName = Path.GetFileName(transactionsPath);
            transactions = ReadTransactions(TabularRows.Read(transactionsPath, transactionsName, null), transactionsName, projects);
        }
        return new Portfolio([.. projects.Values], transactions);
    }

    private static Dictionary<string, Project> ReadProjects(IEnumerable<(long Line, string[] Cells)> rows, string where, ReferenceData reference)
    {
        Dictionary<string, int>? at = null;
        var budgetColumns = new List<(int Index, int Year, string Header)>();
        var projects = new Dictionary<string, Project>(StringComparer.Ordinal);
        foreach (var (line, cells) in rows)
        {
            if (at is null)
            {
                at = Header(cells, where, line, ProjectColumns, RequiredProjectColumns, budgetColumns);
                continue;
            }
            if (IsBlank(cells)) continue;
            var row = new Row(where, line, cells, at);
            if (projects.Count == InputLimits.MaxProjects)
            {
                throw new InputException(where, line, null, null, $"more than {InputLimits.Number(InputLimits.MaxProjects)} projects, the most a file may hold");
            }
            var id = row.Text(Columns.Id, InputLimits.MaxProjectIdLength, required: true)!;
            if (OfficeRules.CodeProblem(id) is not null)
            {
                throw row.Bad(Columns.Id, "a project id has only letters A–Z, digits and - _ . and begins with a letter or a digit");
            }
            if (projects.TryGetValue(id, out var first)) throw row.Bad(Columns.Id, $"duplicate project id: already on line {first.Line}");

            var titles = new ProjectTexts(row.Text(Columns.TitleEn, InputLimits.MaxProjectTitleLength, required: true)!,
                row.Text(Columns.TitleFr, InputLimits.MaxProjectTitleLength), row.Text(Columns.TitleEs, InputLimits.MaxProjectTitleLength));
            var descriptions = new ProjectTexts(row.Text(Columns.DescriptionEn, InputLimits.MaxProjectDescriptionLength) ?? "",
                row.Text(Columns.DescriptionFr, InputLimits.MaxProjectDescriptionLength), row.Text(Columns.DescriptionEs, InputLimits.MaxProjectDescriptionLength));

            var offices = row.List(Columns.Offices);
            if (offices.Count == 0) throw row.Bad(Columns.Offices, "a project is run by at least one office (codes separated by ';')");
            foreach (var office in offices)
            {
                if (OfficeRules.CodeProblem(office) is { } problem) throw row.Bad(Columns.Offices, $"office {InputLimits.Quote(office)}: {problem}");
            }
            if (offices.Distinct(StringComparer.Ordinal).Count() != offices.Count) throw row.Bad(Columns.Offices, "an office is listed twice");

            var (countries, countriesProblem) = ProjectFieldRules.ParseCountries(row.List(Columns.Countries), text => reference.Resolve(text)?.Iso3);
            if (countriesProblem is not null) throw row.Bad(Columns.Countries, countriesProblem.Message);

            var region = row.Text(Columns.Region, 100, required: true)!.ToLowerInvariant();
            if (!ProjectCodes.AppealRegions.Contains(region))
            {
                throw row.Bad(Columns.Region, $"not an appeal region: expected one of {string.Join(", ", ProjectCodes.AppealRegions)}");
            }
            var start = row.Date(Columns.Start);
            var end = row.Date(Columns.End);
            var status = ProjectCodes.ParseStatus(row.Text(Columns.Status, 40, required: true)!) ?? throw row.Bad(Columns.Status, ProjectFieldRules.UnknownStatus.Message);
            string? migof = row.Text(Columns.Migof, 40)?.ToLowerInvariant();
            if (migof is not null && !ProjectCodes.MigofNodes.Contains(migof))
            {
                throw row.Bad(Columns.Migof, $"not a MiGOF node: expected one of {string.Join(", ", ProjectCodes.MigofNodes)}, or nothing for a project outside them");
            }
            var marker = ProjectFieldRules.ParseGenderMarker(row.Text(Columns.GenderMarker, 10, required: true)!)
                ?? throw row.Bad(Columns.GenderMarker, ProjectFieldRules.BadGenderMarker.Message);
            string? appealLine = row.Text(Columns.AppealLine, ProjectFieldRules.MaxAppealLineLength);
            if (appealLine is not null && ProjectFieldRules.AppealLineProblem(appealLine, region, migof) is { } appealProblem)
            {
                throw row.Bad(Columns.AppealLine, appealProblem.Message);
            }

            var budgets = new List<YearBudget>();
            foreach (var (index, year, header) in budgetColumns)
            {
                var amount = row.Amount(header, index, allowZero: true);
                if (amount is { } value && value != 0) budgets.Add(new YearBudget(year, value));
            }
            projects.Add(id, new Project(id, titles, descriptions, offices, countries, region, start, end, status, migof, marker, appealLine, budgets) { Line = line });
        }
        if (at is null) throw new InputException(where, null, null, null, $"the sheet is empty: expected a header row with the columns {string.Join(", ", RequiredProjectColumns)}");
        if (projects.Count == 0) throw new InputException(where, null, null, null, "no projects after the header");
        return projects;
    }

    private static List<ProjectTransaction> ReadTransactions(IEnumerable<(long Line, string[] Cells)> rows, string where, Dictionary<string, Project> projects)
    {
        Dictionary<string, int>? at = null;
        var transactions = new List<ProjectTransaction>();
        foreach (var (line, cells) in rows)
        {
            if (at is null)
            {
                at = Header(cells, where, line, TransactionColumnNames, TransactionColumnNames, null);
                continue;
            }
            if (IsBlank(cells)) continue;
            var row = new Row(where, line, cells, at);
            if (transactions.Count == InputLimits.MaxProjectTransactions)
            {
                throw new InputException(where, line, null, null, $"more than {InputLimits.Number(InputLimits.MaxProjectTransactions)} transactions, the most a file may hold");
            }
            var id = row.Text(TransactionColumns.ProjectId, InputLimits.MaxProjectIdLength, required: true)!;
            if (!projects.ContainsKey(id)) throw row.Bad(TransactionColumns.ProjectId, "no project with this id in the projects sheet");
            var kind = ProjectCodes.ParseKind(row.Text(TransactionColumns.Type, 40, required: true)!)
                ?? throw row.Bad(TransactionColumns.Type, $"unknown transaction type: expected one of {string.Join(", ", ProjectCodes.Kinds)}");
            var date = row.Date(TransactionColumns.Date);
            var organisation = row.Text(TransactionColumns.Organisation, InputLimits.MaxProjectTitleLength, required: true)!;
            var currency = row.Text(TransactionColumns.Currency, 40, required: true)!.ToUpperInvariant();
            if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)) throw row.Bad(TransactionColumns.Currency, "a currency is an ISO 4217 code of three letters (USD, EUR, CHF)");
            var amount = row.Amount(TransactionColumns.Amount, at[TransactionColumns.Amount], allowZero: false)!.Value;
            var rate = row.Amount(TransactionColumns.UsdRate, at[TransactionColumns.UsdRate], allowZero: false)!.Value;
            if (currency == "USD" && rate != 1) throw row.Bad(TransactionColumns.UsdRate, "an amount in USD has the rate 1");
            var transaction = new ProjectTransaction(id, kind, date, organisation, currency, amount, rate) { Line = line };
            if (!InputLimits.FitsFactTable(transaction.AmountUsd)) throw row.Bad(TransactionColumns.Amount, "the amount in USD is beyond what the store keeps");
            transactions.Add(transaction);
        }
        if (at is null) throw new InputException(where, null, null, null, $"the sheet is empty: expected a header row with the columns {string.Join(", ", TransactionColumnNames)}");
        return transactions;
    }

    /// <summary>A row's cells by column name, with the errors that name the row's place.</summary>
    private sealed class Row(string where, long line, string[] cells, Dictionary<string, int> at)
    {
        private string Cell(int index) => index >= 0 && index < cells.Length ? SpreadsheetText.Restore(cells[index].Trim()) : "";

        private string Cell(string column) => Cell(at.GetValueOrDefault(column, -1));

        public InputException Bad(string column, string problem) => new(where, line, column, Cell(column), problem);

        /// <summary>The cell's text, null when empty; refused past <paramref name="maxLength"/> or with a control character.</summary>
        public string? Text(string column, int maxLength, bool required = false)
        {
            var text = Cell(column);
            if (ProjectFieldRules.TextProblem(text, maxLength, required) is { } problem) throw Bad(column, problem.Message);
            return text.Length == 0 ? null : text;
        }

        /// <summary>The cell's items separated by ';' (empty items dropped), at most <see cref="InputLimits.MaxProjectCountries"/>.</summary>
        public List<string> List(string column)
        {
            var items = (Text(column, InputLimits.MaxCellLength) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            if (items.Count > InputLimits.MaxProjectCountries) throw Bad(column, $"more than {InputLimits.MaxProjectCountries} items, the most a project may list");
            return items;
        }

        /// <summary>A date as ISO 8601 (2018-01-31), or as the serial number a spreadsheet keeps a date cell as.</summary>
        public DateOnly Date(string column)
        {
            var text = Text(column, 40, required: true)!;
            if (ProjectFieldRules.ParseDate(text) is { } date) return date;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var serial) && serial is > 16_438 and < 73_051)
            {
                return DateOnly.FromDateTime(DateTime.FromOADate(serial));
            }
            throw Bad(column, ProjectFieldRules.NotADate.Message);
        }

        /// <summary>A non-negative amount (a budget, a transaction, a rate), null when the cell is empty (refused when required).</summary>
        public decimal? Amount(string column, int index, bool allowZero)
        {
            var text = Cell(index);
            if (text.Length == 0) return allowZero ? null : throw new InputException(where, line, column, text, "a value is required");
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || (!allowZero && value == 0) || !InputLimits.FitsFactTable(value))
            {
                throw new InputException(where, line, column, text,
                    $"not an amount: a number {(allowZero ? "of 0 or more" : "above 0")} with a decimal point and at most {InputLimits.FactDecimals} decimals, no thousands separators");
            }
            return value;
        }
    }

    private static bool IsBlank(string[] cells) => cells.All(string.IsNullOrWhiteSpace);

    /// <summary>Column name → position; budget columns ("budget_2018") go to <paramref name="budgets"/> when it is given.</summary>
    private static Dictionary<string, int> Header(string[] header, string where, long line, string[] known, string[] required, List<(int Index, int Year, string Header)>? budgets)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            var key = header[i].Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
            if (key.Length == 0) continue;
            if (budgets is not null && key.StartsWith(Columns.BudgetPrefix, StringComparison.Ordinal))
            {
                if (!int.TryParse(key[Columns.BudgetPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1945 or > 2100)
                {
                    throw new InputException(where, line, header[i], null, "a budget column is named budget_YEAR (budget_2018)");
                }
                if (budgets.Any(b => b.Year == year)) throw new InputException(where, line, header[i], null, $"a second budget column for {year}");
                budgets.Add((i, year, key));
                continue;
            }
            if (!known.Contains(key))
            {
                throw new InputException(where, line, header[i], null, $"unknown column: expected {string.Join(", ", known)}{(budgets is null ? "" : ", budget_YEAR")}");
            }
            if (!index.TryAdd(key, i)) throw new InputException(where, line, header[i], null, $"a second column for '{key}'");
        }
        foreach (var column in required.Where(c => !index.ContainsKey(c)))
        {
            throw new InputException(where, line, column, null, $"missing column '{column}' (the header has: {InputLimits.Quote(string.Join(", ", header.Select(h => h.Trim())))})");
        }
        return index;
    }
}
