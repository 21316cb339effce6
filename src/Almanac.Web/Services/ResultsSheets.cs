using Almanac.Domain.Platform;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;

namespace Almanac.Web.Services;

/// <summary>
/// The results page's tables as <see cref="DataSheet"/>s for download (CSV one table a file, XLSX all in one workbook):
/// participation by region, every answer by region, the indicators by framework node, and the text answers. Labels are
/// the names people read (region and question text) beside the ids a script keys on; counts, shares in per cent and sums
/// are numbers.
/// </summary>
public static class ResultsSheets
{
    /// <summary>The tables, by the id that names them in the API (<c>table=</c>) and in file and sheet names.</summary>
    public static IReadOnlyList<string> Tables { get; } = ["participation", "answers", "indicators", "text-answers"];

    /// <summary>A year's results as the account may see them (<see cref="PlatformService.ResultsAsync"/>), as the tables for download.</summary>
    public static async Task<IReadOnlyList<DataSheet>> ForAsync(PlatformService platform, Account account, int year, string? region, string? node, string? framework,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var view = await platform.ResultsAsync(account, year, region, node, framework, cancellationToken);
        var questionnaire = await platform.QuestionnaireAsync(year, cancellationToken);
        var names = (await platform.OfficesAsync(cancellationToken)).ToDictionary(o => o.Code, o => o.Name, StringComparer.Ordinal);
        return Of(view, questionnaire, code => names.GetValueOrDefault(code, code), await platform.FrameworksAsync(cancellationToken));
    }

