using System.CommandLine;
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
        var rows = new Option<string[]>("--rows") { Description = "Dimensions down the rows, outermost first: --rows category,grade; levels too: grade.category, nationality.region, nationality.subregion, nationality.membership (member or non-member in each year), office.region.", AllowMultipleArgumentsPerToken = true };
        var columns = new Option<string[]>("--columns") { Description = "Dimensions across the columns: --columns sex.", AllowMultipleArgumentsPerToken = true };
        var years = new Option<string[]>("--year") { Description = "Years: 2023, 2021,2023 or 2014-2023 (repeatable); all years when left out.", AllowMultipleArgumentsPerToken = true };
        var where = new Option<string[]>("--where") { Description = "Keep members: --where category=PH, --where sex=F, --where grade=P-5|D-1, --where nationality.region=Europe, --where nationality.membership=member, --where migof.strategic_plan=objective-1 (the MiGOF nodes a Strategic Plan node continues, through the frameworks' crosswalk) (repeatable)." };
        var totals = new Option<bool>("--totals") { Description = "Add totals and sub-totals along rows and columns (rows category,grade: a sub-total per category)." };
        var show = new Option<string[]>("--show") { Description = "Indicators beside each value: share:DIM (% of the total over DIM), pp:DIM[:YEAR] (change in percentage points), yoy, yoy%, ratio:MEASURE, distinct:DIM (how many members of DIM have a non-zero value in the cell, counted again in totals: distinct:nationality is the nationalities represented).", AllowMultipleArgumentsPerToken = true };
        var top = new Option<string?>("--top") { Description = "DIM:N keeps the N largest members of DIM, largest first, and adds up the rest as Others." };
        var format = new Option<QueryFormat>("--format") { Description = "table, csv or json.", DefaultValueFactory = _ => QueryFormat.Table };
        var language = LanguageOption.Create("the table's numbers (CSV and JSON keep plain numbers)");
        var command = new Command("query", "Pivot the stored observations: measures × rows × columns, filtered, with totals and indicators.")
        {
            measures, rows, columns, years, where, totals, show, top, format, language,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var lang = LanguageOption.Read(parse, language);
            var query = new PivotQueryText(
                parse.GetValue(measures) ?? [], parse.GetValue(rows) ?? [], parse.GetValue(columns) ?? [], parse.GetValue(years) ?? [],
                parse.GetValue(where) ?? [], parse.GetValue(totals), parse.GetValue(show) ?? [], parse.GetValue(top)).ToQuery();
            await using var store = await context.OpenStoreAsync(parse, cancellationToken);
            var result = await new QueryEngine(store).RunAsync(query, cancellationToken);
            if (result.Cells.All(c => c.Values.All(v => v is null)))
            {
                var asked = parse.GetValue(years) is { Length: > 0 } given ? $" in {string.Join(", ", given)}" : "";
                throw new AlmanacException($"no stored observation of {string.Join(", ", query.Measures)}{asked} matches the query: there is nothing to show.");
            }
            switch (parse.GetValue(format))
            {
                case QueryFormat.Csv:
                    context.Console.Profile.Out.Writer.Write(QueryRenderers.ToCsv(result));
                    break;
                case QueryFormat.Json:
                    context.Console.Profile.Out.Writer.WriteLine(QueryRenderers.ToJson(result));
                    break;
                default:
                    QueryRenderers.WriteTable(context.Console, result, lang);
                    break;
            }
            return 0;
        });
        return command;
    }
}
