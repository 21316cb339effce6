using Almanac.Domain.Reports;
using Almanac.Domain.Tables;

namespace Almanac.Ingest.Reports.Staff;

/// <summary>
/// A printed row before its cells are placed: the reading taken as printed (when the layout gives one) and the
/// alternative readings arithmetic may choose between (thousands joined or not, cells the extraction lost).
/// </summary>
internal sealed class PendingRow
{
    /// <summary>More lost cells than this in one row and the row is left unresolved rather than searched.</summary>
    private const int MaxLostCells = 4;

    /// <summary>
    /// At most this many stray spaces are dropped from a single-space row none of whose first readings keeps its
    /// identities (<see cref="DropMoreStraySpaces"/>): a stray indent, a shifted cell and a trailing space together.
    /// </summary>
    private const int MaxStraySpacesWhenNoneFits = 6;

    /// <summary>More ways than this to drop the further stray spaces and the row is not read again.</summary>
    private const int MaxStraySpaceDrops = 1 << 14;

    public required string Label { get; init; }
    public required int Line { get; init; }
    public required RowRole Role { get; init; }
    public required CellKind Kind { get; init; }
    public string? Section { get; init; }
    public string? Iso3 { get; init; }

    /// <summary>The reading as printed, which stands unless arithmetic refutes it and an alternative fits.</summary>
    public IReadOnlyList<decimal?>? AsRead { get; private set; }
    public IReadOnlyList<IReadOnlyList<decimal?>> Alternatives { get; private set; } = [];
    public IReadOnlyList<ReportCell?>? Cells { get; set; }
    public string? Problem { get; set; }
    /// <summary>Several placements of the row's cells fit every check the table has: the row is left undecided, not guessed.</summary>
    public bool Ambiguous { get; private set; }
    /// <summary>The row's cells were whole as printed (tabs, column gaps): positions may be wrong, but no cell joins another.</summary>
    public bool Delimited { get; private set; }
    /// <summary>No reading of the row keeps the identities <see cref="Place"/> was given.</summary>
    public bool NoReadingFits { get; private set; }
    /// <summary>The row's cells as printed break the identities <see cref="Place"/> was given, and other placements were searched.</summary>
    public bool AsPrintedFails { get; private set; }
    /// <summary>
    /// A single-space row whose figures are as many as its columns, read one figure to a cell (no empty cell, no thousands
    /// joined): taken as printed when no reading fits, as a delimited row's full reading is, so that the report's own
    /// arithmetic errors are reported rather than the row lost.
    /// </summary>
    private IReadOnlyList<decimal?>? filledAsPrinted;
    private List<decimal?> figures = [];
    /// <summary>Whether <see cref="figures"/> are the row's figures for certain (a tab row's, or spaces that join no thousands), only their cells unknown.</summary>
    private bool figuresWhole;
    /// <summary>The placements left an unresolved row: by the column totals (<see cref="DecideByTotals"/>) or by its own identities (<see cref="Reposition"/>).</summary>
    private List<IReadOnlyList<decimal?>> placementsLeft = [];
    /// <summary>The figures a delimited row prints, whole (<see cref="SetTokens"/>).</summary>
    private List<decimal> printed = [];
    /// <summary>A single-space row's tokens, read again when none of its readings keeps its identities (<see cref="DropMoreStraySpaces"/>).</summary>
    private IReadOnlyList<string>? spaceTokens;

    /// <summary>A row printed with its name only: every cell empty.</summary>
    public void SetEmpty(int columns)
    {
        AsRead = new decimal?[columns];
    }

