using System.Text.Json;
using System.Text.Json.Serialization;

namespace VmCloud.Api;

/// <summary>The one JSON shape of the API: camelCase, enums as their names, nulls omitted.</summary>
public static class ApiJson
{
    /// <summary>Options for every (de)serialization of vmcloud.io objects.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}
