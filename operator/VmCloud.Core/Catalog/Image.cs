namespace VmCloud.Core.Catalog;

/// <summary>An OS image a VirtualServer or GpuInstance can boot.</summary>
/// <param name="Name">The name written in manifests, e.g. debian-12.</param>
/// <param name="Product">The product line it is for: <see cref="ProductLine.Vps"/> or <see cref="ProductLine.Gpu"/>.</param>
/// <param name="Os">The display name, e.g. "Debian 12 (Bookworm)".</param>
/// <param name="Family">Linux or Windows.</param>
/// <param name="Support">Whether VMCloud supports it officially or as a community image.</param>
public sealed record Image(string Name, ProductLine Product, string Os, OsFamily Family, ImageSupport Support);

/// <summary>The operating system family of an image (YAML: linux, windows).</summary>
public enum OsFamily
{
    /// <summary>A Linux distribution.</summary>
    Linux,

    /// <summary>Windows Server.</summary>
    Windows,
}

/// <summary>How an image is supported (YAML: official, community).</summary>
public enum ImageSupport
{
    /// <summary>Supported by VMCloud's team.</summary>
    Official,

    /// <summary>Offered as is, supported by its community.</summary>
    Community,
}