    /// <summary>Readings of the row's tokens as <paramref name="columns"/> cells, by the rules of its layout.</summary>
    public void SetTokens(StaffLines.Split split, int columns)
    {
        Delimited = split.Delimited;
        if (!split.Delimited)
        {
            // Every reading of its tokens, an empty one an empty cell or a stray space: the arithmetic chooses.
            spaceTokens = split.Tokens;
            var readings = RowReadings.EnumerateWithStraySpaces(split.Tokens, columns, fewest: false);
            var written = split.Tokens.Where(t => t.Length > 0).ToList();
            var asWritten = RowReadings.Enumerate(written, written.Count, _ => false) is [var whole] ? whole : null;
            filledAsPrinted = written.Count == columns ? asWritten : null;
            // Figures no space can join are whole, whatever cells the spaces put them in.
            if (asWritten is not null && !RowReadings.MayJoin(written))
            {
                figures = [.. asWritten.Where(v => v is not null)];
                figuresWhole = true;
            }
            if (readings.Count == 0) Problem = NoReadingGives(columns);
            // A data row's one reading may have lost a space as a tab row its tab; a total's is decided by its rows.
            else if (readings.Count == 1) (AsRead, Alternatives) = (readings[0], Role == RowRole.Data ? LostCellPlacements(readings[0], columns) : []);
            else Alternatives = readings;
            return;
        }
        var tokens = split.Tokens.ToList();
        // Rows may end with empty cells beyond the last column (a trailing tab).
        while (tokens.Count > columns && tokens[^1].Length == 0) tokens.RemoveAt(tokens.Count - 1);
        // Whole cells: whatever their positions, each cell the row holds is one of these figures or empty.
        printed = [.. tokens.Select(t => TryCell(t, out var v) ? v : null).OfType<decimal>()];
        if (tokens.Count > columns)
        {
            Problem = $"{tokens.Count} cells for {columns} columns";
            return;
        }
        var cells = new List<decimal?>(tokens.Count);
        foreach (var token in tokens)
        {
            if (!TryCell(token, out var value))
            {
                Problem = $"'{token}' is not a number";
                return;
            }
            cells.Add(value);
        }
        figures = [.. cells.Where(c => c is not null)];
        figuresWhole = true;
        if (cells.Count == columns)
        {
            AsRead = cells;
            Alternatives = LostCellPlacements(cells, columns);
        }
        else
        {
            Alternatives = Placements(cells, columns);
            if (Alternatives.Count == 0) Problem = $"{cells.Count} cells for {columns} columns";
        }
    }

    /// <summary>
    /// A single-space row none of whose readings keeps its identities (<paramref name="fits"/>) may carry more stray
    /// spaces than are searched at first: an extraction's indent, a shifted cell and a trailing space on one line. It
    /// is read again with more empty tokens dropped, the fewest more that let some reading keep its identities, and
    /// those readings are its alternatives; the column totals choose between them. When none does, or the ways to drop
    /// them are too many, the row stays as it was: a row the report itself got wrong keeps its readings as printed.
    /// </summary>
    public void DropMoreStraySpaces(Func<IReadOnlyList<decimal?>, bool> fits, int columns)
    {
        if (spaceTokens is null || (Problem is not null && Problem != NoReadingGives(columns)) || Cells is not null || Options.Any(fits)) return;
        var empties = spaceTokens.Count(t => t.Length == 0);
        for (var k = RowReadings.MaxStraySpaces + 1; k <= Math.Min(MaxStraySpacesWhenNoneFits, spaceTokens.Count - columns); k++)
        {
            if (Combinations(empties, k) > MaxStraySpaceDrops) return;
            var keeping = RowReadings.EnumerateWithStraySpaces(spaceTokens, columns, k, fewest: false, minStraySpaces: k).Where(fits).ToList();
            if (keeping.Count == 0) continue;
            (AsRead, Alternatives, Problem) = (null, keeping, null);
            return;
        }
    }

    /// <summary>Why a single-space row has no reading: its tokens, with at most <see cref="RowReadings.MaxStraySpaces"/> dropped, never make its cells.</summary>
    private static string NoReadingGives(int columns) => $"no reading of its figures gives {columns} cells";

    /// <summary>n choose k, or more than <see cref="MaxStraySpaceDrops"/> as soon as it passes it.</summary>
    private static long Combinations(int n, int k)
    {
        long result = 1;
        for (var i = 1; i <= k && result <= MaxStraySpaceDrops; i++) result = result * (n - k + i) / i;
        return result;
    }

