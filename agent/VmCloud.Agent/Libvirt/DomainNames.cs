namespace VmCloud.Agent.Libvirt;

/// <summary>
/// The names vmcloud gives things on a node, in one place: every name carries the owner's uid,
/// so an agent can tell what is its own (and whose) from the name alone.
/// </summary>
public static class DomainNames
{
    private const string Prefix = "vmc-";
    private const string VolumePrefix = "vmc-vol-";
    private const string RootSuffix = "-root";

    /// <summary>The libvirt domain of a server: <c>vmc-{uid}</c>.</summary>
    public static string Domain(string uid) => Prefix + uid;

    /// <summary>The root disk volume of a server: <c>vmc-{uid}-root</c>.</summary>
    public static string RootVolume(string uid) => Prefix + uid + RootSuffix;

    /// <summary>The pool volume of a Volume object: <c>vmc-vol-{uid}</c>.</summary>
    public static string Volume(string volumeUid) => VolumePrefix + volumeUid;

    /// <summary>The cloud-init NoCloud seed image of a server: <c>vmc-{uid}-cidata.iso</c>.</summary>
    public static string SeedFile(string uid) => Prefix + uid + "-cidata.iso";

    /// <summary>
    /// Reads a pool volume name back: the owner's uid and whether it is a server's root disk, or
    /// null when the name is not one vmcloud gives (such volumes are never touched).
    /// </summary>
    public static PoolVolumeName? ParseVolume(string volumeName)
    {
        if (volumeName.StartsWith(VolumePrefix, StringComparison.Ordinal))
        {
            var uid = volumeName[VolumePrefix.Length..];
            return IsUid(uid) ? new PoolVolumeName(uid, IsRoot: false) : null;
        }

        if (volumeName.StartsWith(Prefix, StringComparison.Ordinal) && volumeName.EndsWith(RootSuffix, StringComparison.Ordinal))
        {
            var uid = volumeName[Prefix.Length..^RootSuffix.Length];
            return IsUid(uid) ? new PoolVolumeName(uid, IsRoot: true) : null;
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="uid"/> is a uid as the store mints them: a lowercase UUID, which is
    /// also what libvirt prints back as the domain's UUID.
    /// </summary>
    public static bool IsUid(string uid) =>
        Guid.TryParseExact(uid, "D", out var parsed) && parsed.ToString("D") == uid;
}

/// <summary>A vmcloud pool volume name, read back.</summary>
/// <param name="Uid">The owner's uid: the server's for a root disk, the Volume object's otherwise.</param>
/// <param name="IsRoot">Whether it is a server's root disk.</param>
public sealed record PoolVolumeName(string Uid, bool IsRoot);
