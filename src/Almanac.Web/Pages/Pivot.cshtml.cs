using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using Almanac.Publish;
using Almanac.Publish.Publications.Charts;
using Almanac.Store.Facts;
using Almanac.Web.Api;
using Almanac.Web.Localization;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Almanac.Web.Pages;

/// <summary>
/// A pivot over the fact table for whoever may see results: a measure, the dimensions down the rows and across the
/// columns, filters and years, read by the same <see cref="PivotQueryText"/> as <c>almanac query</c> and <c>GET /api/query</c>;
/// the grid, a chart of it and its downloads. A bad field is a message naming it, on the page.
/// </summary>
public sealed class PivotModel(PlatformService platform, IStringLocalizer<UiText> text) : PageModel
{
    /// <summary>The most filters a query takes from the page.</summary>
    public const int MaxFilters = 5;

    /// <summary>The longest text a field takes: a measure or a list of dimensions is far shorter.</summary>
    public const int MaxFieldLength = 200;

    /// <summary>The most rows the chart draws (the table shows them all); a chart of more is unreadable.</summary>
    public const int MaxChartCategories = 40;

    /// <summary>The most series (column members) the chart draws: the palette tells eight apart.</summary>
    public const int MaxChartSeries = 8;

    [BindProperty(SupportsGet = true)] public string? Measure { get; set; }
    [BindProperty(SupportsGet = true)] public string? Rows { get; set; }
    [BindProperty(SupportsGet = true)] public string? Columns { get; set; }
    [BindProperty(SupportsGet = true)] public string? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string[] Where { get; set; } = [];
    [BindProperty(SupportsGet = true)] public bool Totals { get; set; }

    public IReadOnlyList<MeasureInfo> Measures { get; private set; } = [];
    public DataSheet? Sheet { get; private set; }
    public string Chart { get; private set; } = "";
    public string? ChartNote { get; private set; }
    public string? Error { get; private set; }

    /// <summary>The filter inputs: those given, then empty ones up to <see cref="MaxFilters"/>.</summary>
    public IReadOnlyList<string> FilterInputs => [.. Where.Concat(Enumerable.Repeat("", Math.Max(0, MaxFilters - Where.Length))).Take(Math.Max(MaxFilters, Where.Length))];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var account = CurrentAccount.Required(User);
        Measures = await platform.MeasuresAsync(account, cancellationToken);
        if (string.IsNullOrWhiteSpace(Measure)) return;
        try
        {
            var query = Read();
            var result = await platform.QueryAsync(account, query, cancellationToken);
            if (result.Cells.All(c => c.Values.All(v => v is null)))
            {
                Error = string.IsNullOrWhiteSpace(Year) ? text["Pivot.NoObservation", Measure] : text["Pivot.NoObservationIn", Measure, Year];
                return;
            }
            Sheet = QueryRenderers.ToSheet(result, QueryApi.Title([Measure!], [Year ?? ""]));
            (Chart, ChartNote) = ChartOf(Sheet, result.RowDimensionCount);
        }
        catch (AlmanacException e) when (e is not AccessDeniedException)
        {
            Error = RefusalText.Say(e, text);
        }
    }

    /// <summary>The fields as the query's text, each held to its bound first (the message names the field).</summary>
    private PivotQueryText Read()
    {
        foreach (var (field, value) in new[] { ("measure", Measure), ("rows", Rows), ("columns", Columns), ("year", Year) }.Concat(Where.Select(w => ("where", (string?)w))))
        {
            if (value?.Length > MaxFieldLength) throw new AlmanacException(text["Pivot.TooLong", field, MaxFieldLength, value.Length]);
        }
        var filters = Where.Where(w => !string.IsNullOrWhiteSpace(w)).ToList();
        if (filters.Count > MaxFilters) throw new AlmanacException(text["Pivot.TooManyFilters", MaxFilters, filters.Count]);
        return new PivotQueryText([Measure!], Items(Rows), Items(Columns), Items(Year), filters, Totals) { OptionPrefix = "" };
    }

    private static string[] Items(string? text) => string.IsNullOrWhiteSpace(text) ? [] : [text];

    /// <summary>The download of the query's result: the long CSV of <c>almanac query</c>, or the grid as XLSX.</summary>
    public string ExportLink(string format)
    {
        var parameters = new List<KeyValuePair<string, string?>> { new("measure", Measure) };
        if (!string.IsNullOrWhiteSpace(Rows)) parameters.Add(new("rows", Rows));
        if (!string.IsNullOrWhiteSpace(Columns)) parameters.Add(new("columns", Columns));
        if (!string.IsNullOrWhiteSpace(Year)) parameters.Add(new("year", Year));
        parameters.AddRange(Where.Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => new KeyValuePair<string, string?>("where", w)));
        if (Totals) parameters.Add(new("totals", "true"));
        parameters.Add(new("format", format));
        return QueryHelpers.AddQueryString("/api/query/", parameters);
    }

    /// <summary>
    /// Bars of the grid: a category per row (totals left out, which would dwarf their parts), a series per column member
    /// of the first series' kind; bounded to what a chart can show, and saying so when it leaves rows or columns out.
    /// </summary>
    private (string Svg, string? Note) ChartOf(DataSheet sheet, int rowDimensions)
    {
        var labels = Math.Max(rowDimensions, 1);
        var kind = sheet.Columns.Skip(labels).FirstOrDefault()?.Kind ?? CellKind.Count;
        var series = sheet.Columns.Select((c, i) => (Column: c, Index: i)).Skip(labels)
            .Where(c => c.Column.Kind == kind && !c.Column.Name.Split(' ').Contains("Total", StringComparer.Ordinal)).ToList();
        // Only totals (no column dimension, --totals): the one column is the value itself.
        if (series.Count == 0) series = [.. sheet.Columns.Select((c, i) => (Column: c, Index: i)).Skip(labels).Where(c => c.Column.Kind == kind).Take(1)];
        var rows = sheet.Rows.Where(r => r.Take(labels).All(c => c.Text != "Total")).ToList();
        if (rows.Count == 0 || series.Count == 0) return ("", null);
        var drawn = rows.Take(MaxChartCategories).ToList();
        var columns = series.Take(MaxChartSeries).ToList();
        var chart = new ChartBlock("pivot", sheet.Title, ChartKind.GroupedBar,
            [.. drawn.Select(r => string.Join(" · ", r.Take(labels).Select(c => c.Text)))],
            [.. columns.Select(c => new ChartSeries(c.Column.Name.Length == 0 ? text["Pivot.Value"] : c.Column.Name, [.. drawn.Select(r => r[c.Index].Number)]))],
            kind, text["Pivot.ChartNote", sheet.Title, string.Join(", ", columns.Select(c => c.Column.Name)), string.Join(", ", sheet.Columns.Take(labels).Select(c => c.Name))]);
        string? note = (rows.Count > drawn.Count, series.Count > columns.Count) switch
        {
            (true, true) => text["Pivot.ChartRowsAndColumns", drawn.Count, rows.Count, columns.Count, series.Count].Value,
            (true, false) => text["Pivot.ChartRows", drawn.Count, rows.Count].Value,
            (false, true) => text["Pivot.ChartColumns", columns.Count, series.Count].Value,
            _ => null,
        };
        return (SvgChart.Render(chart, UiLanguages.Current), note);
    }
}
