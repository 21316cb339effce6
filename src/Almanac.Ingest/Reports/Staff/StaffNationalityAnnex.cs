using System.Text.RegularExpressions;
using Almanac.Domain.Observations;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;
using Almanac.Domain.Workforce;

namespace Almanac.Ingest.Reports.Staff;

/// <summary>
/// Reads an annex of staff by nationality, grade and sex: sections headed "Country of nationality: …" (repeated on
/// every page), grade headings, one row per country, and total rows.
/// </summary>
internal static partial class StaffNationalityAnnex
{
    public const string MemberStates = "Member States";

    public static ReportTable Read(ReportDocument document, string id, int titleLine, int regionEnd)
    {
        var title = StaffTitles.TitleText(document, titleLine);
        List<string>? columns = null;
        IReadOnlyList<ReportLine.Piece>? anchors = null;
        string? section = null;
        string? heading = null;
        var headingLines = new List<string>();
        // The lines of words since the last row with figures: the rest of a name may take more than one line.
        var held = new List<(int Line, string Words)>();
        StaffLines.Split? lastSplit = null;
        var pending = new List<(PendingRow Row, string? Section)>();
        var last = titleLine;
        for (var n = titleLine + 1; n < regionEnd; n++)
        {
            var text = document.Line(n);
            var trimmed = text.Trim();
            if (trimmed.Length == 0 || document.IsPageFurniture(n)) continue;
            if (StaffLines.IsLegend(trimmed)) break;
            if (trimmed.StartsWith("Country of", StringComparison.OrdinalIgnoreCase))
            {
                heading = trimmed;
                headingLines = [text];
                continue;
            }
            if (StaffLines.IsGradeHeader(text))
            {
                var these = Columns(ReportLine.Words(text));
                if (columns is not null && !columns.SequenceEqual(these))
                {
                    throw new ReportFormatException(document.Name, n, $"'{title}': the grade headings change within the table ({string.Join(' ', these)})");
                }
                columns = these;
                // "Total" may stand on the section heading's line, above the grades.
                anchors = document.Spaces == SpaceLayout.ColumnGaps ? ReportLine.Anchors([.. headingLines, text], columns) : null;
                headingLines = [];
                if (heading is not null) section = SectionOf(heading);
                // A name wrapped across a page break keeps its first part; the repeated headings are not part of it.
                heading = null;
                continue;
            }
            if (heading is not null)
            {
                // Inside a section heading that wraps over lines, up to the grade headings.
                heading += " " + trimmed;
                headingLines.Add(text);
                continue;
            }
            if (columns is null)
            {
                if (n - titleLine > 12) break;
                continue;
            }
            var split = StaffLines.Read(text, document.Spaces, anchors);
            if (!split.HasFigures && IsRepeatedHeading(document, n, columns))
            {
                // A column heading printed again above the grades ("Total"), not the start of the next name.
                continue;
            }
            if (!split.HasFigures)
            {
                var words = split.Delimited ? split.Label : trimmed;
                var rest = StaffLines.JoinLabel(Joined(held), words);
                if (lastSplit is not null && pending.Count > 0 && pending[^1].Row is { Role: RowRole.Data, Iso3: null } named
                    && document.Reference.Resolve(StaffLines.JoinLabel(named.Label, rest)) is { } country)
                {
                    // A name wrapped with its figures on its first line: the rest of it follows, as no country on its own.
                    held.Clear();
                    var whole = new PendingRow { Label = StaffLines.JoinLabel(named.Label, rest), Line = named.Line, Role = RowRole.Data, Kind = CellKind.Count, Section = named.Section, Iso3 = country.Iso3 };
                    whole.SetTokens(lastSplit, columns.Count);
                    pending[^1] = (whole, pending[^1].Section);
                    continue;
                }
                held.Add((n, words));
                continue;
            }
            var (empties, rowLabel) = NamesBefore(document, held, split.Label);
            foreach (var (emptyLine, name, iso3) in empties)
            {
                // A country named with no figures at all: a row of empty cells.
                var empty = new PendingRow { Label = name, Line = emptyLine, Role = RowRole.Data, Kind = CellKind.Count, Section = section, Iso3 = iso3 };
                empty.SetEmpty(columns.Count);
                pending.Add((empty, section));
            }
            held.Clear();
            var total = rowLabel.StartsWith("Total", StringComparison.OrdinalIgnoreCase);
            var row = new PendingRow
            {
                Label = rowLabel,
                Line = n,
                Role = total ? RowRole.Total : RowRole.Data,
                Kind = CellKind.Count,
                Section = section,
                Iso3 = total ? null : document.CountryNamed(rowLabel)?.Iso3,
            };
            lastSplit = split;
            // Read even when the row cannot be placed: its readings bound the figures derived from the table.
            row.SetTokens(split, columns.Count);
            if (rowLabel.Length == 0) row.Problem = "figures without a country";
            // Left unresolved rather than refuse the document: its figures cannot be anyone's nationality.
            else if (!total && row.Iso3 is null) row.Problem = $"'{rowLabel}' is not a country Almanac knows";
            pending.Add((row, section));
            last = n;
        }
        if (columns is null) throw new ReportFormatException(document.Name, titleLine, $"'{title}': no grade headings follow the title");
        if (pending.Count == 0) throw new ReportFormatException(document.Name, titleLine, $"'{title}': no rows follow the grade headings");

        var skeleton = new ReportTable(id, title, document.Identity.Year, new LineRange(titleLine, last), columns, [], [], []);
        var grades = columns.Take(columns.Count - 3).ToList();
        ColumnsSum[] within = [new("Total", grades), new("Total", ["F", "M"], "women-plus-men")];
        var totalColumn = columns.Count - 3;
        // Every row that prints a figure prints its total (a zero row prints "0" there).
        bool TotalPrinted(IReadOnlyList<decimal?> reading) => reading[totalColumn] is not null || reading.All(v => v is null);
        bool Holds(IReadOnlyList<decimal?> reading, RowRole role)
        {
            if (!TotalPrinted(reading)) return false;
            var probe = new ReportRow("", null, role, CellKind.Count, 0, [.. reading.Select(v => v is { } d ? new ReportCell(d) : (ReportCell?)null)]);
            return within.All(i => i.Holds(skeleton, probe));
        }

        var all = pending.Select(p => p.Row).ToList();
        foreach (var row in all.Where(r => r.Role == RowRole.Data)) row.DropMoreStraySpaces(r => Holds(r, RowRole.Data), columns.Count);
        var groups = TotalGroups.Of(all.Count, i => all[i].Role == RowRole.Total, i => all[i].Role == RowRole.Data);
        DecideByColumnTotals(all, groups, r => Holds(r, RowRole.Data), r => Holds(r, RowRole.Total));

        var rows = new List<ReportRow>();
        var unresolved = new List<UnresolvedRow>();
        var identities = new List<TableIdentity>(within);
        var sections = pending.Select(p => p.Section).Distinct().Count();
        // Where each read row stands among the table's rows.
        var index = new Dictionary<int, int>();
        for (var p = 0; p < pending.Count; p++)
        {
            var (row, rowSection) = pending[p];
            var group = groups.GetValueOrDefault(p) ?? [];
            // Without all the rows it totals, a column sum would report the reader's gaps as the report's.
            var partsRead = group.All(index.ContainsKey);
            TableIdentity? explainedTotal = null;
            if (row.Role == RowRole.Data)
            {
                row.Place(r => Holds(r, RowRole.Data));
                if (row.Cells is not null ? !within.Any(i => i.Holds(skeleton, row.ToRow(null))) || !TotalPrinted(row.Cells.Select(c => c?.Value).ToList())
                    : row.AsPrintedFails || (!row.Delimited && row.NoReadingFits))
                {
                    row.Reposition(r => Holds(r, RowRole.Data), columns.Count);
                }
            }
            else
            {
                var sums = Enumerable.Range(0, columns.Count).Select(c => group.Where(index.ContainsKey).Sum(i => rows[index[i]].Cells[c]?.Value ?? 0)).ToList();
                var fitting = row.Alternatives.Count(r => Holds(r, RowRole.Total));
                // A total row that reads several ways within itself is decided by the rows it totals.
                row.Place(fitting > 1
                    ? r => Holds(r, RowRole.Total) && r.Select((v, c) => (v ?? 0) == sums[c]).All(x => x)
                    : r => Holds(r, RowRole.Total));
                // No reading is the sum of the rows it totals: read it for what it says rather than leave it unresolved.
                if (row.Cells is null && partsRead && group.Count > 0 && row.Options.Count > 0
                    && TotalReadings.Explain([.. row.Options.Where(r => TotalPrinted(r))], rows.Count, [.. group.Select(i => (index[i], rows[index[i]].Cells))]) is { } explanation)
                {
                    row.Problem = null;
                    row.Cells = [.. explanation.Reading.Select(v => v is { } d ? new ReportCell(d) : (ReportCell?)null)];
                    explainedTotal = explanation.Identity;
                }
            }
            if (row.Cells is null)
            {
                unresolved.Add(row.ToUnresolved(document, rowSection, r => Holds(r, row.Role), columns.Count));
                continue;
            }
            index[p] = rows.Count;
            if (row.Role == RowRole.Total)
            {
                // A total over one section of several is that section's; otherwise (a grand total too) it is the annex's own total.
                var own = group.Where(i => all[i].Role == RowRole.Data).Select(i => pending[i].Section).Distinct().ToList();
                var totalSection = sections > 1 && own.Count == 1 ? own[0] : null;
                rows.Add(row.ToRow(totalSection));
                if (partsRead && group.Count > 0) identities.Add(explainedTotal ?? new RowsSum(rows.Count - 1, [.. group.Select(i => index[i])]));
            }
            else
            {
                rows.Add(row.ToRow(rowSection));
            }
        }
        if (id == StaffTableIds.ProfessionalAnnex) identities.Add(NationalitiesRepresented(document, rows, unresolved));
        var category = id == StaffTableIds.ProfessionalAnnex ? StaffCategory.Professional : StaffCategory.GeneralService;
        identities.Add(new ShareAcrossRows("F", "Total", Measures.WomenPercent, StaffKeys.Of(category, null, null).Canonical));
        return skeleton with { Rows = rows, Arithmetic = identities, Unresolved = unresolved };
    }

