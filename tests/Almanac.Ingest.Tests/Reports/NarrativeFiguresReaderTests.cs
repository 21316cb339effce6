using Almanac.Domain.Observations;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;
using Almanac.Ingest.Reports.Narrative;
using Almanac.Tests;

namespace Almanac.Ingest.Tests.Reports;

/// <summary>Figures the reports state in sentences, read so that the audit can hold them against the tables.</summary>
public sealed class NarrativeFiguresReaderTests
{
    private static ReportDocument Load(string file)
    {
        var path = SharedFiles.Require("reports/" + file);
        return ReportDocument.FromBytes(file, File.ReadAllBytes(path), ReferenceDataReader.ReadEmbedded());
    }

    [Fact]
    public void The_2017_report_states_the_nationalities_represented_this_year_and_last()
    {
        var document = Load("annual-report-2017.txt");
        var reader = new NarrativeFiguresReader();
        var table = Assert.Single(reader.Read(document));
        var observations = reader.ToObservations(table, document)!;
        Assert.Equal(
            [$"{Measures.NationalitiesRepresented}:2017:131:951", $"{Measures.NationalitiesRepresented}:2016:127:951"],
            observations.Select(o => $"{o.Measure}:{o.Year}:{o.Value}:{o.Provenance.Line}"));
    }

    [Fact]
    public void The_2018_report_s_wrapped_sentences_are_read_at_the_line_of_the_figure()
    {
        var document = Load("annual-report-2018.txt");
        var reader = new NarrativeFiguresReader();
        var table = Assert.Single(reader.Read(document));
        var observations = reader.ToObservations(table, document)!;
        Assert.Equal(
            [$"{Measures.NationalitiesRepresented}::2018:134:2430", $"{Measures.WomenPercent}:category=PH;grade=P-5+:2018:37:1859"],
            observations.Select(o => $"{o.Measure}:{o.Key.Canonical}:{o.Year}:{o.Value}:{o.Provenance.Line}").Order(StringComparer.Ordinal));
        Assert.Equal((1859, 2430), (table.Lines.First, table.Lines.Last));
    }

    [Fact]
    public void A_funding_appeal_has_no_narrative_staff_figures() =>
        Assert.Empty(new NarrativeFiguresReader().Read(Load("migration-initiatives-2018.txt")));
}
