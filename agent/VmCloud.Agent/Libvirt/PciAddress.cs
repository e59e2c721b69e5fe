using System.Globalization;
using System.Text.RegularExpressions;

namespace VmCloud.Agent.Libvirt;

/// <summary>A PCI address as <c>lspci -D</c> and NVML print it: <c>0000:41:00.0</c>.</summary>
/// <param name="Domain">The PCI domain (segment).</param>
/// <param name="Bus">The bus.</param>
/// <param name="Slot">The slot (device).</param>
/// <param name="Function">The function.</param>
internal sealed partial record PciAddress(int Domain, int Bus, int Slot, int Function)
{
    /// <summary>Parses <c>dddd:bb:ss.f</c> (hexadecimal; any case, though the fleet writes lowercase), or returns null.</summary>
    public static PciAddress? TryParse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        int Hex(int group) => int.Parse(match.Groups[group].ValueSpan, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var address = new PciAddress(Hex(1), Hex(2), Hex(3), Hex(4));
        return address is { Slot: <= 0x1f, Function: <= 7 } ? address : null;
    }

    /// <summary>Reads libvirt's <c>&lt;address domain='0x0000' bus='0x41' slot='0x00' function='0x0'/&gt;</c> attributes, or returns null.</summary>
    public static PciAddress? FromLibvirt(string? domain, string? bus, string? slot, string? function)
    {
        int? Number(string? value) => value switch
        {
            null => null,
            _ when value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) =>
                int.TryParse(value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) ? hex : null,
            _ => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) ? dec : null,
        };

        // A missing domain means the first PCI segment, as in libvirt.
        var parts = (Number(domain ?? "0"), Number(bus), Number(slot), Number(function));
        return parts is (int d, int b, int s, int f) ? new PciAddress(d, b, s, f) : null;
    }

    /// <summary>The <c>domain</c>, <c>bus</c>, <c>slot</c> and <c>function</c> attribute values libvirt expects.</summary>
    public (string Domain, string Bus, string Slot, string Function) ToLibvirt() =>
        ($"0x{Domain:x4}", $"0x{Bus:x2}", $"0x{Slot:x2}", $"0x{Function:x}");

    /// <summary><c>0000:41:00.0</c>, lowercase.</summary>
    public override string ToString() => $"{Domain:x4}:{Bus:x2}:{Slot:x2}.{Function:x}";

    // \z, not $: in .NET "$" also matches before a final newline.
    [GeneratedRegex(@"^([0-9a-fA-F]{4}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7])\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
