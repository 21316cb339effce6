using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Almanac.Domain;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using CsvHelper;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Almanac.Publish;

/// <summary>Formats the tables can be written in.</summary>
public enum TableFormat
{
    Text,
    Csv,
    Json,
}

/// <summary>Renders statistical tables to a terminal, to CSV (one file per table) and to JSON.</summary>
public static class TableRenderers
{
    /// <summary>A readable terminal table per <see cref="StatTable"/> (in column groups when wider than the console), with its notes and findings beneath.</summary>
    public static void WriteText(IAnsiConsole console, IEnumerable<StatTable> tables)
    {
        foreach (var table in tables)
        {
            var grid = new Table { Title = new TableTitle(Markup.Escape(table.Title), new Style(decoration: Decoration.Bold)), Border = TableBorder.Simple };
            grid.AddColumn(new TableColumn(Markup.Escape(table.StubHeader)).NoWrap());
            foreach (var column in table.Columns) grid.AddColumn(new TableColumn(Markup.Escape(column)).RightAligned());
            foreach (var row in table.Rows)
            {
                if (row.Role == RowRole.SectionHeading)
                {
                    grid.AddRow([new Markup($"[bold]{Markup.Escape(row.Label)}[/]"), .. table.Columns.Select(_ => (IRenderable)Text.Empty)]);
                    continue;
                }
                var style = row.Role == RowRole.Total ? new Style(decoration: Decoration.Bold) : Style.Plain;
                grid.AddRow([new Text(row.Label, style), .. row.Cells.Select(c => (IRenderable)new Text(NumberFormat.Format(c), style))]);
            }
            console.WriteFitted(grid);
            foreach (var note in table.Notes) console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
            foreach (var finding in table.Findings)
            {
                var where = finding.Source is null ? null : finding.Line is { } line ? $"{finding.Source}, line {line}" : finding.Source;
                console.MarkupLine($"[yellow]Finding ({Markup.Escape(finding.Rule)}):[/] {Markup.Escape(finding.Message)}{(where is null ? "" : $" [grey]({Markup.Escape(where)})[/]")}");
            }
            console.WriteLine();
        }
    }

    /// <summary>The table as CSV: stub, ISO3 code, then the table's columns; numbers plain, empty cells empty.</summary>
    public static void WriteCsv(TextWriter writer, StatTable table)
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        csv.WriteField(SpreadsheetText.Cell(table.StubHeader.Length == 0 ? "row" : table.StubHeader));
        csv.WriteField("iso3");
        foreach (var column in table.Columns) csv.WriteField(SpreadsheetText.Cell(column));
        csv.NextRecord();
        foreach (var row in table.Rows.Where(r => r.Role != RowRole.SectionHeading))
        {
            csv.WriteField(SpreadsheetText.Cell(row.Label));
            csv.WriteField(SpreadsheetText.Cell(row.Iso3));
            foreach (var cell in row.Cells) csv.WriteField(cell.NotApplicable ? "N/A" : cell.Value?.ToString(CultureInfo.InvariantCulture) ?? "");
            csv.NextRecord();
        }
    }

    /// <summary>All tables as one JSON array: columns, rows with cells keyed by column (numbers or null), notes, findings (with their source and line).</summary>
    public static string ToJson(IEnumerable<StatTable> tables)
    {
        var array = new JsonArray();
        foreach (var table in tables)
        {
            var rows = new JsonArray();
            var section = "";
            foreach (var row in table.Rows)
            {
                if (row.Role == RowRole.SectionHeading)
                {
                    section = row.Label;
                    continue;
                }
                var cells = new JsonObject();
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    var cell = row.Cells[i];
                    cells[table.Columns[i]] = cell.NotApplicable ? "N/A" : cell.Value is { } v ? JsonValue.Create(v) : null;
                }
                rows.Add(new JsonObject
                {
                    ["label"] = row.Label,
                    ["iso3"] = row.Iso3,
                    ["role"] = row.Role.ToString().ToLowerInvariant(),
                    ["section"] = section.Length == 0 ? null : section,
                    ["cells"] = cells,
                });
            }
            array.Add(new JsonObject
            {
                ["id"] = table.Id,
                ["title"] = table.Title,
                ["columns"] = new JsonArray([.. table.Columns.Select(c => (JsonNode?)JsonValue.Create(c))]),
                ["rows"] = rows,
                ["notes"] = new JsonArray([.. table.Notes.Select(n => (JsonNode?)JsonValue.Create(n))]),
                ["findings"] = new JsonArray([.. table.Findings.Select(f => (JsonNode?)new JsonObject
                {
                    ["rule"] = f.Rule,
                    ["message"] = f.Message,
                    ["printed"] = f.Printed,
                    ["computed"] = f.Computed,
                    ["source"] = f.Source,
                    ["line"] = f.Line,
                })]),
            });
        }
        return array.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>Writes each table as DIR/&lt;id&gt;.csv and all of them as DIR/annexes.json; returns the files written.</summary>
    public static IReadOnlyList<string> WriteFiles(string directory, IReadOnlyList<StatTable> tables)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        var utf8 = new UTF8Encoding(false);
        foreach (var table in tables)
        {
            var path = Path.Combine(directory, table.Id + ".csv");
            using (var writer = new StreamWriter(path, false, utf8) { NewLine = "\n" })
            {
                WriteCsv(writer, table);
            }
            files.Add(path);
        }
        var json = Path.Combine(directory, "annexes.json");
        File.WriteAllText(json, ToJson(tables) + "\n", utf8);
        files.Add(json);
        return files;
    }
}
