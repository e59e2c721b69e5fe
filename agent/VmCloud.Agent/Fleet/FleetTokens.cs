using System.Text;
using VmCloud.Api.Agents;

namespace VmCloud.Agent.Fleet;

/// <summary>
/// Per-node tokens for a fleet: <c>DIR/NODE.token</c> (mode 0600) for each agent and
/// <c>DIR/agent-tokens</c> (<c>NODE sha256:HEX</c> lines) for the operator's <c>--agent-tokens</c>.
/// A node that already has a token file keeps it, so minting again (after adding nodes) does not
/// lock out running agents; delete a node's file to rotate its token.
/// </summary>
public static class FleetTokens
{
    /// <summary>The operator's list of token hashes.</summary>
    public const string HashesFileName = "agent-tokens";

    /// <summary>The token file of <paramref name="node"/> in <paramref name="directory"/>.</summary>
    public static string TokenPath(string directory, string node) => Path.Join(directory, node + ".token");

    /// <summary>Writes a token for every node lacking one and the hashes file; returns how many were minted.</summary>
    public static int Mint(string directory, IReadOnlyList<string> nodes)
    {
        CreatePrivateDirectory(directory);
        var minted = 0;
        var hashes = new StringBuilder("# NODE sha256:HEX, one per line: the operator's --agent-tokens (written by vmcloud-agent tokens)\n");
        foreach (var node in nodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var path = TokenPath(directory, node);
            var token = File.Exists(path) ? File.ReadAllText(path).Trim() : "";
            if (token.Length == 0)
            {
                token = AgentTokens.Mint();
                WritePrivate(path, token + "\n");
                minted++;
            }

            hashes.Append(node).Append(' ').Append(AgentTokens.Hash(token)).Append('\n');
        }

        // Hashes are not secrets (the operator keeps them so that a leak lets no one impersonate a node).
        var hashesPath = Path.Join(directory, HashesFileName);
        File.WriteAllText(hashesPath + ".tmp", hashes.ToString());
        File.Move(hashesPath + ".tmp", hashesPath, overwrite: true);
        return minted;
    }

    private static void CreatePrivateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    // Created with 0600 from the start: there is no moment when the token is readable by others.
    private static void WritePrivate(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        stream.Write(Encoding.UTF8.GetBytes(content));
    }
}