    /// <summary>
    /// Places the row's cells by <paramref name="fits"/>: the printed reading if it fits or there is no alternative,
    /// else the single alternative that fits. Sets <see cref="Problem"/> when no single reading can be chosen.
    /// </summary>
    public void Place(Func<IReadOnlyList<decimal?>, bool> fits)
    {
        if (Problem is not null || Cells is not null) return;
        if (AsRead is not null && (Alternatives.Count == 0 || fits(AsRead)))
        {
            Cells = [.. AsRead.Select(v => v is { } d ? new ReportCell(d) : (ReportCell?)null)];
            return;
        }
        AsPrintedFails = AsRead is not null;
        var fitting = Alternatives.Where(fits).Select(Key).Distinct(StringComparer.Ordinal).Count();
        NoReadingFits = fitting == 0;
        if (fitting == 1)
        {
            Cells = RowReadings.Resolve(Alternatives, fits);
            return;
        }
        if (fitting == 0 && AsRead is null && filledAsPrinted is not null)
        {
            Cells = [.. filledAsPrinted.Select(v => v is { } d ? new ReportCell(d) : (ReportCell?)null)];
            return;
        }
        // A printed reading that fails while cells may have been lost is not trusted; nothing else can be chosen.
        Problem = AsRead is not null
            ? fitting == 0
                ? $"its cells as printed do not add up and none of the {Alternatives.Count} placements of a lost cell does"
                : $"its cells as printed do not add up and {fitting} of the {Alternatives.Count} placements of a lost cell do"
            : fitting == 0
            ? $"none of its {Alternatives.Count} readings fits the table's arithmetic"
            : $"{fitting} of its {Alternatives.Count} readings fit the table's arithmetic";
    }

    /// <summary>
    /// Places the row by the readings the column totals leave it (<see cref="TotalPlacements"/>): the one reading, or,
    /// when several are left, none, and the row is ambiguous; when none is left, no placement makes the sums hold.
    /// </summary>
    /// <param name="notWhole">
    /// Why the readings were not shown to fit together (<see cref="TotalPlacements.Viable.NotWhole"/>), null when they
    /// were: then several left are not shown to fit together, and the row is left unresolved rather than called ambiguous.
    /// </param>
    public void DecideByTotals(IReadOnlyList<IReadOnlyList<decimal?>> viable, string? notWhole = null)
    {
        var searchedWhole = notWhole is null;
        var distinct = viable.DistinctBy(Key).ToList();
        if (distinct.Count == 1)
        {
            Problem = null;
            Cells = RowReadings.Resolve(Options, r => Key(r) == Key(distinct[0]));
            return;
        }
        Cells = null;
        Ambiguous = searchedWhole && distinct.Count > 1;
        placementsLeft = distinct;
        Problem = distinct.Count == 0
            ? "no placement of its cells makes the column sums the total"
            : !searchedWhole
            ? $"{distinct.Count} placements of its cells fit each column's total ({string.Join("; ", distinct.Select(Describe))}), and {notWhole}"
            : $"{distinct.Count} placements of its cells make the column sums the total ({string.Join("; ", distinct.Select(Describe))}): the table cannot tell which is printed";
    }

    /// <summary>
    /// The row as <see cref="UnresolvedRow"/>, ambiguous or not. Given the row's identities (<paramref name="fits"/>)
    /// and its number of <paramref name="columns"/>, it says what the row can hold for the figures derived from the
    /// table: the range of the placements left to it, else of the readings that keep its identities. When none does,
    /// the positions of its figures are unknown: every column holds nothing or at most its largest figure. Nothing
    /// bounds a row without a figure read.
    /// </summary>
    public UnresolvedRow ToUnresolved(ReportDocument document, string? section = null, Func<IReadOnlyList<decimal?>, bool>? fits = null, int columns = 0)
    {
        PossibleRow? possible = null;
        if (fits is not null)
        {
            var fitting = placementsLeft.Count > 0 ? placementsLeft : Options.Where(fits).ToList();
            var largest = Options.SelectMany(r => r).Select(v => v ?? 0).Concat(printed).DefaultIfEmpty(-1).Max();
            var ranges = fitting.Count > 0 ? PossibleRow.RangesOf(fitting)
                : largest >= 0 ? [.. Enumerable.Repeat(new CellRange(0, largest), columns)]
                : null;
            possible = new PossibleRow(Label, Iso3, Role, section, ranges);
        }
        return new(Line, document.Line(Line), Problem!, Ambiguous, possible);
    }

