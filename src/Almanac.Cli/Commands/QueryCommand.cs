using System.CommandLine;
using System.Globalization;
using Almanac.Analytics.Query;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Publish;

namespace Almanac.Cli.Commands;

/// <summary>almanac query: a pivot query over the stored observations, as a terminal table, CSV or JSON.</summary>
public static class QueryCommand
{
    /// <summary>Output formats of 'query'.</summary>
    public enum QueryFormat
    {
        Table,
        Csv,
        Json,
    }

    public static Command Create(CommandContext context)
    {
        var measures = new Argument<string[]>("MEASURE") { Description = "One or more measures (staff.headcount …).", Arity = ArgumentArity.OneOrMore };
        var rows = new Option<string[]>("--rows") { Description = "Dimensions down the rows, outermost first: --rows category,grade.", AllowMultipleArgumentsPerToken = true };
        var columns = new Option<string[]>("--columns") { Description = "Dimensions across the columns: --columns sex.", AllowMultipleArgumentsPerToken = true };
        var years = new Option<string[]>("--year") { Description = "Years: 2023, 2021,2023 or 2014-2023 (repeatable); all years when left out.", AllowMultipleArgumentsPerToken = true };
        var where = new Option<string[]>("--where") { Description = "Keep members: --where category=PH, --where sex=F, --where grade=P-5|D-1, --where nationality.region=Europe (repeatable)." };
        var totals = new Option<bool>("--totals") { Description = "Add totals and sub-totals along rows and columns (rows category,grade: a sub-total per category)." };
        var show = new Option<string[]>("--show") { Description = "Indicators beside each value: share:DIM (% of the total over DIM), pp:DIM[:YEAR] (change in percentage points), yoy, yoy%, ratio:MEASURE.", AllowMultipleArgumentsPerToken = true };
        var top = new Option<string?>("--top") { Description = "DIM:N keeps the N largest members of DIM and adds up the rest as Others." };
        var format = new Option<QueryFormat>("--format") { Description = "table, csv or json.", DefaultValueFactory = _ => QueryFormat.Table };
        var command = new Command("query", "Pivot the stored observations: measures × rows × columns, filtered, with totals and indicators.")
        {
            measures, rows, columns, years, where, totals, show, top, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var query = Parse(
                parse.GetValue(measures) ?? [], parse.GetValue(rows) ?? [], parse.GetValue(columns) ?? [], parse.GetValue(years) ?? [],
                parse.GetValue(where) ?? [], parse.GetValue(totals), parse.GetValue(show) ?? [], parse.GetValue(top));
            await using var store = await context.OpenStoreAsync(parse, cancellationToken);
            var result = await new QueryEngine(store).RunAsync(query, cancellationToken);
            switch (parse.GetValue(format))
            {
                case QueryFormat.Csv:
                    context.Console.Profile.Out.Writer.Write(QueryRenderers.ToCsv(result));
                    break;
                case QueryFormat.Json:
                    context.Console.Profile.Out.Writer.WriteLine(QueryRenderers.ToJson(result));
                    break;
                default:
                    QueryRenderers.WriteTable(context.Console, result);
                    break;
            }
            return 0;
        });
        return command;
    }

    /// <summary>The query the options describe; lists may be given comma-separated or repeated.</summary>
    public static PivotQuery Parse(string[] measures, string[] rows, string[] columns, string[] years, string[] where, bool totals, string[] show, string? top)
    {
        var filters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var condition in where)
        {
            var eq = condition.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == condition.Length - 1) throw new AlmanacException($"--where '{condition}': write DIMENSION=MEMBER or DIMENSION=A|B.");
            var dimension = condition[..eq].Trim();
            var members = condition[(eq + 1)..].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            filters[dimension] = filters.TryGetValue(dimension, out var existing) ? [.. existing.Intersect(members)] : members;
        }
        TopN? topN = null;
        if (top is not null)
        {
            var colon = top.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(top[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                throw new AlmanacException($"--top '{top}': write DIMENSION:N, e.g. nationality:10.");
            }
            topN = new TopN(top[..colon], n);
        }
        return new PivotQuery([.. List(measures)], [.. List(rows)], [.. List(columns)], filters, Years(years), totals, [.. List(show).Select(Indicator.Parse)], topN);
    }

    private static IEnumerable<string> List(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    private static List<int> Years(IEnumerable<string> values)
    {
        var years = new SortedSet<int>();
        foreach (var value in List(values))
        {
            var dash = value.IndexOf('-', 1);
            var (from, to) = dash > 0 ? (value[..dash], value[(dash + 1)..]) : (value, value);
            if (!int.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var first) || !int.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out var last) || last < first || last - first > 500)
            {
                throw new AlmanacException($"--year '{value}': write 2023, 2021,2023 or 2014-2023.");
            }
            for (var year = first; year <= last; year++) years.Add(year);
        }
        return [.. years];
    }
}
