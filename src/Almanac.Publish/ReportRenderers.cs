using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Almanac.Domain.Publishing;
using Almanac.Domain.Reports;
using Almanac.Domain.Reports.Statements;
using Almanac.Domain.Tables;
using Spectre.Console;

namespace Almanac.Publish;

/// <summary>
/// Renders rebuilt report tables and audit findings. The JSON shapes are a contract other tools read: keep the field
/// names (tables: source, table, title, year, lines, columns, rows[label, iso3, cells, inferred]; findings: source,
/// table, line, rule, printed, computed, severity, message; statements: source, paragraph, line, year, subject, count,
/// qualifier, percent, base, parent_line, text).
/// </summary>
public static class ReportRenderers
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string TablesToJson(IEnumerable<(string Source, ReportTable Table)> tables)
    {
        var array = new JsonArray();
        foreach (var (source, table) in tables)
        {
            var rows = new JsonArray();
            foreach (var row in table.Rows)
            {
                var cells = new JsonObject();
                var inferred = new JsonArray();
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    var cell = row.Cells[c];
                    cells[table.Columns[c]] = cell is { } v ? JsonValue.Create(v.Value) : null;
                    if (cell is { Inferred: true }) inferred.Add(table.Columns[c]);
                }
                rows.Add(new JsonObject { ["label"] = row.Label, ["iso3"] = row.Iso3, ["cells"] = cells, ["inferred"] = inferred });
            }
            array.Add(new JsonObject
            {
                ["source"] = source,
                ["table"] = table.Id,
                ["title"] = table.Title,
                ["year"] = table.Year,
                ["lines"] = new JsonArray(table.Lines.First, table.Lines.Last),
                ["columns"] = new JsonArray([.. table.Columns.Select(c => (JsonNode?)JsonValue.Create(c))]),
                ["rows"] = rows,
            });
        }
        return array.ToJsonString(Indented);
    }

    public static string FindingsToJson(IEnumerable<Finding> findings) =>
        new JsonArray([.. findings.Select(f => (JsonNode?)new JsonObject
        {
            ["source"] = f.Source,
            ["table"] = f.Table,
            ["line"] = f.Line,
            ["rule"] = f.Rule,
            ["printed"] = f.Printed,
            ["computed"] = f.Computed,
            ["severity"] = f.Severity.ToString().ToLowerInvariant(),
            ["message"] = f.Message,
        })]).ToJsonString(Indented);

    /// <summary>The office statements as the JSON contract: null for what a statement does not give.</summary>
    public static string StatementsToJson(IEnumerable<(string Source, OfficeStatement Statement)> statements) =>
        new JsonArray([.. statements.Select(x => (JsonNode?)new JsonObject
        {
            ["source"] = x.Source,
            ["paragraph"] = x.Statement.Paragraph,
            ["line"] = x.Statement.Line,
            ["year"] = x.Statement.Year,
            ["subject"] = x.Statement.Subject,
            ["count"] = x.Statement.Count,
            ["qualifier"] = OfficeStatement.QualifierName(x.Statement.Qualifier),
            ["percent"] = x.Statement.Percent,
            ["base"] = x.Statement.Base,
            ["parent_line"] = x.Statement.ParentLine,
            ["text"] = x.Statement.Text,
        })]).ToJsonString(Indented);

    /// <summary>One line per statement, wrapping rather than cut at any width: where, the year, the figure, what it refines, the subject.</summary>
    public static void WriteStatements(IAnsiConsole console, IReadOnlyCollection<(string Source, OfficeStatement Statement)> statements)
    {
        foreach (var (source, s) in statements)
        {
            var paragraph = s.Paragraph is { } p ? $" ¶{p}" : "";
            var baseText = s.Base is { } b ? $" of {b}" : "";
            var refines = s.ParentLine is { } parent ? $" [grey]({s.Role.ToString().ToLowerInvariant()} of line {parent})[/]" : "";
            console.MarkupLine($"{Markup.Escape(source)}:{s.Line}{paragraph} {s.Year} [bold]{Markup.Escape(s.Figure)}{baseText}[/]{refines} {Markup.Escape(s.Subject)}");
        }
        console.MarkupLineInterpolated($"{statements.Count} statements about offices.");
    }

    /// <summary>The tables as terminal tables, each titled with its source and lines; inferred cells are marked with "~".</summary>
    public static void WriteTables(IAnsiConsole console, IEnumerable<(string Source, ReportTable Table)> tables)
    {
        foreach (var (source, table) in tables)
        {
            var grid = new Table
            {
                Title = new TableTitle($"{Markup.Escape(table.Title)} [grey]({Markup.Escape(source)}, {table.Lines}, id {Markup.Escape(table.Id)})[/]"),
                Border = TableBorder.Simple,
            };
            grid.AddColumn(new TableColumn("").NoWrap());
            foreach (var column in table.Columns) grid.AddColumn(new TableColumn(Markup.Escape(column)).RightAligned());
            foreach (var row in table.Rows)
            {
                var style = row.Role == RowRole.Total ? "bold" : "default";
                grid.AddRow([$"[{style}]{Markup.Escape(row.Label)}[/]", .. row.Cells.Select(c => $"[{style}]{Markup.Escape(FormatCell(c, row.Kind))}[/]")]);
            }
            console.WriteFitted(grid);
            foreach (var unresolved in table.Unresolved)
            {
                console.MarkupLineInterpolated($"[yellow]unresolved line {unresolved.Line}:[/] {unresolved.Reason}");
            }
            console.WriteLine();
        }
    }

    /// <summary>One line per finding: where, which rule, what.</summary>
    public static void WriteFindings(IAnsiConsole console, IReadOnlyCollection<Finding> findings)
    {
        foreach (var f in findings)
        {
            var colour = f.Severity switch { FindingSeverity.Error => "red", FindingSeverity.Warning => "yellow", _ => "grey" };
            console.MarkupLineInterpolated($"[{colour}]{f.Severity.ToString().ToLowerInvariant()}[/] {f.Source}{(f.Line is null ? "" : $":{f.Line}")} [bold]{f.Table}[/] {f.Rule}: {f.Message}");
        }
        var errors = findings.Count(f => f.Severity == FindingSeverity.Error);
        console.MarkupLineInterpolated($"{findings.Count} findings ({errors} errors, {findings.Count(f => f.Severity == FindingSeverity.Warning)} warnings, {findings.Count(f => f.Severity == FindingSeverity.Info)} notes).");
    }

    private static string FormatCell(ReportCell? cell, CellKind kind)
    {
        if (cell is not { } c) return "";
        var text = NumberFormat.Format(new Cell(c.Value, kind));
        return c.Inferred ? "~" + text : text;
    }
}
