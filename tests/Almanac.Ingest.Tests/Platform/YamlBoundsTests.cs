using System.Diagnostics;
using Almanac.Domain;
using Almanac.Ingest.Platform;
using Almanac.Tests;

namespace Almanac.Ingest.Tests.Platform;

/// <summary>The platform's YAML files (questionnaires, frameworks) are held to the YAML bounds, and their errors speak the file's language.</summary>
public sealed class YamlBoundsTests
{
    [Theory]
    [MemberData(nameof(HostileYaml.Bounds), MemberType = typeof(HostileYaml))]
    public void A_questionnaire_or_frameworks_file_past_a_yaml_bound_is_refused_naming_the_file_line_and_bound(string bound)
    {
        var (text, says, line) = HostileYaml.Make(bound);
        foreach (var read in new Action[] { () => PlatformFiles.ReadQuestionnaire("q.yaml", text), () => PlatformFiles.ReadFrameworks("q.yaml", text) })
        {
            var refused = Assert.Throws<InputException>(read);
            Assert.Equal(("q.yaml", line), (refused.File, refused.Line));
            Assert.Contains(says, refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_questionnaire_whose_questions_share_one_option_list_through_aliases_is_refused_quickly()
    {
        var text = HostileYaml.QuestionnaireSharingOptions();
        var clock = Stopwatch.StartNew();
        var refused = Assert.Throws<InputException>(() => PlatformFiles.ReadQuestionnaire("shared.yaml", text));
        Assert.Contains("with the alias *options the file expands to more than 250 000", refused.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("year: [2023]\n", 1L, "expected a number here")]
    [InlineData("year: 2023\ntitle: [a, b]\n", 2L, "expected a single value, not a list or a mapping here")]
    [InlineData("year: 2023\nsections: none\n", 2L, "expected a list here")]
    [InlineData("year: 2023\nsections:\n  - [a]\n", 3L, "expected a mapping of fields here")]
    [InlineData("year: twenty\n", 1L, "expected a number (or true or false) in range here")]
    [InlineData("year: 2023\ncolour: red\n", 2L, "unknown field 'colour'")]
    [InlineData("year: 2023\ntitle: [a\n", 3L, "not valid YAML")]
    public void A_yaml_mistake_is_said_in_the_files_words_without_naming_dotnet_types_or_versions(string text, long line, string says)
    {
        var refused = Assert.Throws<InputException>(() => PlatformFiles.ReadQuestionnaire("q.yaml", text));
        Assert.Equal(("q.yaml", line), (refused.File, refused.Line));
        Assert.Contains(says, refused.Message, StringComparison.Ordinal);
        foreach (var leak in new[] { "System.", "Version=", "PublicKeyToken", "Almanac.", "+", "`1" }) Assert.DoesNotContain(leak, refused.Message, StringComparison.Ordinal);
    }
}
