using Almanac.Analytics.Definitions;
using Almanac.Domain;
using Almanac.Domain.Publishing;

namespace Almanac.Analytics.Tests;

public sealed class ReportDefinitionReaderTests
{
    [Fact]
    public void The_default_definition_reads_and_every_text_is_in_english_french_and_spanish()
    {
        var definition = DefaultDefinitions.Load();
        Assert.Equal("annual-report", definition.Id);
        var texts = new List<(string Where, LocalizedText Text)> { ("title", definition.Title) };
        texts.AddRange(definition.Labels.Select(l => ($"label {l.Key}", l.Value)));
        foreach (var section in definition.Sections)
        {
            texts.Add(($"section {section.Id}", section.Title));
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case ParagraphDefinition paragraph:
                        texts.Add(($"{section.Id} paragraph", paragraph.Text));
                        break;
                    case TableDefinition table:
                        texts.Add((table.Id, table.Title));
                        texts.AddRange(table.Notes.Select(n => ($"{table.Id} note", n)));
                        texts.AddRange(Items(table.Id, table.Pivot));
                        break;
                    case ChartDefinition chart:
                        texts.Add((chart.Id, chart.Title));
                        break;
                }
            }
        }
        var missing = texts.Where(t => !t.Text.Has("fr") || !t.Text.Has("es")).Select(t => $"{t.Where}: {t.Text.In("en")}").ToList();
        Assert.Empty(missing);
        Assert.True(texts.Count > 90, $"only {texts.Count} texts found");
    }

    private static IEnumerable<(string, LocalizedText)> Items(string table, PivotDefinition pivot) =>
        pivot.Rows.Concat(pivot.Columns).SelectMany(item => item switch
        {
            MemberItem m => [(table, m.Label)],
            TotalItem t => [(table, t.Label)],
            SectionItem s => [(table, s.Label)],
            RatioItem r => [(table, r.Label)],
            ChangeItem c => [(table, c.Label)],
            EachItem e => e.Labels.Select(l => (table, l.Value)).Concat(e.CombineAs is null ? [] : [(table, e.CombineAs)]),
            _ => Enumerable.Empty<(string, LocalizedText)>(),
        });

    [Theory]
    [InlineData("id: r\ntitle: T\nsections:\n  - id: s\n    title: S\n    blocks:\n      - table:\n          id: t\n          title: T\n          measure: m\n          rows:\n            - { label: A, wher: { sex: F } }\n          columns:\n            - years: [-1, 0]\n",
        "my.yaml, line 12, column 'wher': unknown field; expected one of label, id, where, measure, year")]
    [InlineData("id: r\ntitle: T\nsections:\n  - id: s\n    title: S\n    blocks:\n      - chart:\n          id: c\n          title: T\n          kind: pie\n          measure: m\n          rows: []\n          columns: []\n",
        "my.yaml, line 10, column 'kind', value 'pie': a chart is line, grouped-bar or stacked-bar")]
    [InlineData("id: r\ntitle: { en: T, de: X }\nsections: []\n",
        "my.yaml, line 2, column 'title', value 'de': a text is given per language: en, fr, es")]
    [InlineData("id: r\ntitle: T\nsections:\n  - id: s\n    title: S\n    blocks:\n      - table:\n          id: t\n          title: T\n          measure: m\n          rows:\n            - { years: [-1] }\n          columns: []\n",
        "my.yaml, line 12, column 'years', value '-1': years is [from, to], e.g. [-4, 0]")]
    [InlineData("id: r\ntitle: T\nsections: [\n", "my.yaml, line 4")]
    public void A_mistake_names_the_file_line_field_and_value(string yaml, string expected)
    {
        var error = Assert.Throws<InputException>(() => ReportDefinitionReader.Read(yaml, "my.yaml"));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
