using System.Security.Cryptography;
using System.Text;
using VmCloud.Engine.GitSync;
using VmCloud.Engine.Sources;

namespace VmCloud.Operator.Sources;

/// <summary>
/// Turns the <c>--source</c> options into origins before the host starts, preparing one bare Git
/// mirror per Git source under the data folder, so a missing git or an unwritable folder stops the
/// operator at once with a clear message instead of failing at every poll.
/// </summary>
internal static class SourceOrigins
{
    /// <summary>The origins, in the order given, or the reason one cannot be prepared.</summary>
    public static async Task<(IReadOnlyList<ISourceOrigin>? Origins, string? Error)> PrepareAsync(OperatorOptions options, CancellationToken cancellationToken)
    {
        var origins = new List<ISourceOrigin>();
        foreach (var source in options.Sources)
        {
            if (source.StartsWith("dir:", StringComparison.Ordinal))
            {
                origins.Add(new DirectoryOrigin(source[4..]));
                continue;
            }
            var remote = GitRemote.Parse(source, options.Git).Remote!;
            var mirror = Path.Combine(options.DataDirectory, "git", MirrorName(remote));
            try
            {
                var git = await GitCli.OpenMirrorAsync(mirror, remote, options.Git, cancellationToken);
                origins.Add(new GitOrigin(remote, git, options.PollInterval));
            }
            catch (Exception e) when (e is GitException or IOException or UnauthorizedAccessException)
            {
                return (null, $"--source git:{remote.Display}: cannot prepare the mirror in {mirror}: {e.Message}");
            }
        }
        return (origins, null);
    }

    // One mirror per remote and branch: two sources never fetch into the same repository.
    private static string MirrorName(GitRemote remote) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(remote.Display)))[..16];
}
