using System.Text.Json.Nodes;

namespace VmCloud.Cli.Client;

/// <summary>What a read from the operator gave: the JSON the API answered, or why there is none and the exit code that says so.</summary>
internal abstract record ApiResult
{
    /// <summary>The API answered with this object or list.</summary>
    public sealed record Found(JsonNode Body) : ApiResult;

    /// <summary>No answer to show: <paramref name="ExitCode"/> is 1 for "not found", 2 for everything else.</summary>
    public sealed record Failed(int ExitCode, string Message) : ApiResult;
}
