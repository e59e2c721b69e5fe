using VmCloud.Api.Agents;

namespace VmCloud.Operator.Agents;

/// <summary>
/// The operator's list of agent credentials: one <c>NODE sha256:HEX</c> per line, <c>#</c> comments.
/// Only hashes are kept, never tokens (<c>vmcloud-agent tokens</c> writes the file).
/// </summary>
internal sealed class AgentTokenFile
{
    private readonly Dictionary<string, string> nodeByHash;

    private AgentTokenFile(Dictionary<string, string> nodeByHash) => this.nodeByHash = nodeByHash;

    /// <summary>No agent may connect: what the operator serves without <c>--agent-tokens</c>.</summary>
    public static AgentTokenFile Empty { get; } = new([]);

    /// <summary>The number of nodes with a token.</summary>
    public int Count => nodeByHash.Count;

    /// <summary>Reads the file; the errors name the line and what is wrong.</summary>
    public static (AgentTokenFile? File, IReadOnlyList<string> Errors) Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, [$"{path}: cannot read the agent tokens: {e.Message}"]);
        }
        var byHash = new Dictionary<string, string>(StringComparer.Ordinal);
        var nodes = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !IsHash(parts[1]))
                errors.Add($"{path}:{i + 1}: expected `NODE sha256:<64 hex digits>`; write the file with `vmcloud-agent tokens`");
            else if (!nodes.Add(parts[0]))
                errors.Add($"{path}:{i + 1}: node {parts[0]} has a token already; keep one line per node");
            else byHash[parts[1]] = parts[0];
        }
        return errors.Count > 0 ? (null, errors) : (new AgentTokenFile(byHash), errors);
    }

    /// <summary>The node a bearer token belongs to, or null when no node has it.</summary>
    public string? NodeOf(string token) => nodeByHash.GetValueOrDefault(AgentTokens.Hash(token));

    private static bool IsHash(string text) =>
        text.Length == 71 && text.StartsWith("sha256:", StringComparison.Ordinal) && text[7..].All(char.IsAsciiHexDigitLower);
}
