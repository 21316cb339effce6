using Almanac.Analytics.Definitions;
using Almanac.Analytics.Rules;
using Almanac.Domain;
using Almanac.Tests;

namespace Almanac.Analytics.Tests.Fuzz;

/// <summary>
/// The inputs bench/Almanac.Fuzz found crashing the rule set and report definition readers (shrunk), replayed from this
/// folder: each is now refused with an <see cref="InputException"/> naming the file, the line and the field or column.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static string Input(string name) => File.ReadAllText(Path.Combine(SharedFiles.RepositoryRoot, "tests", "Almanac.Analytics.Tests", "Fuzz", name));

    // YamlDotNet's scanner threw a bare InvalidOperationException on a '{' left open over the next lines.
    [Fact]
    public void A_rule_file_with_an_unclosed_flow_mapping_is_refused_on_its_line()
    {
        const string file = "rules-unclosed-flow-mapping.yaml";
        var error = Assert.Throws<InputException>(() => RuleSetReader.Read(Input(file), file));

        Assert.Equal((file, 4L), (error.File, error.Line));
        Assert.EndsWith("not valid YAML at column 5: the file cannot be read past this point (a '{' or '[' not closed before it?)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_file_with_a_nul_character_is_refused_where_it_is()
    {
        // Found in the 10-minute run (a NUL inserted into a comment): the scanner took it for the end of the text and the
        // loader failed with an ArgumentException.
        const string file = "rules-nul-in-a-comment.yaml";
        var error = Assert.Throws<InputException>(() => RuleSetReader.Read(Input(file), file));

        Assert.Equal((file, 2L), (error.File, error.Line));
        Assert.EndsWith("a NUL character at column 7, which YAML does not allow (is this a text file?)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Found in the 10-minute run: a text whose opening quote became '2' makes its '{year}' a mapping key, which was cast to
    // a value (InvalidCastException); the same cast read a block's kind.
    [InlineData("report-definition-braces-in-a-text.yaml", 5L, "title", "expected a single value")]
    [InlineData("report-definition-block-kind-not-a-value.yaml", 7L, "block", "expected a single value")]
    public void A_report_definition_with_a_list_or_mapping_where_a_key_goes_is_refused_on_its_line(string file, long line, string field, string says)
    {
        var error = Assert.Throws<InputException>(() => ReportDefinitionReader.Read(Input(file), file));

        Assert.Equal((file, line, field), (error.File, error.Line, error.Column));
        Assert.EndsWith(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_definition_with_a_tag_yaml_cannot_name_is_refused_on_its_line()
    {
        // Found in the 10-minute run ('!!python/object:os.system' spliced into a flow list): YamlDotNet's ArgumentException.
        const string file = "report-definition-tag-not-a-uri.yaml";
        var error = Assert.Throws<InputException>(() => ReportDefinitionReader.Read(Input(file), file));

        Assert.Equal((file, 2L), (error.File, error.Line));
        Assert.Matches(@"^report-definition-tag-not-a-uri\.yaml, line 2: not valid YAML at column \d+: Global tags must be valid URIs\.$", error.Message);
    }

    [Fact]
    public void A_report_definition_with_an_unclosed_flow_mapping_is_refused_on_its_line()
    {
        const string file = "report-definition-unclosed-flow-mapping.yaml";
        var error = Assert.Throws<InputException>(() => ReportDefinitionReader.Read(Input(file), file));

        Assert.Equal((file, 3L), (error.File, error.Line));
        Assert.EndsWith("not valid YAML at column 1: the file cannot be read past this point (a '{' or '[' not closed before it?)", error.Message, StringComparison.Ordinal);
    }
}
