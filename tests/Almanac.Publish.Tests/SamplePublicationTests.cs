namespace Almanac.Publish.Tests;

public sealed class SamplePublicationTests
{
    [Fact]
    public void Every_figure_of_the_sample_has_a_column_and_coordinates_or_is_a_change()
    {
        var publication = SamplePublication.Create();
        var figures = publication.Tables.SelectMany(t => t.Figures).ToList();
        Assert.Equal(18, figures.Count); // Table 1: 8; annex: 2 + 3 + 3 + the two changes that have a value
        Assert.All(figures, f => Assert.True(f.Cell.Coordinates is not null || f.Cell.Kind == Almanac.Domain.Tables.CellKind.PercentagePointChange));
    }
}
