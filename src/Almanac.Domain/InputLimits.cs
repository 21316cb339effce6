using System.Globalization;

namespace Almanac.Domain;

/// <summary>
/// The bounds every input is held to, stated once (README, "Input bounds"). A value past a bound is refused where it
/// comes in, with a message that says which bound, so that no single answer or file can break what everyone shares: the
/// fact table, the results, the year lock, an error message.
/// </summary>
public static class InputLimits
{
    /// <summary>Decimals the fact table keeps: its value column is DECIMAL(18,4).</summary>
    public const int FactDecimals = 4;

    /// <summary>
    /// Every figure is below this in magnitude: DECIMAL(18,4) keeps 14 digits before the point, so 10^14 is the first value
    /// it refuses. Sums cannot overflow: .NET's decimal holds about 7.9 × 10^28, so adding up values below 10^14 would
    /// need more than 7 × 10^14 of them — far beyond any count of offices, answers or fact rows (the benchmarks load 10^8).
    /// </summary>
    public const decimal FactValueLimit = 100_000_000_000_000m;

    /// <summary>The largest count an answer may give: a whole number below <see cref="FactValueLimit"/>.</summary>
    public const decimal MaxCount = FactValueLimit - 1;

    /// <summary>Characters of a text answer (a few paragraphs); longer text belongs in a document, not a questionnaire.</summary>
    public const int MaxTextAnswerLength = 4000;

    /// <summary>Characters of a reviewer's comment, as of a text answer.</summary>
    public const int MaxCommentLength = MaxTextAnswerLength;

    /// <summary>Characters of one comment in a question's thread: a remark and its reason, not a document.</summary>
    public const int MaxThreadCommentLength = 2000;

    /// <summary>
    /// Comments one question's thread of one submission may hold: a long exchange fits, and a page shows a thread whole.
    /// </summary>
    public const int MaxCommentsPerThread = 200;

    /// <summary>
    /// Answers one submission can hold and one save can send: a questionnaire may ask at most this many (a table counts
    /// each cell, a multiple choice each option, since a form posts one field per ticked box). It keeps the page form under
    /// the field count the web server reads, and a save's statements far under PostgreSQL's 65 535 parameters (7 per answer).
    /// </summary>
    public const int MaxAnswersPerSubmission = 1000;

    /// <summary>
    /// Offices one offices file may hold: a hundred times the organization's 193, and an import's one statement far under
    /// PostgreSQL's 65 535 parameters (5 per office).
    /// </summary>
    public const int MaxOffices = 10_000;

    /// <summary>
    /// Bytes of one HTTP request body (an API write, a page form, an imported file). A page form with 200 text answers at
    /// their longest, in a script that takes three bytes a character and percent-encoded, still fits.
    /// </summary>
    public const long MaxRequestBodyBytes = 8 * 1024 * 1024;

    /// <summary>Characters of a value an error message repeats back; the rest is cut and its full length given.</summary>
    public const int MaxEchoedValueLength = 100;

    /// <summary>
    /// Bytes of a YAML file (a questionnaire, the frameworks, a report definition, a rule file). The largest the project
    /// ships is 79 KB (the 2018 questionnaire); a request body may be 8 MiB, so the web's imports meet this bound too.
    /// </summary>
    public const int MaxYamlBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Mappings and lists nested in one YAML file. The project's files nest 10 deep at most; the readers walk the tree
    /// recursively, so nesting is what would overflow their stack.
    /// </summary>
    public const int MaxYamlDepth = 64;

    /// <summary>Aliases (<c>*name</c>) in one YAML file; the project's files use 4 at most.</summary>
    public const int MaxYamlAliases = 1000;

    /// <summary>
    /// Nodes (values, mappings, lists) of a YAML file once every alias is expanded where it stands, which is what the
    /// readers build. The project's files take about 19 bytes a node, so a file at <see cref="MaxYamlBytes"/> holds some
    /// 220 000; past that, a few aliases of aliases ("billion laughs") would expand a 200 KB file to hundreds of megabytes.
    /// </summary>
    public const int MaxYamlNodes = 250_000;

