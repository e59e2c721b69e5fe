using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using VmCloud.Api.Agents;

namespace VmCloud.Agent.Libvirt;

/// <summary>
/// Renders the libvirt domain XML of a desired server: a pure function of the server and the node,
/// so the same input always gives the same bytes (golden files pin it). The domain's UUID is the
/// owner's uid, which is what makes one uid one domain: libvirt refuses a second domain with the
/// same UUID. The power state is not part of the XML; the converger starts and stops domains.
/// </summary>
public static class DomainXml
{
    private static readonly XNamespace Vmcloud = AgentProtocol.MetadataNamespace;

    /// <summary>The domain XML of <paramref name="server"/> on the node <paramref name="host"/>.</summary>
    /// <exception cref="ArgumentException">The uid is not a lowercase UUID, or a GPU address is not like <c>0000:41:00.0</c>.</exception>
    public static string Render(DesiredServer server, DomainHost host)
    {
        var uid = server.Owner.Uid;
        if (!DomainNames.IsUid(uid))
        {
            throw new ArgumentException($"uid \"{uid}\" is not a lowercase UUID, which libvirt needs as the domain's UUID", nameof(server));
        }

        var domain = new XElement("domain",
            new XAttribute("type", host.DomainType),
            new XElement("name", DomainNames.Domain(uid)),
            new XElement("uuid", uid),
            new XElement("title", $"{server.Owner.Namespace}/{server.Owner.Name}"),
            new XElement("description", $"{server.Owner.Kind} {server.Owner.Namespace}/{server.Owner.Name}: plan {server.Plan}, image {server.Image}"),
            new XElement("metadata", Owner(server.Owner)),
            new XElement("memory", new XAttribute("unit", "MiB"), server.MemoryMiB),
            new XElement("currentMemory", new XAttribute("unit", "MiB"), server.MemoryMiB),
            new XElement("vcpu", new XAttribute("placement", "static"), server.Vcpus),
            new XElement("os",
                new XElement("type", new XAttribute("arch", "x86_64"), new XAttribute("machine", "q35"), "hvm"),
                new XElement("boot", new XAttribute("dev", "hd"))),
            new XElement("features", new XElement("acpi"), new XElement("apic")),
            new XElement("cpu", new XAttribute("mode", "host-passthrough")),
            new XElement("clock", new XAttribute("offset", "utc")),
            new XElement("on_poweroff", "destroy"),
            new XElement("on_reboot", "restart"),
            new XElement("on_crash", "destroy"),
            Devices(server, host));
        return Format(domain);
    }

    /// <summary>The NIC's MAC address: the KVM prefix and three bytes of the uid's SHA-256, so a redefined domain keeps its address.</summary>
    public static string MacAddress(string uid)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(uid));
        return $"52:54:00:{hash[0]:x2}:{hash[1]:x2}:{hash[2]:x2}";
    }

    /// <summary>The disk target of the <paramref name="index"/>-th virtio disk: vda, vdb, …, vdz, vdaa, ….</summary>
    public static string DiskTarget(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var letters = new StringBuilder();
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters.Insert(0, (char)('a' + ((n - 1) % 26)));
        }

        return "vd" + letters;
    }

    private static XElement Owner(Owner owner) =>
        new(Vmcloud + "owner",
            new XAttribute(XNamespace.Xmlns + "vmcloud", Vmcloud.NamespaceName),
            new XAttribute("uid", owner.Uid),
            new XAttribute("kind", owner.Kind),
            new XAttribute("namespace", owner.Namespace),
            new XAttribute("name", owner.Name),
            new XAttribute("generation", owner.Generation.ToString(CultureInfo.InvariantCulture)));

    private static XElement Devices(DesiredServer server, DomainHost host)
    {
        var uid = server.Owner.Uid;
        var volumes = new[] { DomainNames.RootVolume(uid) }.Concat(server.VolumeUids.Select(DomainNames.Volume));
        return new XElement("devices",
            volumes.Select((volume, index) => Disk(host.VolumePath(volume), DiskTarget(index), host.DiskFormat)),
            new XElement("disk",
                new XAttribute("type", "file"),
                new XAttribute("device", "cdrom"),
                new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", "raw")),
                new XElement("source", new XAttribute("file", host.SeedPath(uid))),
                new XElement("target", new XAttribute("dev", "sda"), new XAttribute("bus", "sata")),
                new XElement("readonly")),
            new XElement("interface",
                new XAttribute("type", "network"),
                new XElement("mac", new XAttribute("address", MacAddress(uid))),
                new XElement("source", new XAttribute("network", host.NetworkName)),
                new XElement("model", new XAttribute("type", "virtio"))),
            server.GpuPciAddresses.Select(Hostdev),
            new XElement("serial", new XAttribute("type", "pty")),
            new XElement("console", new XAttribute("type", "pty")));
    }

    private static XElement Disk(string path, string target, string format) =>
        new("disk",
            new XAttribute("type", "file"),
            new XAttribute("device", "disk"),
            new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", format), new XAttribute("discard", "unmap")),
            new XElement("source", new XAttribute("file", path)),
            new XElement("target", new XAttribute("dev", target), new XAttribute("bus", "virtio")));

    private static XElement Hostdev(string pciAddress)
    {
        var address = PciAddress.TryParse(pciAddress)
            ?? throw new ArgumentException($"GPU address \"{pciAddress}\" is not a PCI address like 0000:41:00.0", nameof(pciAddress));
        var (domain, bus, slot, function) = address.ToLibvirt();
        return new XElement("hostdev",
            new XAttribute("mode", "subsystem"),
            new XAttribute("type", "pci"),
            new XAttribute("managed", "yes"),
            new XElement("source",
                new XElement("address",
                    new XAttribute("domain", domain),
                    new XAttribute("bus", bus),
                    new XAttribute("slot", slot),
                    new XAttribute("function", function))));
    }

    private static string Format(XElement domain)
    {
        var settings = new XmlWriterSettings
        {
            OmitXmlDeclaration = true,
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, settings))
        {
            domain.WriteTo(writer);
        }

        return text.Append('\n').ToString();
    }
}