    private static string Joined(IEnumerable<(int Line, string Words)> lines) => lines.Aggregate("", (label, line) => StaffLines.JoinLabel(label, line.Words));

    /// <summary>
    /// The label of a row with figures, from the words held since the last row and the words on its own line, and the
    /// countries named before it with no figures at all ("Kiribati" above "Kyrgyzstan 3 1 5 …"; its name may wrap too).
    /// The held lines are cut where every part names a country and the last is the row's name (or a total), in the
    /// fewest parts; when no cut does, the label is all of them.
    /// </summary>
    private static (List<(int Line, string Name, string Iso3)> Empties, string Label) NamesBefore(ReportDocument document, List<(int Line, string Words)> held, string onLine)
    {
        var whole = StaffLines.JoinLabel(Joined(held), onLine);
        bool Names(string label) => label.StartsWith("Total", StringComparison.OrdinalIgnoreCase) || document.CountryNamed(label) is not null;
        if (held.Count == 0 || Names(whole)) return ([], whole);
        // fewest[i]: the fewest countries that the first i held lines name, one after another, and where the last begins.
        var fewest = new (int Count, int From)?[held.Count + 1];
        fewest[0] = (0, 0);
        for (var end = 1; end <= held.Count; end++)
        {
            for (var from = 0; from < end; from++)
            {
                if (fewest[from] is { } before && (fewest[end] is null || before.Count + 1 < fewest[end]!.Value.Count)
                    && document.Reference.Resolve(Joined(held[from..end])) is not null)
                {
                    fewest[end] = (before.Count + 1, from);
                }
            }
        }
        var cut = Enumerable.Range(1, held.Count).Where(k => fewest[k] is not null && Names(StaffLines.JoinLabel(Joined(held[k..]), onLine)))
            .OrderBy(k => fewest[k]!.Value.Count).Cast<int?>().FirstOrDefault();
        if (cut is not { } last) return ([], whole);
        var empties = new List<(int, string, string)>();
        for (var end = last; end > 0; end = fewest[end]!.Value.From)
        {
            var name = Joined(held[fewest[end]!.Value.From..end]);
            empties.Insert(0, (held[fewest[end]!.Value.From].Line, name, document.Reference.Resolve(name)!.Iso3));
        }
        return (empties, StaffLines.JoinLabel(Joined(held[last..]), onLine));
    }

