using VmCloud.Agent.Libvirt;
using VmCloud.Api.Agents;

namespace VmCloud.Agent.Convergence;

/// <summary>
/// Writes the cloud-init seed image of a server where its domain XML points, before the domain is
/// defined. Rewritten only when the content changed (a new hostname or key), and atomically, so a
/// guest booting meanwhile never reads half a file.
/// </summary>
internal static class SeedImages
{
    /// <summary>Writes the seed of <paramref name="server"/> to <paramref name="path"/> unless it is already there; returns whether it wrote.</summary>
    public static bool Ensure(DesiredServer server, string path)
    {
        var content = NoCloudSeed.Build(server);
        if (File.Exists(path) && new FileInfo(path).Length == content.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(content)) return false;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
        return true;
    }
}
