using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using VmCloud.Agent.Convergence;
using VmCloud.Api.Agents;

namespace VmCloud.Agent.Libvirt;

/// <summary>
/// Reads a domain XML (as libvirt prints it, or as <see cref="DomainXml"/> renders it) into a
/// <see cref="DomainObservation"/>: a pure function. Reading a rendered XML back gives what the
/// converger should expect to observe, so the two are tested as a round trip.
/// </summary>
public static class DomainXmlReader
{
    private static readonly XNamespace Vmcloud = AgentProtocol.MetadataNamespace;

    /// <summary>The observation of a domain whose XML is <paramref name="domainXml"/>.</summary>
    /// <param name="domainXml">The domain XML.</param>
    /// <param name="running">Whether libvirt says it is anything but shut off.</param>
    /// <param name="addresses">The IP addresses libvirt knows for it.</param>
    /// <exception cref="HypervisorException">The XML is not a domain XML.</exception>
    public static DomainObservation Read(string domainXml, bool running, IReadOnlyList<string> addresses)
    {
        var domain = Parse(domainXml);
        var devices = domain.Element("devices");
        return new DomainObservation(
            Uuid: Text(domain, "uuid") ?? throw Malformed("it has no <uuid>"),
            Name: Text(domain, "name") ?? throw Malformed("it has no <name>"),
            Running: running,
            Owner: ReadOwner(domain),
            Vcpus: int.TryParse(Text(domain, "vcpu"), NumberStyles.None, CultureInfo.InvariantCulture, out var vcpus) ? vcpus : 0,
            MemoryMiB: LibvirtUnits.MiBytes(domain.Element("memory"), defaultUnit: "KiB"),
            DiskSources: devices is null ? [] : DiskSources(devices),
            HostdevPciAddresses: devices is null ? [] : HostdevAddresses(devices),
            Addresses: addresses);
    }

    /// <summary>The domain's name, or null when the text is not a domain XML with one (used to name it in errors).</summary>
    public static string? TryReadName(string domainXml)
    {
        try
        {
            return Text(Parse(domainXml), "name");
        }
        catch (HypervisorException)
        {
            return null;
        }
    }

    /// <summary>
    /// The vmcloud owner metadata, or null. Metadata that is there but unreadable also gives null:
    /// a domain vmcloud cannot read is treated as foreign, so it is reported and never touched.
    /// </summary>
    private static DomainOwner? ReadOwner(XElement domain)
    {
        var owner = domain.Element("metadata")?.Element(Vmcloud + "owner");
        var uid = (string?)owner?.Attribute("uid");
        var kind = (string?)owner?.Attribute("kind");
        var ns = (string?)owner?.Attribute("namespace");
        var name = (string?)owner?.Attribute("name");
        var generationText = (string?)owner?.Attribute("generation");
        if (uid is null || kind is null || ns is null || name is null
            || !long.TryParse(generationText, NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            return null;
        }

        return new DomainOwner(uid, kind, ns, name, generation);
    }

    private static List<string> DiskSources(XElement devices) =>
        devices.Elements("disk")
            .Where(disk => (string?)disk.Attribute("device") is null or "disk")
            .Select(disk => (Target: (string?)disk.Element("target")?.Attribute("dev") ?? "", Source: DiskSource(disk)))
            .Where(disk => disk.Source is not null)
            .OrderBy(disk => disk.Target.Length)
            .ThenBy(disk => disk.Target, StringComparer.Ordinal)
            .Select(disk => disk.Source!)
            .ToList();

    private static string? DiskSource(XElement disk)
    {
        var source = disk.Element("source");
        if (source is null)
        {
            return null;
        }

        return (string?)source.Attribute("file")
            ?? (string?)source.Attribute("dev")
            ?? ((string?)source.Attribute("pool") is { } pool && (string?)source.Attribute("volume") is { } volume
                ? $"{pool}/{volume}"
                : (string?)source.Attribute("name"));
    }

    private static List<string> HostdevAddresses(XElement devices) =>
        devices.Elements("hostdev")
            .Where(hostdev => (string?)hostdev.Attribute("type") == "pci")
            .Select(hostdev => hostdev.Element("source")?.Element("address"))
            .Select(address => address is null
                ? null
                : PciAddress.FromLibvirt(
                    (string?)address.Attribute("domain"),
                    (string?)address.Attribute("bus"),
                    (string?)address.Attribute("slot"),
                    (string?)address.Attribute("function")))
            .OfType<PciAddress>()
            .Select(address => address.ToString())
            .ToList();

    private static XElement Parse(string domainXml)
    {
        XDocument document;
        try
        {
            // No DTDs: the XML comes from libvirt, but a reader of outside input never resolves entities.
            using var reader = XmlReader.Create(new StringReader(domainXml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new HypervisorException($"the domain XML is not valid XML: {e.Message}", e);
        }

        return document.Root is { Name.LocalName: "domain" } root && root.Name.Namespace == XNamespace.None
            ? root
            : throw Malformed($"its root element is <{document.Root?.Name.LocalName}>, not <domain>");
    }

    private static string? Text(XElement element, string child) => element.Element(child)?.Value.Trim();

    private static HypervisorException Malformed(string why) => new($"the domain XML is not a libvirt domain: {why}");
}
