using Almanac.Analytics.Publishing;
using Almanac.Domain.Tables;

namespace Almanac.Analytics.Tests;

/// <summary>Figures in running text as the reports write them, in English, French and Spanish.</summary>
public sealed class RunningNumbersTests
{
    [Theory]
    [InlineData(144, CellKind.Count, "en", true, "One hundred and forty-four")]
    [InlineData(105, CellKind.Count, "en", true, "One hundred and five")]
    [InlineData(72, CellKind.Percent, "en", true, "Seventy-two per cent")]
    [InlineData(72, CellKind.Percent, "fr", true, "Soixante-douze pour cent")]
    [InlineData(72, CellKind.Percent, "es", true, "Setenta y dos por ciento")]
    [InlineData(72, CellKind.Percent, "en", false, "72 per cent")]
    [InlineData(72, CellKind.Percent, "fr", false, "72\u00A0%")]
    [InlineData(72, CellKind.Percent, "es", false, "72\u00A0%")]
    [InlineData(6, CellKind.Count, "en", false, "six")]
    [InlineData(6, CellKind.Count, "fr", false, "six")]
    [InlineData(6, CellKind.Count, "es", false, "seis")]
    [InlineData(6, CellKind.Percent, "en", false, "6 per cent")]
    [InlineData(35, CellKind.Count, "en", false, "35")]
    [InlineData(1250, CellKind.Count, "fr", false, "1\u202F250")]
    public void A_figure_is_written_in_words_at_a_sentences_start_and_below_ten_and_in_digits_otherwise(int value, CellKind kind, string language, bool startsSentence, string expected) =>
        Assert.Equal(expected, QuestionnaireFindings.Words(value, kind, language, startsSentence));
}
