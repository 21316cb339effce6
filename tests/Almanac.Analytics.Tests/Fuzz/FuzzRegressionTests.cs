using Almanac.Analytics.Definitions;
using Almanac.Analytics.Rules;
using Almanac.Domain;
using Almanac.Tests;

namespace Almanac.Analytics.Tests.Fuzz;

/// <summary>
/// The inputs bench/Almanac.Fuzz found crashing the rule set and report definition readers (shrunk), replayed from this
/// folder: YamlDotNet's scanner threw a bare InvalidOperationException on a '{' left open over the next lines; now the
/// file is refused with an <see cref="InputException"/> naming the file, the line and the column.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static string Input(string name) => File.ReadAllText(Path.Combine(SharedFiles.RepositoryRoot, "tests", "Almanac.Analytics.Tests", "Fuzz", name));

    [Fact]
    public void A_rule_file_with_an_unclosed_flow_mapping_is_refused_on_its_line()
    {
        const string file = "rules-unclosed-flow-mapping.yaml";
        var error = Assert.Throws<InputException>(() => RuleSetReader.Read(Input(file), file));

        Assert.Equal((file, 4L), (error.File, error.Line));
        Assert.EndsWith("not valid YAML at column 5: the file cannot be read past this point (a '{' or '[' not closed before it?)", error.Message, StringComparison.Ordinal);
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
