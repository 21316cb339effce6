using System.Globalization;
using System.Text.RegularExpressions;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;
using Almanac.Domain.Workforce;

namespace Almanac.Ingest.Reports.Staff;

/// <summary>
/// Reads the small staff tables whose columns are years (Tables 1, 3, 4, the nationalities annex) or grades (Table 2)
/// and whose rows are named: counts, their total, percentages and changes.
/// </summary>
internal static partial class StaffYearTable
{
    public static ReportTable Read(ReportDocument document, string id, int titleLine, int regionEnd)
    {
        var byGrade = id == StaffTableIds.Table2;
        var title = StaffTitles.TitleText(document, titleLine);
        var header = FindHeader(document, titleLine + 1, regionEnd, byGrade)
            ?? throw new ReportFormatException(document.Name, titleLine, $"'{title}': no row of {(byGrade ? "grade" : "year")} headings follows the title");
        var columns = Columns(document.Line(header), byGrade);
        if (columns.Count == 0) throw new ReportFormatException(document.Name, header, $"'{title}': the column headings cannot be read");

        var anchors = document.Spaces == SpaceLayout.ColumnGaps ? ReportLine.Anchors([document.Line(header)], columns) : null;
        var pending = new List<PendingRow>();
        var label = "";
        StaffLines.Split? lastSplit = null;
        // The row above takes the rest of its label, wrapped below its figures.
        void Relabel(string whole)
        {
            var named = pending[^1];
            var (wholeRole, wholeKind) = RoleOf(whole);
            pending[^1] = new PendingRow { Label = whole, Line = named.Line, Role = wholeRole, Kind = wholeKind };
            pending[^1].SetTokens(lastSplit, columns.Count);
        }
        for (var n = header + 1; n < regionEnd; n++)
        {
            var text = document.Line(n);
            var trimmed = text.Trim();
            if (trimmed.Length == 0 || document.IsPageFurniture(n)) continue;
            if (trimmed.StartsWith("Table ", StringComparison.Ordinal) || trimmed.StartsWith("Annex", StringComparison.Ordinal)
                || trimmed.StartsWith('*') || StaffLines.IsLegend(trimmed)) break;
            // The column headings again, on the next page of a table split over two.
            if (Columns(text, byGrade) is { Count: > 0 } repeated && repeated.SequenceEqual(columns, StringComparer.Ordinal)) continue;
            var split = StaffLines.Read(text, document.Spaces, anchors);
            // A year alone on a line is a word of a wrapped label ("Total" / "in" / "2023"), not a row of one figure in a
            // table of several columns.
            var words = !split.HasFigures || (split.Label.Length == 0 && columns.Count > 1 && StaffLines.IsYear(trimmed));
            if (words && label.Length == 0 && lastSplit is not null && pending.Count > 0
                && ContinuesLabel(id, pending[^1].Label, StaffLines.JoinLabel(pending[^1].Label, trimmed), columns[0]))
            {
                // A label wrapped with its figures on its first line: the rest of it follows, and only with it is the row one Almanac knows.
                Relabel(StaffLines.JoinLabel(pending[^1].Label, trimmed));
                continue;
            }
            if (words)
            {
                // A row label wrapped over lines: its figures follow on a later line.
                label = StaffLines.JoinLabel(label, trimmed);
                continue;
            }
            var rowLabel = StaffLines.JoinLabel(label, split.Label);
            // Words held since the row above that the row below cannot take ("in" "2023" before "Percentage of women in
            // 2021"), and that complete the label above ("Total in 2023"; "General Service and" "National Officer
            // categories", whose first words alone already name a row): the rest of that label, its figures on its first
            // line. A row below that the words make one Almanac knows keeps them (figures on the label's last line), and
            // one that is no known row without them either does not give them away.
            if (label.Length > 0 && lastSplit is not null && pending.Count > 0 && !Known(id, rowLabel, columns[0]) && Known(id, split.Label, columns[0])
                && StaffLines.JoinLabel(pending[^1].Label, label) is var above && Known(id, above, columns[0]))
            {
                Relabel(above);
                rowLabel = split.Label;
            }
            // A footnote letter the extraction put after the label as a word of its own ("Men a").
            if (!Known(id, rowLabel, columns[0]) && ReportLine.WithoutFootnoteLetter(rowLabel) is { } bare && Known(id, bare, columns[0])) rowLabel = bare;
            label = "";
            var (role, kind) = RoleOf(rowLabel);
            lastSplit = split;
            var row = new PendingRow { Label = rowLabel, Line = n, Role = role, Kind = kind };
            if (rowLabel.Length == 0) row.Problem = "figures without a row label";
            else row.SetTokens(split, columns.Count);
            pending.Add(row);
        }
        if (pending.Count == 0) throw new ReportFormatException(document.Name, header, $"'{title}': no rows follow the column headings");

        var groups = TotalGroups.Of(pending.Count, i => pending[i].Role == RowRole.Total && pending[i].Kind == CellKind.Count,
            i => pending[i].Role == RowRole.Data && pending[i].Kind == CellKind.Count);
        PlaceByTotals(pending, groups);
        PlaceByNeighbours(pending, groups);
        foreach (var row in pending.Where(r => r.Cells is null && r.Problem is null))
        {
            row.Problem = $"{row.Alternatives.Count} readings and no total to decide between them";
        }

        // A row read whole whose label Almanac cannot map is left unresolved rather than refuse the document for it.
        foreach (var row in pending.Where(r => r.Cells is not null))
        {
            row.Problem = Published.PublishedFigures.UnknownRow(StaffTablesReader.PublishedName(id), row.Label, columns[0]);
        }

        var rows = new List<ReportRow>();
        var unresolved = new List<UnresolvedRow>();
        var sums = new List<TableIdentity>();
        // Where each read row stands among the table's rows.
        var index = new Dictionary<int, int>();
        for (var p = 0; p < pending.Count; p++)
        {
            var row = pending[p];
            var group = groups.GetValueOrDefault(p) ?? [];
            // Without all the rows it totals, a column sum would report the reader's gaps as the report's.
            var partsRead = group.Count > 0 && group.All(index.ContainsKey);
            TableIdentity? explained = null;
            if (row.Cells is null && partsRead && !row.Ambiguous && row.Options.Count > 0
                && TotalReadings.Explain(row.Options, rows.Count, [.. group.Select(i => (index[i], rows[index[i]].Cells))], (t, parts) => ColumnSums(rows, t, parts)) is { } explanation)
            {
                // No reading is the sum of the rows it totals: it is read for what it says rather than left unresolved.
                row.Problem = null;
                row.Cells = [.. explanation.Reading.Select(v => v is { } d ? new ReportCell(d) : (ReportCell?)null)];
                explained = explanation.Identity;
            }
            if (row.Cells is null || row.Problem is not null)
            {
                unresolved.Add(row.ToUnresolved(document));
                continue;
            }
            index[p] = rows.Count;
            rows.Add(row.ToRow(null));
            if (partsRead) sums.Add(explained ?? ColumnSums(rows, rows.Count - 1, [.. group.Select(i => index[i])]));
        }
        var last = pending.Max(r => r.Line);
        var skeleton = new ReportTable(id, title, document.Identity.Year, new LineRange(titleLine, last), columns, rows, [], unresolved);
        return skeleton with { Arithmetic = [.. sums, .. Identities(id, rows)] };
    }