    /// <summary>
    /// In the single-space layout a space both ends a cell and prints an empty one, so a stray space moves a row's cells
    /// and a row may read several ways that all keep its own identities (grades sum to Total, F + M = Total). Such rows
    /// are decided by the column totals of the rows they sum with: the reading every fitting choice uses is placed, a
    /// row that several choices read differently is ambiguous. Rows whose parts cannot all be read stay as they are.
    /// </summary>
    private static void DecideByColumnTotals(List<PendingRow> pending, Dictionary<int, IReadOnlyList<int>> groups,
        Func<IReadOnlyList<decimal?>, bool> fitsData, Func<IReadOnlyList<decimal?>, bool> fitsTotal)
    {
        foreach (var (t, members) in groups.OrderBy(g => g.Key))
        {
            var parts = members.Select(i => pending[i]).ToList();
            // A grand total's parts are section totals, decided (or not) by their own rows: only the grand total is decided here.
            var grand = parts.Any(r => r.Role == RowRole.Total);
            var anyWrongRow = false;
            List<IReadOnlyList<decimal?>> Fitting(PendingRow r)
            {
                var fits = r.Role == RowRole.Total ? fitsTotal : fitsData;
                if (r.Problem is not null) return [];
                if (r.Cells is { } cells) return [[.. cells.Select(c => c?.Value)]];
                if (r.AsRead is { } read && fits(read)) return [read];
                var keeping = r.Options.Where(fits).DistinctBy(PendingRow.Key).ToList();
                // A row the report itself got wrong (its grades or F + M not its total) still adds its cells to the
                // columns: every reading of it takes part, so that one such row does not leave the others undecided.
                if (keeping.Count > 0) return keeping;
                anyWrongRow = true;
                return [.. r.Options.DistinctBy(PendingRow.Key)];
            }
            var fitting = parts.Select(Fitting).ToList();
            var undecided = grand ? [] : Enumerable.Range(0, parts.Count).Where(i => !parts[i].Delimited && fitting[i].Count > 1).ToList();
            var totals = pending[t].Problem is null ? pending[t].Options.Where(fitsTotal).DistinctBy(PendingRow.Key).ToList() : [];
            // A totals row the report got wrong within itself (its grades or F + M not its Total) may still total the rows in
            // most columns: its readings are searched as they are, and a story must place the rows.
            var wrongTotal = totals.Count == 0 && pending[t].Problem is null && pending[t].Options.Count > 0;
            if (wrongTotal) totals = [.. pending[t].Options.DistinctBy(PendingRow.Key)];
            var totalUndecided = !pending[t].Delimited && totals.Count > 1;
            if ((undecided.Count == 0 && !totalUndecided) || fitting.Any(f => f.Count == 0) || totals.Count == 0) continue;
            var viable = TotalPlacements.Search(fitting, totals);
            var decidesTotal = true;
            // No choice fits a total the report got wrong: the placements the total's story leaves, before giving up.
            if (TotalPlacements.NoneFits(viable) && TotalReadings.ExplainUndecided(fitting, totals, wrongTotal) is { } story)
            {
                (viable, decidesTotal) = (story.Viable, story.DecidesTotal);
            }
            // A row the report got wrong may print its cells in the wrong columns too: when no choice fits, that says
            // nothing of the other rows, and each keeps what its own arithmetic says of it.
            if (TotalPlacements.NoneFits(viable) && (anyWrongRow || wrongTotal)) continue;
            foreach (var i in undecided) parts[i].DecideByTotals([.. viable.Parts[i].Select(o => fitting[i][o])], viable.NotWhole);
            if (totalUndecided && decidesTotal) pending[t].DecideByTotals([.. viable.Total.Select(o => totals[o])], viable.NotWhole);
        }
    }

