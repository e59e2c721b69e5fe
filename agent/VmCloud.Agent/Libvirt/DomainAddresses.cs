namespace VmCloud.Agent.Libvirt;

/// <summary>
/// The IP addresses libvirt knows for a running domain: from its network's DHCP leases first,
/// then the guest agent, then the host's ARP table. A source the driver or the guest does not
/// support is skipped, so a domain without addresses is listed, not an error.
/// </summary>
internal static class DomainAddresses
{
    private static readonly uint[] Sources =
    [
        NativeLibvirt.AddressesSourceLease,
        NativeLibvirt.AddressesSourceAgent,
        NativeLibvirt.AddressesSourceArp,
    ];

    /// <summary>The addresses of the first source that knows any, in libvirt's order, without duplicates.</summary>
    internal static IReadOnlyList<string> Read(DomainHandle domain)
    {
        foreach (var source in Sources)
        {
            var addresses = TryRead(domain, source);
            if (addresses.Count > 0)
            {
                return addresses;
            }
        }

        return [];
    }

    private static unsafe List<string> TryRead(DomainHandle domain, uint source)
    {
        var count = NativeLibvirt.virDomainInterfaceAddresses(domain, out var interfaces, source, 0);
        if (count < 0)
        {
            // Unsupported source or no guest agent: drop the error so it cannot leak into the next call's.
            NativeLibvirt.virResetLastError();
            return [];
        }

        var addresses = new List<string>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var iface = (DomainInterface*)((nint*)interfaces)[i];
                var entries = (DomainIpAddress*)iface->Addresses;
                for (var j = 0; j < iface->AddressCount; j++)
                {
                    if (NativeLibvirt.PeekString(entries[j].Address) is { } address && !addresses.Contains(address))
                    {
                        addresses.Add(address);
                    }
                }
            }
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                NativeLibvirt.virDomainInterfaceFree(((nint*)interfaces)[i]);
            }

            NativeLibvirt.FreeArray(interfaces);
        }

        return addresses;
    }
}