    /// <summary>
    /// Re-places a row whose printed positions contradict every identity of its row: the extraction misplaced its
    /// cells, so its figures are put, in order, wherever the arithmetic allows (unique or unresolved). A space row whose
    /// spaces may join thousands is left unresolved: its figures are not known.
    /// </summary>
    public void Reposition(Func<IReadOnlyList<decimal?>, bool> fits, int columns)
    {
        if (!figuresWhole)
        {
            // Spaces that may join thousands leave the figures themselves unknown: the row cannot be placed again.
            Cells = null;
            Problem ??= "its reading breaks every identity of its row: a space between its cells was lost or gained";
            return;
        }
        var values = figures;
        var readings = new List<IReadOnlyList<decimal?>>();
        var positions = new int[values.Count];
        void Choose(int index, int from)
        {
            if (index == values.Count)
            {
                var reading = new decimal?[columns];
                for (var i = 0; i < positions.Length; i++) reading[positions[i]] = values[i];
                readings.Add(reading);
                return;
            }
            for (var p = from; p <= columns - (values.Count - index); p++)
            {
                positions[index] = p;
                Choose(index + 1, p + 1);
            }
        }
        if (values.Count == 0 || values.Count > columns) return;
        Choose(0, 0);
        var fitting = readings.Where(fits).Select(Key).Distinct(StringComparer.Ordinal).Count();
        Cells = fitting == 1 ? RowReadings.Resolve(readings, fits) : null;
        if (Cells is not null) Problem = null;
        else
        {
            placementsLeft = [.. readings.Where(fits).DistinctBy(Key)];
            Problem = $"its cells as printed break every identity of the row, and {fitting} of the {readings.Count} ways to place its {values.Count} figures fit";
        }
    }

    /// <summary>The readings left to choose from when the row is decided together with others.</summary>
    public IReadOnlyList<IReadOnlyList<decimal?>> Options => AsRead is not null ? [AsRead] : Alternatives;

    private static string Describe(IReadOnlyList<decimal?> reading) =>
        string.Join(' ', reading.Select(v => v?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "_"));

    public static string Key(IReadOnlyList<decimal?> reading) => string.Join('|', reading.Select(v => v?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""));

    public ReportRow ToRow(string? section) => new(Label, Iso3, Role, Kind, Line, Cells!, section);

    private static bool TryCell(string token, out decimal? value)
    {
        value = null;
        if (token.Length == 0) return true;
        switch (PrintedNumber.TryParse(token, out var number))
        {
            case PrintedNumber.Shape.Number:
                value = number;
                return true;
            case PrintedNumber.Shape.Dash:
                // As RowReadings reads it: a dash is no change, nothing to report.
                value = 0;
                return true;
            case PrintedNumber.Shape.NotApplicable:
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A full row that ends in empty cells may have lost a cell (a tab, a space) further left and gained one at its end:
    /// the placements of its cells up to the last figure with the empty cells anywhere; none for a row ending in a figure.
    /// </summary>
    private static List<IReadOnlyList<decimal?>> LostCellPlacements(IReadOnlyList<decimal?> cells, int columns)
    {
        var trimmed = cells.Count;
        while (trimmed > 0 && cells[trimmed - 1] is null) trimmed--;
        return trimmed < columns ? Placements([.. cells.Take(trimmed)], columns) : [];
    }

    /// <summary>Every way to put <paramref name="cells"/>, in order, into <paramref name="columns"/> positions with empty cells between.</summary>
    private static List<IReadOnlyList<decimal?>> Placements(List<decimal?> cells, int columns)
    {
        var lost = columns - cells.Count;
        if (lost is < 1 or > MaxLostCells) return [];
        var result = new List<IReadOnlyList<decimal?>>();
        var empties = new int[lost];
        void Place(int index, int from)
        {
            if (index == lost)
            {
                var reading = new decimal?[columns];
                int e = 0, c = 0;
                for (var p = 0; p < columns; p++)
                {
                    if (e < lost && empties[e] == p) e++;
                    else reading[p] = cells[c++];
                }
                result.Add(reading);
                return;
            }
            for (var p = from; p < columns; p++)
            {
                empties[index] = p;
                Place(index + 1, p + 1);
            }
        }
        Place(0, 0);
        return result;
    }
}