    /// <summary>
    /// Whether a line without figures prints only column headings (or the words that head them, "Sex") and the grade
    /// headings follow it: the headings repeated on a new page, above the grades.
    /// </summary>
    private static bool IsRepeatedHeading(ReportDocument document, int line, IReadOnlyList<string> columns)
    {
        var words = ReportLine.Words(document.Line(line));
        if (words.Count == 0 || !words.All(w => columns.Contains(w, StringComparer.Ordinal) || HeadingWords.Contains(w))) return false;
        for (var n = line + 1; n <= document.Lines.Count; n++)
        {
            var text = document.Line(n);
            if (text.Trim().Length == 0 || document.IsPageFurniture(n)) continue;
            if (StaffLines.IsGradeHeader(text)) return true;
            var next = ReportLine.Words(text);
            if (next.Count == 0 || !next.All(w => columns.Contains(w, StringComparer.Ordinal) || HeadingWords.Contains(w))) return false;
        }
        return false;
    }

    /// <summary>Words that head the annexes' columns without being one.</summary>
    private static readonly HashSet<string> HeadingWords = new(["Sex", "Category/Grade", "Category", "Grade"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The nationalities represented among Professional staff, which the report also prints (its nationalities annex,
    /// sometimes its text), are the countries this annex lists with staff: Member States under their heading, every
    /// other section (observer and non-member States) as non-members. Pseudo-nationalities ("Other") are no nationality.
    /// Unresolved rows count by what they can hold (<see cref="CountOfRowsWithValue"/>).
    /// </summary>
    private static CountOfRowsWithValue NationalitiesRepresented(ReportDocument document, List<ReportRow> rows, List<UnresolvedRow> unresolved)
    {
        var sections = rows.Where(r => r.Role == RowRole.Data && r.Section is not null).Select(r => r.Section!)
            .Concat(unresolved.Where(u => u.Possible is { Role: RowRole.Data, Section: not null }).Select(u => u.Possible!.Section!))
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(s => s, s => (s == MemberStates ? DimensionKey.Of((Dimensions.Membership, Dimensions.MembershipMember))
                : DimensionKey.Of((Dimensions.Membership, Dimensions.MembershipNonMember))).Canonical, StringComparer.Ordinal);
        return new CountOfRowsWithValue("Total", Measures.NationalitiesRepresented, sections,
            [.. document.Reference.Countries.Where(c => c.IsPseudo).Select(c => c.Iso3)]);
    }

    /// <summary>Grades as printed, then Total, F and M, wherever (or whether) the heading row prints "Total".</summary>
    private static List<string> Columns(IReadOnlyList<string> words)
    {
        var grades = words.Where(w => Grades.Parse(w) is not null).ToList();
        return [.. grades, "Total", "F", "M"];
    }

    private static string SectionOf(string heading)
    {
        var match = SectionHeading().Match(StaffLines.Heading(heading));
        var section = match.Success ? match.Groups["section"].Value.Trim() : StaffLines.Heading(heading);
        return section.Equals(MemberStates, StringComparison.OrdinalIgnoreCase) ? MemberStates : section;
    }

    [GeneratedRegex(@"^Country of nationality:\s*(?<section>.*?)\s*(Category/Grade|Grade/Category|Total|Sex|$)", RegexOptions.IgnoreCase)]
    private static partial Regex SectionHeading();
}
