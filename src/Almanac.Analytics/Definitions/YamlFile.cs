using Almanac.Ingest;
using YamlDotNet.RepresentationModel;

namespace Almanac.Analytics.Definitions;

/// <summary>Opens an editor's YAML file (a report definition, a rule file) whose root is one mapping.</summary>
internal static class YamlFile
{
    /// <summary>
    /// The root mapping of <paramref name="yaml"/>, read within the YAML bounds (<see cref="BoundedYaml"/>). Invalid YAML,
    /// a bound passed, several documents or a root that is not a mapping is an <see cref="Domain.InputException"/> naming
    /// <paramref name="file"/> and the line; <paramref name="shape"/> says what the file should be.
    /// </summary>
    public static YamlMappingNode Root(string yaml, string file, string shape) => BoundedYaml.Root(file, yaml, shape);
}
