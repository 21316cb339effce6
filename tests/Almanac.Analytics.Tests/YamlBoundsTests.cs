using Almanac.Analytics.Definitions;
using Almanac.Analytics.Rules;
using Almanac.Domain;
using Almanac.Tests;

namespace Almanac.Analytics.Tests;

/// <summary>Report definitions and rule files are read within the YAML bounds, by the same reader as the platform's files.</summary>
public sealed class YamlBoundsTests
{
    [Theory]
    [MemberData(nameof(HostileYaml.Bounds), MemberType = typeof(HostileYaml))]
    public void A_report_definition_or_rule_file_past_a_yaml_bound_is_refused_naming_the_file_line_and_bound(string bound)
    {
        var (text, says, line) = HostileYaml.Make(bound);
        foreach (var read in new Action[] { () => ReportDefinitionReader.Read(text, "report.yaml"), () => RuleSetReader.Read(text, "report.yaml") })
        {
            var refused = Assert.Throws<InputException>(read);
            Assert.Equal(("report.yaml", line), (refused.File, refused.Line));
            Assert.Contains(says, refused.Message, StringComparison.Ordinal);
        }
    }
}
