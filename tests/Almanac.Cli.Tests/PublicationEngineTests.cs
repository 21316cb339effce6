using Almanac.Analytics.Definitions;
using Almanac.Analytics.Publishing;
using Almanac.Cli.Commands;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using Almanac.Store;
using Spectre.Console;

namespace Almanac.Cli.Tests;

/// <summary>
/// The default report definition (data/reports/annual-report.yaml), evaluated by the pivot engine over the demo store,
/// gives the same 2023 annexes as the workforce annex builder, which <see cref="DemoAnnexTests"/> holds against print.
/// </summary>
public sealed class PublicationEngineTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-publish-");
    private IReadOnlyList<StatTable> _builder = [];
    private Publication _publication = null!;

    public async ValueTask InitializeAsync()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()), Ansi = AnsiSupport.No });
        Assert.Equal(0, await AlmanacCli.RunAsync(["demo", "--out", _directory.FullName], console, TimeProvider.System));
        await using var store = await AlmanacStores.OpenAsync(Path.Combine(_directory.FullName, "demo.db"), TestContext.Current.CancellationToken);
        _builder = await AnnexCommand.BuildAsync(store, 2023, TestContext.Current.CancellationToken);
        var definition = DefaultDefinitions.Load();
        var inputs = await PublicationInputsLoader.LoadAsync(store, definition, TestContext.Current.CancellationToken);
        _publication = PublicationBuilder.Build(definition, inputs, 2023, "en");
    }

    public ValueTask DisposeAsync()
    {
        _directory.Delete(true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData("table-1")]
    [InlineData("table-2")]
    [InlineData("table-3")]
    [InlineData("table-4")]
    [InlineData("annex-ii")]
    [InlineData("annex-iii")]
    [InlineData("annex-iv")]
    public void Every_cell_equals_the_annex_builders(string id)
    {
        var expected = _builder.Single(t => t.Id == id);
        var actual = _publication.Tables.Single(t => t.Id == id);
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Columns, actual.Columns);
        Assert.Equal(expected.Rows.Select(r => r.Label), actual.Rows.Select(r => r.Label));
        var differences = new List<string>();
        foreach (var (e, a) in expected.Rows.Zip(actual.Rows).Where(p => p.First.Role != RowRole.SectionHeading))
        {
            Assert.Equal(e.Iso3, a.Iso3);
            for (var c = 0; c < expected.Columns.Count; c++)
            {
                var want = NumberFormat.Format(e.Cells[c]);
                var got = NumberFormat.Format(a.Cells[c].AsCell);
                if (want != got) differences.Add($"{e.Label} / {expected.Columns[c]}: builder '{want}', engine '{got}'");
            }
        }
        Assert.Empty(differences);
    }

    [Fact]
    public void The_printed_2022_total_that_does_not_add_up_is_a_finding_on_its_cell()
    {
        var table = _publication.Tables.Single(t => t.Id == "table-1");
        var total = table.Rows.Single(r => r.Label == "Total").Cells[table.Columns.ToList().IndexOf("2022")];
        Assert.Equal(2575, total.Value);
        var finding = Assert.Single(total.Trace.Findings.Select(i => _publication.Findings[i].Finding));
        Assert.Equal(("parts-sum-to-total", 2575m, 2574m, 632), (finding.Rule, finding.Printed, finding.Computed, finding.Line));
        var source = _publication.Sources[Assert.Single(total.Trace.Sources)];
        Assert.Contains(632, source.Lines);
    }
}
