using System.Globalization;
using System.Text.RegularExpressions;

namespace VmCloud.Agent.Gpus;

/// <summary>PCI addresses in the form libvirt passthrough and <see cref="Api.V1Alpha1.GpuDevice"/> use: <c>0000:41:00.0</c>.</summary>
public static partial class PciAddresses
{
    /// <summary>The canonical form: four-digit domain, lower-case hex, function 0 to 7.</summary>
    public const string Pattern = @"^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$";

    /// <summary>Whether <paramref name="address"/> is already canonical.</summary>
    public static bool IsCanonical(string address) => Canonical().IsMatch(address);

    /// <summary>
    /// The canonical form of an NVML bus id such as <c>00000000:41:00.0</c> (eight-digit domain,
    /// upper case), or null when it is not a PCI address or its domain does not fit four digits.
    /// </summary>
    public static string? FromNvml(string busId)
    {
        ArgumentNullException.ThrowIfNull(busId);
        if (NvmlBusId().Match(busId.Trim()) is not { Success: true } match)
            return null;
        var domain = uint.Parse(match.Groups["domain"].ValueSpan, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        // Domains above 0xffff exist (VMD, some hypervisors) but have no four-digit form to pass through.
        if (domain > 0xffff)
            return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"{domain:x4}:{match.Groups["bus"].Value.ToLowerInvariant()}:{match.Groups["slot"].Value.ToLowerInvariant()}.{match.Groups["function"].Value}");
    }

    // \z, not $: in .NET "$" also matches before a final newline.
    [GeneratedRegex(@"^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]\z", RegexOptions.CultureInvariant)]
    private static partial Regex Canonical();

    [GeneratedRegex(@"^(?<domain>[0-9a-fA-F]{4,8}):(?<bus>[0-9a-fA-F]{2}):(?<slot>[0-9a-fA-F]{2})\.(?<function>[0-7])\z", RegexOptions.CultureInvariant)]
    private static partial Regex NvmlBusId();
}
