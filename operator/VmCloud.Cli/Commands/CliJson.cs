using System.Text.Json;
using System.Text.Json.Serialization;

namespace VmCloud.Cli.Commands;

/// <summary>The JSON shape of vmcl's output: camelCase, indented, nulls kept so every field is always there.</summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };
}