    /// <summary>The column sums a total is checked by; a total of women and men is reported under its own rule.</summary>
    private static RowsSum ColumnSums(List<ReportRow> rows, int total, IReadOnlyList<int> parts)
    {
        var sexes = parts.Count == 2 && parts.Select(i => rows[i].Label.ToLowerInvariant()).Order(StringComparer.Ordinal).SequenceEqual(["men", "women"]);
        return sexes ? new RowsSum(total, parts, "women-plus-men") : new RowsSum(total, parts);
    }

    /// <summary>
    /// A total row sums the count rows above it since the previous total (a grand total, the totals before it); rows
    /// that read several ways are decided together with the rows they sum with.
    /// </summary>
    private static void PlaceByTotals(List<PendingRow> pending, Dictionary<int, IReadOnlyList<int>> groups)
    {
        foreach (var (t, members) in groups.OrderBy(g => g.Key))
        {
            var parts = members.Select(i => pending[i]).ToList();
            var group = parts.Append(pending[t]).ToList();
            if (group.Any(r => r.Problem is not null))
            {
                foreach (var row in group.Where(r => r.Problem is null && r.Options.Count > 1))
                {
                    row.Problem = "it sums with a row that could not be read";
                }
                continue;
            }
            if (group.All(r => r.Options.Count == 1 || r.Cells is not null)) continue;
            // A part already decided (a section total, by its own rows) takes part as decided.
            IReadOnlyList<IReadOnlyList<IReadOnlyList<decimal?>>> readings = [.. parts.Select(r => r.Cells is { } cells ? [[.. cells.Select(c => c?.Value)]] : r.Options)];
            // Only a whole search decides a year table's rows: its rows are few, so one too large to finish is left as it is.
            var viable = TotalPlacements.Search(readings, pending[t].Options) is { Whole: true } searched ? searched : null;
            var decidesTotal = true;
            // No choice fits a total the report got wrong: the placements the total's story leaves, before giving up.
            if (viable is not null && TotalPlacements.NoneFits(viable) && TotalReadings.ExplainUndecided(readings, pending[t].Options) is { } story)
            {
                (viable, decidesTotal) = (story.Viable, story.DecidesTotal);
            }
            if (viable is null)
            {
                foreach (var row in group.Where(r => r.Options.Count > 1 && r.Cells is null)) row.Problem = "its readings and those of the rows it sums with are too many to search";
                continue;
            }
            var chosen = viable.Parts.Append(viable.Total).ToList();
            for (var i = 0; i < group.Count; i++)
            {
                if (group[i].Options.Count > 1 && group[i].Cells is null && (i < parts.Count || decidesTotal)) group[i].DecideByTotals([.. chosen[i].Select(o => group[i].Options[o])]);
            }
        }
        foreach (var row in pending.Where(r => r.Options.Count == 1)) row.Place(_ => true);
    }

