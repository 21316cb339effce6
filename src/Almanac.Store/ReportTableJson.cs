using System.Text.Json;
using System.Text.Json.Serialization;
using Almanac.Domain.Reports;

namespace Almanac.Store;

/// <summary>The JSON form in which the store keeps a rebuilt table's layout (report_table.layout).</summary>
public static class ReportTableJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize(ReportTable table) => JsonSerializer.Serialize(table, Options);

    public static ReportTable Deserialize(string json) =>
        JsonSerializer.Deserialize<ReportTable>(json, Options) ?? throw new JsonException("A stored table layout is null.");
}
