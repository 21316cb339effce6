using System.Globalization;
using System.Text;
using Almanac.Domain.Reference;
using Almanac.Domain.Reports;
using Almanac.Domain.Tables;
using Almanac.Ingest.Reports;

namespace Almanac.Tests;

/// <summary>
/// What the readers recover from a mutated document against what they read from the original (the reference, itself
/// checked against the printed figures elsewhere): tables, cells and audit findings, each placed by its line of origin.
/// </summary>
/// <param name="Refused">Why the mutated text could not be read at all, else null.</param>
/// <param name="CellsWrong">Cells of the mutated read that the original has not at that row and column (a value changed, or a cell invented).</param>
/// <param name="Lost">The original's cells and findings not recovered, a few of each, for a failure message.</param>
public sealed record MutationScore(string Document, string Mutation, int TablesFound, int TablesOf, int CellsRecovered, int CellsOf, int CellsWrong,
    int FindingsKept, int FindingsOf, int FindingsInvented, string? Refused, IReadOnlyList<string> Lost, IReadOnlyList<string> Invented)
{
    public bool Perfect => Refused is null && TablesFound == TablesOf && CellsRecovered == CellsOf && CellsWrong == 0 && FindingsKept == FindingsOf && FindingsInvented == 0;

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Document} | {Mutation} | {TablesFound} / {TablesOf} | {CellsRecovered} / {CellsOf} | {CellsWrong} | {FindingsKept} / {FindingsOf} | {FindingsInvented} |{(Refused is null ? "" : " refused: " + Refused)}");

    public const string Heading = "| document | mutation | tables | cells recovered / of | cells wrong | findings kept / of | findings invented |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |";
}

/// <summary>Reads a corpus document and its mutations with every reader and scores each mutation against the original.</summary>
public static class MutationHarness
{
    /// <summary>The corpus documents, as the tests and the bench name them.</summary>
    public static IReadOnlyList<string> Documents { get; } = ["annual-report-2017.txt", "annual-report-2018.txt", "annual-report-2023.txt", "migration-initiatives-2018.txt"];

    /// <summary>The seed of every mutation: fixed, so that a figure recorded in bench/RESULTS.md and the floors of the tests reproduce.</summary>
    public const int Seed = 18;

    /// <summary>The original's read, with the regions the mutations work on; computed once per document.</summary>
    public sealed record Original(string Name, IReadOnlyList<string> Lines, ReportExtraction Read, IReadOnlyList<TableRegion> Regions, IReadOnlyList<Finding> Findings);

    public static Original ReadOriginal(string name, byte[] content, ReferenceData reference)
    {
        var read = ReportExtraction.Read(name, content, reference, ReportReaders.All);
        var lines = Encoding.UTF8.GetString(content).TrimStart('\uFEFF').Split('\n');
        return new Original(name, lines, read, LayoutMutations.Regions(read), Audit(read));
    }

    /// <summary>The audit of one read, as one import (id 1) of the tables, the printed figures and the statements alike.</summary>
    public static IReadOnlyList<Finding> Audit(ReportExtraction read) =>
        ReportAudit.Run(read.Tables.Select(t => (1L, read.Document.Name, t)), read.Observations.Select(o => o with { Provenance = o.Provenance with { SourceId = 1 } }),
            read.Statements.Select(s => (1L, read.Document.Name, s)));