    /// <summary>
    /// A row in no total's sum that reads several ways (a stray space before its first figure or after its last,
    /// "173 174" one number or two) is read as the rows of its kind around it are laid out, as a person reads it against
    /// its neighbours' columns: the one reading whose empty cells are those of the nearest row of the same kind read
    /// above it and below it (one side, when only one has such a row), when they agree. Otherwise it stays undecided. A
    /// total and its parts are left to the arithmetic, which may tell the report's error (<see cref="TotalReadings"/>).
    /// </summary>
    private static void PlaceByNeighbours(List<PendingRow> pending, Dictionary<int, IReadOnlyList<int>> groups)
    {
        var read = pending.Select(r => r.Cells).ToList();
        var summed = groups.Keys.Concat(groups.Values.SelectMany(g => g)).ToHashSet();
        static string Empties(IEnumerable<bool> empty) => string.Concat(empty.Select(e => e ? '_' : 'x'));
        for (var i = 0; i < pending.Count; i++)
        {
            var row = pending[i];
            if (summed.Contains(i) || row.Cells is not null || row.Problem is not null || row.Alternatives.Count < 2) continue;
            bool SameKind(int j) => read[j] is not null && pending[j].Kind == row.Kind;
            var above = Enumerable.Range(0, i).Reverse().Where(SameKind).Cast<int?>().FirstOrDefault();
            var below = Enumerable.Range(i + 1, pending.Count - i - 1).Where(SameKind).Cast<int?>().FirstOrDefault();
            var patterns = new[] { above, below }.OfType<int>().Select(j => Empties(read[j]!.Select(c => c is null))).Distinct().ToList();
            if (patterns is not [var pattern]) continue;
            bool LaidOutAlike(IReadOnlyList<decimal?> reading) => Empties(reading.Select(v => v is null)) == pattern;
            // Resolve takes only a single reading laid out alike.
            if (RowReadings.Resolve(row.Alternatives, LaidOutAlike) is { } cells) row.Cells = cells;
        }
    }

    private static int? FindHeader(ReportDocument document, int from, int to, bool byGrade)
    {
        for (var n = from; n < to; n++)
        {
            var words = ReportLine.Words(document.Line(n));
            if (byGrade ? words.Count(w => Grades.Parse(w) is not null || w.Equals("Ungraded", StringComparison.OrdinalIgnoreCase)) >= 3
                : words.Count(StaffLines.IsYear) >= 3)
            {
                return n;
            }
        }
        return null;
    }