    /// <summary>
    /// Bytes of a published report's text (the file given to <c>import report</c>, or what pdftotext makes of a PDF). The
    /// corpus reports are about 200 KB of text each; a report of ten times their length still fits.
    /// </summary>
    public const int MaxReportBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Characters of one line of a report's text. The corpus's longest is 1 298 (a paragraph on one line); the readers
    /// match patterns along a line, so a line of megabytes would hold every reader up.
    /// </summary>
    public const int MaxReportLineLength = 20_000;

    /// <summary>
    /// Bytes of a spreadsheet (XLSX) once unzipped, all parts together, read from the zip's directory before any part is
    /// opened: a million-row staff list takes about 250 MB, while a 1 MB file may claim to unzip to gigabytes.
    /// </summary>
    public const long MaxXlsxUncompressedBytes = 512L * 1024 * 1024;

    /// <summary>Bytes of one part of a spreadsheet once unzipped (a sheet, the shared strings).</summary>
    public const long MaxXlsxPartBytes = 256L * 1024 * 1024;

    /// <summary>Rows of a sheet: Excel's own limit (1 048 576).</summary>
    public const int MaxSheetRows = 1_048_576;

    /// <summary>
    /// Columns a row of a staff list may reach (a cell beyond column AMJ is refused). An HR export has tens; the bound keeps
    /// a reference like <c>AAAAAA1</c> from making rows of hundreds of millions of cells.
    /// </summary>
    public const int MaxSheetColumns = 1024;

    /// <summary>
    /// Characters of one cell of a spreadsheet or of a CSV file (staff lists, observation files): Excel's own limit for a
    /// cell, so every file Excel writes passes.
    /// </summary>
    public const int MaxCellLength = 32_767;

    /// <summary>
    /// Bytes (UTF-8) of one line of an observation file: measure, year, office, at most six members and a value, each a
    /// name or a number. In bytes because DuckDB, which reads the file itself, holds its lines to this as its
    /// <c>max_line_size</c>; a line without an end would otherwise be read whole into memory.
    /// </summary>
    public const int MaxObservationLineBytes = 64 * 1024;

    /// <summary>
    /// Characters of an account's user name: lower-case letters a–z, digits and <c>. _ - @</c>, beginning with a letter or a
    /// digit (an e-mail address fits). Names are typed at sign-in, written in the audit log as its actor and in URLs of the
    /// API (<c>/api/accounts/{name}</c>), so they stay short and plain.
    /// </summary>
    public const int MaxUserNameLength = 64;

    /// <summary>
    /// Characters of an office's code (and of a region's, which is a regional office's code): letters A–Z, digits and
    /// <c>- _ .</c>. Codes are keys the submissions, accounts and the fact table name, and sit in URLs of the API
    /// (<c>/api/offices/{code}</c>); the demo's longest is 6.
    /// </summary>
    public const int MaxOfficeCodeLength = 32;

    /// <summary>Characters of an office's name, without control characters; the demo's longest is 52.</summary>
    public const int MaxOfficeNameLength = 200;

    /// <summary>Characters of an account's display name (a person's name and function), without control characters.</summary>
    public const int MaxDisplayNameLength = 200;

    /// <summary>
    /// Characters a password has at least (NIST SP 800-63B asks at least 8, OWASP's Authentication Cheat Sheet at least 12
    /// without multi-factor authentication, which the platform does not have); counted as Unicode characters.
    /// </summary>
    public const int MinPasswordLength = 12;

    /// <summary>Characters a password may have (NIST SP 800-63B: at least 64 allowed; 128 keeps the hashing of one attempt small).</summary>
    public const int MaxPasswordLength = 128;