    public static MutationScore Score(Original original, LayoutMutation mutation, ReferenceData reference, int seed = Seed)
    {
        var mutated = mutation.Mutate(original.Lines, original.Regions, seed);
        var tablesOf = original.Read.Tables.Count;
        var cellsOf = original.Read.Tables.Sum(t => t.Rows.Sum(r => r.Cells.Count(c => c is not null))) + mutated.Added.Count;
        ReportExtraction read;
        try
        {
            read = ReportExtraction.Read(original.Name, Encoding.UTF8.GetBytes(mutated.Text), reference, ReportReaders.All);
        }
        catch (Domain.AlmanacException e)
        {
            return new MutationScore(original.Name, mutation.Name, 0, tablesOf, 0, cellsOf, 0, 0, original.Findings.Count, 0, e.Message, [], []);
        }
        var lost = new List<string>();
        var invented = new List<string>();

        // The cells the mutation added (a row it printed) are expected as the original's are.
        var originalCells = CellsByOrigin(original.Read.Tables, line => line);
        foreach (var (key, value) in mutated.Added) originalCells[key] = value;
        var mutatedCells = CellsByOrigin(read.Tables, mutated.OriginOf);
        var recovered = 0;
        foreach (var (key, value) in originalCells)
        {
            if (mutatedCells.TryGetValue(key, out var other) && other == value) recovered++;
            else if (lost.Count < 12) lost.Add($"cell {key}: {value} read as {(mutatedCells.TryGetValue(key, out var o) ? o : "nothing")}");
        }
        var wrong = mutatedCells.Count(c => !originalCells.TryGetValue(c.Key, out var value) || value != c.Value);
        foreach (var (key, value) in mutatedCells.Where(c => !originalCells.TryGetValue(c.Key, out var v) || v != c.Value).Take(12)) invented.Add($"cell {key}: {value}");

        var derivedBefore = Derived(original.Read);
        var derivedAfter = Derived(read);
        var before = original.Findings.Select(f => Key(f, line => line, derivedBefore.Contains(f))).ToList();
        var after = Audit(read).Select(f => (Key: Key(f, mutated.OriginOf, derivedAfter.Contains(f)), Detail: Detail(f))).ToList();
        var unmatched = after.Select(a => a.Key).GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
        var kept = 0;
        foreach (var (finding, key) in original.Findings.Zip(before))
        {
            if (unmatched.TryGetValue(key, out var count) && count > 0)
            {
                unmatched[key] = count - 1;
                kept++;
            }
            else if (lost.Count < 24) lost.Add($"finding {key}: {Detail(finding)}");
        }
        var inventedFindings = unmatched.Values.Sum();
        foreach (var (key, detail) in after)
        {
            if (invented.Count >= 24) break;
            if (unmatched.TryGetValue(key, out var count) && count > 0)
            {
                unmatched[key] = count - 1;
                invented.Add($"finding {key}: {detail}");
            }
        }
        var tablesFound = original.Read.Tables.Count(t => read.Tables.Any(m => m.Id == t.Id));
        return new MutationScore(original.Name, mutation.Name, tablesFound, tablesOf, recovered, cellsOf, wrong, kept, original.Findings.Count, inventedFindings, null, lost, invented);
    }

    /// <summary>Every printed cell keyed by table, row line of origin, country and column; a row on a line the mutation inserted keys as line 0.</summary>
    private static Dictionary<string, decimal> CellsByOrigin(IEnumerable<ReportTable> tables, Func<int, int> origin)
    {
        var cells = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            // Several rows of one line (the text's figures: a sentence states several) are told apart by their order on it.
            var onLine = new Dictionary<(int, string), int>();
            foreach (var row in table.Rows)
            {
                var line = origin(row.Line);
                var name = row.Iso3 ?? row.Role.ToString();
                var nth = line > 0 ? onLine[(line, name)] = onLine.GetValueOrDefault((line, name)) + 1 : 1;
                if (nth > 1) name += $"~{nth}";
                for (var c = 0; c < row.Cells.Count && c < table.Columns.Count; c++)
                {
                    if (row.Cells[c] is not { } cell) continue;
                    var key = CellKey(table.Id, line, name, row.Section, table.Columns[c], c);
                    // A key met twice (two rows on inserted lines) keeps the first: the second is counted wrong by its absence.
                    cells.TryAdd(key, cell.Value);
                }
            }
        }
        return cells;
    }

    /// <summary>A cell as the comparison places it: table, row line of origin, country (or row role), part of the table, column heading and index.</summary>
    public static string CellKey(string table, int originLine, string row, string? section, string column, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{table}@{originLine}/{row}/{section}/{column}#{index}");

    private static string Detail(Finding f) => string.Create(CultureInfo.InvariantCulture, $"{f.Message} (computed {f.Computed?.ToString() ?? "none"})");

    /// <summary>The findings of one read that hold a printed figure against what a table's rows establish (see <see cref="ReportAudit.DerivedFacts"/>).</summary>
    private static HashSet<Finding> Derived(ReportExtraction read) =>
        [.. ReportAudit.DerivedFacts(read.Tables.Select(t => (1L, read.Document.Name, t)), read.Observations.Select(o => o with { Provenance = o.Provenance with { SourceId = 1 } }))];

    /// <summary>
    /// A finding as the comparison sees it: table, rule, line of origin, printed and computed values, severity (its message
    /// names lines and text the layout changes). A figure held against a derived one keys without the computed value:
    /// that is the nearest bound the rows allow, which moves when a mutation leaves a row unresolved though the printed
    /// figure is still found wrong at its line; the value stays in the finding's detail.
    /// </summary>
    private static string Key(Finding f, Func<int, int> origin, bool derived) => string.Create(CultureInfo.InvariantCulture,
        $"{f.Table}|{f.Rule}|{(f.Line is { } l ? origin(l) : -1)}|{f.Printed}|{(derived ? "derived" : f.Computed)}|{f.Severity}");
}
