using System.Globalization;
using VmCloud.Api;

namespace VmCloud.Engine.Store;

/// <summary>An object as stored: the record, the revision that wrote it, and its spec fingerprint once needed.</summary>
internal sealed class StoredObject(CustomResource resource, long revision, byte[]? specFingerprint = null)
{
    private byte[]? specFingerprint = specFingerprint;

    public CustomResource Resource { get; } = resource;

    public long Revision { get; } = revision;

    /// <summary>Computed on the first update only: most objects are written by status far more than by spec.</summary>
    public byte[] SpecFingerprint => specFingerprint ??= ResourceJson.SpecFingerprint(Resource);

    /// <summary>The fingerprint if computed already, to carry it over writes that keep the spec.</summary>
    public byte[]? SpecFingerprintIfKnown => specFingerprint;

    /// <summary>The object as the revision wrote it.</summary>
    public static CustomResource Stamp(CustomResource resource, long revision) =>
        resource with { Metadata = resource.Metadata with { ResourceVersion = FormatRevision(revision) } };

    public static string FormatRevision(long revision) => revision.ToString(CultureInfo.InvariantCulture);
}