    /// <summary>Characters of a question id: it keys every answer and names the question in URLs and in the fact table's measures.</summary>
    public const int MaxQuestionIdLength = 100;

    /// <summary>Characters of a question's text or help, in any language (a question and a paragraph of guidance).</summary>
    public const int MaxQuestionWordsLength = 2000;

    /// <summary>Characters of one option, table row or table column label.</summary>
    public const int MaxChoiceLength = 500;

    /// <summary>Options (or rows, or columns) one question may list: a form a person can still read through.</summary>
    public const int MaxQuestionChoices = 200;

    /// <summary>
    /// Bytes of a DHIS2 data value set or ADX document (<c>almanac import dhis2</c>; over HTTP the request body's
    /// <see cref="MaxRequestBodyBytes"/> comes first): read whole to be checked before anything is written.
    /// </summary>
    public const int MaxDataValueSetBytes = 64 * 1024 * 1024;

    /// <summary>Data values one DHIS2 import may carry: a year of the largest staff list at its finest grain is about 20 000.</summary>
    public const int MaxDataValues = 500_000;

    /// <summary>
    /// Observations one SDMX-CSV file may carry (<c>almanac import sdmx</c>): each is held to find one given twice. A
    /// dataflow of the largest staff list at its finest grain, over ten years, is about 200 000.
    /// </summary>
    public const int MaxSdmxObservations = 2_000_000;

    /// <summary>
    /// Figures one HXL-tagged file may give (<c>almanac import observations</c>; a row gives one per measure column): each
    /// is held to find one given twice, as an SDMX-CSV file's observations are.
    /// </summary>
    public const int MaxHxlObservations = MaxSdmxObservations;

    /// <summary>
    /// Projects one projects file may hold: the organization runs a few thousand a year, and a file keeps a decade of them
    /// with room to spare.
    /// </summary>
    public const int MaxProjects = 100_000;

    /// <summary>Transactions one projects file may hold (commitments, funds received, disbursements): some twenty a project.</summary>
    public const int MaxProjectTransactions = 2_000_000;

    /// <summary>Characters of a project's id: it keys its transactions and, prefixed, its IATI identifier.</summary>
    public const int MaxProjectIdLength = 64;

    /// <summary>Characters of a project's title in one language, or of a donor's name.</summary>
    public const int MaxProjectTitleLength = 500;

    /// <summary>Characters of a project's description in one language.</summary>
    public const int MaxProjectDescriptionLength = MaxTextAnswerLength;

    /// <summary>Recipient countries, or offices, one project may list (a multi-country programme names a few dozen).</summary>
    public const int MaxProjectCountries = 100;

    /// <summary>Whether the fact table can hold a value exactly: below <see cref="FactValueLimit"/>, at most <see cref="FactDecimals"/> decimals.</summary>
    public static bool FitsFactTable(decimal value) =>
        Math.Abs(value) < FactValueLimit && decimal.Round(value, FactDecimals) == value;

    /// <summary>A count or a bound as an error message writes it: as every command prints numbers (<see cref="Publishing.NumberFormat"/>, "250 000").</summary>
    public static string Number(long value) => Publishing.NumberFormat.Count(value);

    /// <summary>
    /// A value as an error message repeats it: in quotes, and when longer than <see cref="MaxEchoedValueLength"/>, cut with
    /// its full length ("'12345…' (20971520 characters)"), so that a 20 MB value makes a message of a line, not of 20 MB.
    /// </summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= MaxEchoedValueLength) return $"'{value}'";
        // Never cut between the halves of a surrogate pair: the message must stay valid text.
        var cut = char.IsHighSurrogate(value[MaxEchoedValueLength - 1]) ? MaxEchoedValueLength - 1 : MaxEchoedValueLength;
        return string.Create(CultureInfo.InvariantCulture, $"'{value.AsSpan(0, cut)}…' ({value.Length} characters)");
    }
}