    private static List<string> Columns(string header, bool byGrade)
    {
        var cells = ReportLine.Headings(header);
        if (!byGrade) return [.. cells.Where(StaffLines.IsYear)];
        // Table 2's first heading is the year its counts are for; the grade headings follow.
        var skip = cells.Count > 0 && (cells[0].Length == 0 || StaffLines.IsYear(cells[0])) ? 1 : 0;
        return [.. cells.Skip(skip).Where(c => c.Length > 0)];
    }

    /// <summary>Whether a row's label is one Almanac cannot map and the label with the next line's words is one it can.</summary>
    private static bool ContinuesLabel(string id, string label, string joined, string column) => !Known(id, label, column) && Known(id, joined, column);

    /// <summary>Whether a row of that label is one Almanac knows how to read in the table.</summary>
    private static bool Known(string id, string label, string column) =>
        Published.PublishedFigures.UnknownRow(StaffTablesReader.PublishedName(id), label, column) is null;

    private static (RowRole, CellKind) RoleOf(string label)
    {
        if (label.StartsWith("percentage", StringComparison.OrdinalIgnoreCase)) return (RowRole.Derived, CellKind.Percent);
        if (label.StartsWith("change", StringComparison.OrdinalIgnoreCase)) return (RowRole.Derived, CellKind.PercentagePointChange);
        if (label.StartsWith("total", StringComparison.OrdinalIgnoreCase)) return (RowRole.Total, CellKind.Count);
        return (RowRole.Data, CellKind.Count);
    }

    /// <summary>The arithmetic each table carries besides its totals, found by its rows' wording.</summary>
    private static List<TableIdentity> Identities(string id, List<ReportRow> rows)
    {
        int Find(Func<string, bool> match) => rows.FindIndex(r => match(r.Label.ToLowerInvariant()));
        var identities = new List<TableIdentity>();
        var total = rows.FindIndex(r => r.Role == RowRole.Total);
        var women = Find(l => l == "women");
        switch (id)
        {
            case StaffTableIds.Table1 or StaffTableIds.Table3:
                {
                    var percent = Find(l => l.StartsWith("percentage of women", StringComparison.Ordinal));
                    if (percent >= 0 && women >= 0 && total >= 0) identities.Add(new RowPercentage(percent, women, total));
                    var change = Find(l => l.StartsWith("change", StringComparison.Ordinal));
                    if (change >= 0 && percent >= 0) identities.Add(new ChangeAlongRow(change, percent));
                    break;
                }
            case StaffTableIds.Table2:
                {
                    int PercentIn(int year) => Find(l => l.StartsWith("percentage of women", StringComparison.Ordinal) && YearsIn(l).SequenceEqual([year]));
                    var year = total >= 0 ? YearsIn(rows[total].Label).LastOrDefault() : 0;
                    var percent = PercentIn(year);
                    if (percent >= 0 && women >= 0) identities.Add(new RowPercentage(percent, women, total));
                    var change = Find(l => l.StartsWith("change", StringComparison.Ordinal));
                    if (change >= 0 && YearsIn(rows[change].Label) is [var from, var to, ..])
                    {
                        int f = PercentIn(from), e = PercentIn(to);
                        if (f >= 0 && e >= 0) identities.Add(new RowChange(change, f, e));
                    }
                    break;
                }
            case StaffTableIds.Table4:
                {
                    var percent = Find(l => l.StartsWith("percentage", StringComparison.Ordinal));
                    var professional = rows.FindIndex(r => r.Role == RowRole.Data && r.Label.Contains("professional", StringComparison.OrdinalIgnoreCase));
                    if (percent >= 0 && professional >= 0 && total >= 0) identities.Add(new RowPercentage(percent, professional, total));
                    break;
                }
            case StaffTableIds.NationalitiesAnnex:
                {
                    var percent = Find(l => l.StartsWith("percentage", StringComparison.Ordinal));
                    var represented = Find(l => l.StartsWith("number of member state nationalities", StringComparison.Ordinal));
                    var members = Find(l => l.StartsWith("number of member states", StringComparison.Ordinal));
                    if (percent >= 0 && represented >= 0 && members >= 0) identities.Add(new RowPercentage(percent, represented, members));
                    break;
                }
        }
        return identities;
    }

    private static List<int> YearsIn(string label) =>
        [.. YearPattern().Matches(label).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"\b(19|20)\d{2}\b")]
    private static partial Regex YearPattern();
}