    /// <summary>"results-2023-answers.csv", "results-2023-RO-DAK.xlsx": the year, the region when one is chosen, the table when one.</summary>
    public static string FileName(int year, string? region, string? table, string extension)
    {
        var name = $"results-{year}" + (string.IsNullOrEmpty(region) ? "" : "-" + region) + (table is null ? "" : "-" + table);
        return new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]) + "." + extension;
    }

    /// <param name="regionName">The region's name from its code (its regional office's name).</param>
    /// <param name="frameworks">The frameworks, for the names of the indicators' nodes.</param>
    public static IReadOnlyList<DataSheet> Of(YearResults view, Questionnaire questionnaire, Func<string, string> regionName, IReadOnlyList<Framework> frameworks)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(questionnaire);
        var r = view.Results;
        var regions = r.ByRegion.Select(p => p.Region!).ToList();
        string Question(string id) => questionnaire.Question(id)?.Text ?? id;

        var participation = new DataSheet("participation", $"Participation by region, {r.Year}",
            [new("region"), new("region name"), new("offices", CellKind.Count), new("responded", CellKind.Count), new("responded (%)", CellKind.Percent), new("approved", CellKind.Count)],
            [.. r.ByRegion.Append(r.Overall).Select(p => (IReadOnlyList<DataCell>)[
                DataCell.Of(p.Region ?? ""), DataCell.Of(p.Region is null ? "All regions" : regionName(p.Region)),
                DataCell.Of(p.Responded.Of), DataCell.Of(p.Responded.Count), DataCell.Of(p.Responded.Percent), DataCell.Of(p.Approved)])]);

        var sums = r.Answers.Any(a => a.Sum is not null);
        List<DataColumn> answerColumns =
        [
            new("question"), new("question text"), new("answer"), new("offices", CellKind.Count), new("approved offices", CellKind.Count),
            new("offices (%)", CellKind.Percent), .. sums ? new DataColumn[] { new("sum", CellKind.Count), new("left out of range", CellKind.Count) } : [],
        ];
        foreach (var region in regions)
        {
            answerColumns.Add(new($"{regionName(region)}: offices", CellKind.Count));
            answerColumns.Add(new($"{regionName(region)}: offices (%)", CellKind.Percent));
            if (sums) answerColumns.Add(new($"{regionName(region)}: sum", CellKind.Count));
        }
        var answers = new DataSheet("answers", $"Answers of the approved submissions, {r.Year}", answerColumns,
            [.. r.Answers.Select(a =>
            {
                List<DataCell> row = [DataCell.Of(a.Question), DataCell.Of(Question(a.Question)), DataCell.Of(a.Answer), DataCell.Of(a.Overall.Count), DataCell.Of(a.Overall.Of), DataCell.Of(a.Overall.Percent)];
                if (sums) row.AddRange([DataCell.Of(a.Sum), DataCell.Of(a.Sum is null ? null : a.OutOfRange)]);
                foreach (var region in regions)
                {
                    var share = a.ByRegion[region];
                    row.AddRange([DataCell.Of(share.Count), DataCell.Of(share.Percent)]);
                    if (sums) row.Add(DataCell.Of(a.Sum is null ? null : a.SumByRegion.GetValueOrDefault(region)));
                }
                return (IReadOnlyList<DataCell>)row;
            })]);

        var framework = frameworks.FirstOrDefault(f => f.Id == view.Framework);
        List<DataColumn> indicatorColumns =
        [
            new("framework"), new("node"), new("node title"), new("indicator"), new("indicator title"),
            new($"{r.Year}: offices", CellKind.Count), new($"{r.Year}: of", CellKind.Count), new($"{r.Year} (%)", CellKind.Percent),
            new("previous year", CellKind.Count), new("previous: offices", CellKind.Count), new("previous: of", CellKind.Count), new("previous (%)", CellKind.Percent),
            new("baseline year", CellKind.Count), new("baseline: offices", CellKind.Count), new("baseline (%)", CellKind.Percent), new("baseline qualifier"), new("baseline report"), new("baseline line", CellKind.Count),
            .. regions.SelectMany(region => new DataColumn[] { new($"{regionName(region)}: offices", CellKind.Count), new($"{regionName(region)} (%)", CellKind.Percent) }),
        ];
        var indicators = new DataSheet("indicators", $"Indicators by framework node, {r.Year} ({framework?.Name ?? view.Framework})", indicatorColumns,
            [.. view.Indicators.SelectMany(n => n.Indicators.Select(x =>
            {
                var b = x.Baseline;
                List<DataCell> row =
                [
                    DataCell.Of(n.Framework), DataCell.Of(n.Node.Id), DataCell.Of($"{n.Node.Kind}: {n.Node.Title}"), DataCell.Of(x.Indicator.Id), DataCell.Of(x.Indicator.Title),
                    DataCell.Of(x.Value.Count), DataCell.Of(x.Value.Of), DataCell.Of(x.Value.Percent),
                    DataCell.Of(x.Previous is null ? null : view.PreviousYear), DataCell.Of(x.Previous?.Count), DataCell.Of(x.Previous?.Of), DataCell.Of(x.Previous?.Percent),
                    DataCell.Of(b?.Year), DataCell.Of(b?.Count), DataCell.Of(b?.Percent), DataCell.Of(b?.Qualifier), DataCell.Of(b?.Report), DataCell.Of(b?.Line),
                ];
                foreach (var region in regions)
                {
                    var share = x.ByRegion.GetValueOrDefault(region);
                    row.AddRange([DataCell.Of(share?.Count), DataCell.Of(share?.Percent)]);
                }
                return (IReadOnlyList<DataCell>)row;
            }))]);

        var texts = new DataSheet("text-answers", $"Text answers of the approved submissions, {r.Year}",
            [new("question"), new("question text"), new("region"), new("region name"), new("office"), new("answer")],
            [.. view.TextAnswers.Select(t => (IReadOnlyList<DataCell>)[
                DataCell.Of(t.Question), DataCell.Of(Question(t.Question)), DataCell.Of(t.Region), DataCell.Of(regionName(t.Region)), DataCell.Of(t.Office ?? ""), DataCell.Of(t.Text)])]);
        return [participation, answers, indicators, texts];
    }
}
