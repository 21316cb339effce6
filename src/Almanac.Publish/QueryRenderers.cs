using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using Spectre.Console;

namespace Almanac.Publish;

/// <summary>
/// Renders query results and rule findings: a terminal pivot table, CSV (long form: one line per cell, a column per
/// dimension then per series, empty for a total) and JSON (<c>{dimensions, series, cells: [{members, values}]}</c>, null
/// for a total or a missing value). Numbers are written in full, with '.' as the decimal separator.
/// </summary>
public static class QueryRenderers
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToCsv(QueryResult result)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', result.Dimensions.Concat(result.Series).Select(Csv)).Append('\n');
        foreach (var cell in result.Cells)
        {
            text.AppendJoin(',', cell.Members.Select(m => Csv(m ?? "")).Concat(cell.Values.Select(Number))).Append('\n');
        }
        return text.ToString();
    }

    public static string ToJson(QueryResult result) => new JsonObject
    {
        ["dimensions"] = new JsonArray([.. result.Dimensions.Select(d => (JsonNode?)d)]),
        ["rowDimensions"] = result.RowDimensionCount,
        ["series"] = new JsonArray([.. result.Series.Select(s => (JsonNode?)s)]),
        ["cells"] = new JsonArray([.. result.Cells.Select(c => (JsonNode?)new JsonObject
        {
            ["members"] = new JsonArray([.. c.Members.Select(m => (JsonNode?)m)]),
            ["values"] = new JsonArray([.. c.Values.Select(v => v is null ? null : (JsonNode?)JsonValue.Create(v.Value))]),
        })]),
    }.ToJsonString(Indented);

    /// <summary>
    /// The result as a grid: row members down the left, a column per column key and series; "Total" where a dimension is
    /// totalled; numbers as <paramref name="language"/> prints them ("1 492", "1 492", "1.492").
    /// </summary>
    public static void WriteTable(IAnsiConsole console, QueryResult result, string language = "en")
    {
        var pivot = QueryPivot.Of(result);
        var split = result.RowDimensionCount;
        var grid = new Table { Border = TableBorder.Simple };
        foreach (var dimension in result.Dimensions.Take(split)) grid.AddColumn(new TableColumn(Markup.Escape(dimension)).NoWrap());
        if (split == 0) grid.AddColumn(new TableColumn(""));
        foreach (var column in pivot.ColumnKeys)
        {
            foreach (var series in result.Series)
            {
                var heading = string.Join(" ", column.Select(m => m ?? "Total"));
                if (result.Series.Count > 1 || heading.Length == 0) heading = (heading + " " + series).Trim();
                grid.AddColumn(new TableColumn(Markup.Escape(heading)).RightAligned());
            }
        }
        foreach (var row in pivot.RowKeys)
        {
            var isTotal = row.Any(m => m is null);
            var style = isTotal ? "bold" : "default";
            var cells = new List<string>();
            cells.AddRange(split == 0 ? [""] : row.Select(m => Markup.Escape(m ?? "Total")));
            foreach (var column in pivot.ColumnKeys)
            {
                var cell = pivot.At(row, column);
                for (var s = 0; s < result.Series.Count; s++) cells.Add(Markup.Escape(Display(cell?.Values[s], result.Series[s], language)));
            }
            grid.AddRow([.. cells.Select(c => $"[{style}]{c}[/]")]);
        }
        console.WriteFitted(grid, Math.Max(split, 1));
    }

    /// <summary>
    /// The result as the grid the terminal table shows, for the pivot page and its XLSX download: a text column per row
    /// dimension, then a number column per column key and series ("F", "M", "Total"; "F share:sex" with several series);
    /// "Total" where a dimension is totalled. A share or yoy% is a percentage, a pp: change a change in points.
    /// </summary>
    public static DataSheet ToSheet(QueryResult result, string title)
    {
        ArgumentNullException.ThrowIfNull(result);
        var pivot = QueryPivot.Of(result);
        var split = result.RowDimensionCount;
        var columns = new List<DataColumn>();
        columns.AddRange(split == 0 ? [new DataColumn("")] : result.Dimensions.Take(split).Select(d => new DataColumn(d)));
        foreach (var column in pivot.ColumnKeys)
        {
            foreach (var series in result.Series)
            {
                var heading = string.Join(" ", column.Select(m => m ?? "Total"));
                if (result.Series.Count > 1 || heading.Length == 0) heading = (heading + " " + series).Trim();
                columns.Add(new DataColumn(heading, KindOf(series)));
            }
        }
        var rows = new List<IReadOnlyList<DataCell>>();
        foreach (var row in pivot.RowKeys)
        {
            var cells = new List<DataCell>();
            cells.AddRange(split == 0 ? [DataCell.Of("")] : row.Select(m => DataCell.Of(m ?? "Total")));
            foreach (var column in pivot.ColumnKeys)
            {
                var cell = pivot.At(row, column);
                for (var s = 0; s < result.Series.Count; s++) cells.Add(DataCell.Of(cell?.Values[s]));
            }
            rows.Add(cells);
        }
        return new DataSheet("query", title, columns, rows);
    }

    /// <summary>How a series' values read: a share or yoy% in per cent, a pp: change in points, anything else a count.</summary>
    public static CellKind KindOf(string series) =>
        series.StartsWith("share:", StringComparison.Ordinal) || series == "yoy%" ? CellKind.Percent
        : series.StartsWith("pp:", StringComparison.Ordinal) ? CellKind.PercentagePointChange
        : CellKind.Count;

    /// <summary>One line per finding, then the counts by severity.</summary>
    public static void WriteFindings(IAnsiConsole console, IReadOnlyCollection<RuleFinding> findings)
    {
        foreach (var f in findings)
        {
            var colour = f.Severity switch { RuleSeverity.Error => "red", RuleSeverity.Warning => "yellow", _ => "grey" };
            console.MarkupLineInterpolated($"[{colour}]{f.Severity.ToString().ToLowerInvariant()}[/] [bold]{f.RuleId}[/]: {f.Message}");
        }
        console.MarkupLineInterpolated($"{findings.Count} rule findings ({findings.Count(f => f.Severity == RuleSeverity.Error)} errors, {findings.Count(f => f.Severity == RuleSeverity.Warning)} warnings, {findings.Count(f => f.Severity == RuleSeverity.Information)} notes).");
    }

    public static string FindingsToJson(IEnumerable<RuleFinding> findings) =>
        new JsonArray([.. findings.Select(f => (JsonNode?)new JsonObject
        {
            ["rule"] = f.RuleId,
            ["severity"] = f.Severity.ToString().ToLowerInvariant(),
            ["at"] = new JsonObject(f.At.Select(a => KeyValuePair.Create(a.Dimension, (JsonNode?)a.Member))),
            ["left"] = f.Left,
            ["right"] = f.Right,
            ["message"] = f.Message,
        })]).ToJsonString(Indented);

    /// <summary>A value as every command prints numbers (<see cref="NumberFormat"/>: "1 492", "50%", "+1"); ratios keep four decimals.</summary>
    private static string Display(decimal? value, string series, string language)
    {
        if (value is not { } v) return "";
        if (series.StartsWith("share:", StringComparison.Ordinal) || series == "yoy%") return NumberFormat.Format(new Cell(v, CellKind.Percent), language);
        if (series.StartsWith("pp:", StringComparison.Ordinal)) return NumberFormat.Format(new Cell(v, CellKind.PercentagePointChange), language);
        if (series == "yoy") return (v > 0 ? "+" : "") + NumberFormat.Count(v, language);
        return series.StartsWith("ratio:", StringComparison.Ordinal) ? NumberFormat.Count(v, language, 4) : NumberFormat.Count(v, language);
    }

    private static string Number(decimal? value) => value is { } v ? (v / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) : "";

    /// <summary>A text cell: kept from running as a spreadsheet formula, then quoted when it holds a comma, quote or line break.</summary>
    private static string Csv(string text)
    {
        text = SpreadsheetText.Cell(text);
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? '"' + text.Replace("\"", "\"\"", StringComparison.Ordinal) + '"' : text;
    }
}
