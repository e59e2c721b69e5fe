using System.Globalization;
using System.Xml.Linq;

namespace VmCloud.Agent.Libvirt;

/// <summary>libvirt's scaled integers: a number with a <c>unit</c> attribute (SI or binary).</summary>
internal static class LibvirtUnits
{
    private const decimal MiB = 1024m * 1024;

    /// <summary>The size an element like <c>&lt;memory unit='KiB'&gt;2097152&lt;/memory&gt;</c> gives, in bytes, or null when unreadable.</summary>
    internal static decimal? Bytes(XElement? element, string defaultUnit)
    {
        if (element is null || !ulong.TryParse(element.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return null;
        }

        return BytesPer((string?)element.Attribute("unit") ?? defaultUnit) is { } scale ? amount * scale : null;
    }

    /// <summary>The size in whole MiB, rounded down; 0 when unreadable.</summary>
    internal static long MiBytes(XElement? element, string defaultUnit) =>
        Bytes(element, defaultUnit) is { } bytes ? (long)(bytes / MiB) : 0;

    private static decimal? BytesPer(string unit) => unit switch
    {
        "b" or "bytes" => 1m,
        "KB" => 1e3m,
        "k" or "K" or "KiB" => 1024m,
        "MB" => 1e6m,
        "M" or "MiB" => MiB,
        "GB" => 1e9m,
        "G" or "GiB" => MiB * 1024,
        "TB" => 1e12m,
        "T" or "TiB" => MiB * 1024 * 1024,
        "PB" => 1e15m,
        "P" or "PiB" => MiB * 1024 * 1024 * 1024,
        _ => null,
    };
}
