using Almanac.Ingest.Reference;
using Almanac.Tests;

namespace Almanac.Ingest.Tests.Reports;

public sealed class LayoutMutationTests
{
    [Fact]
    public void Explore()
    {
        var reference = ReferenceDataReader.ReadEmbedded();
        var output = new System.Text.StringBuilder(MutationScore.Heading + "\n");
        var detail = new System.Text.StringBuilder();
        foreach (var doc in MutationHarness.Documents)
        {
            var original = MutationHarness.ReadOriginal(doc, File.ReadAllBytes(SharedFiles.Require("reports/" + doc)), reference);
            foreach (var r in original.Regions) detail.AppendLine($"{doc} {r.TableId} {r.First}-{r.Last} rows {r.RowCells.Count}/{original.Read.Tables.Single(t => t.Id == r.TableId).Rows.Count} headings {string.Join(",", r.HeadingLines)} cols {string.Join("|", r.Columns)}");
            foreach (var m in LayoutMutations.All)
            {
                var s = MutationHarness.Score(original, m, reference);
                output.AppendLine(s.Row());
                detail.AppendLine($"== {doc} {m.Name}");
                foreach (var l in s.Lost) detail.AppendLine("  lost " + l);
                foreach (var l in s.Invented) detail.AppendLine("  invented " + l);
                File.WriteAllText($"/tmp/mut/{doc}.{m.Name}.txt", m.Mutate(original.Lines, original.Regions, MutationHarness.Seed).Text);
            }
        }
        File.WriteAllText("/tmp/mut/table.md", output.ToString());
        File.WriteAllText("/tmp/mut/detail.txt", detail.ToString());
    }
}
