using Almanac.Domain;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Almanac.Analytics.Definitions;

/// <summary>Opens an editor's YAML file (a report definition, a rule file) whose root is one mapping.</summary>
internal static class YamlFile
{
    /// <summary>
    /// The root mapping of <paramref name="yaml"/>. Invalid YAML, several documents or a root that is not a mapping is an
    /// <see cref="InputException"/> naming <paramref name="file"/> and the line; <paramref name="shape"/> says what the file should be.
    /// </summary>
    public static YamlMappingNode Root(string yaml, string file, string shape)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new InputException(file, e.Start.Line, null, null, $"not valid YAML: {e.Message}");
        }
        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new InputException(file, 1, null, null, shape);
    }
}
