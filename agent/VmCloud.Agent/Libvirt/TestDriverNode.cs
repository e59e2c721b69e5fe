using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace VmCloud.Agent.Libvirt;

/// <summary>The hardware of one simulated node.</summary>
/// <param name="Name">The node's name (also the file's).</param>
/// <param name="Sockets">CPU sockets.</param>
/// <param name="CoresPerSocket">Cores per socket.</param>
/// <param name="ThreadsPerCore">Threads per core (2 with SMT).</param>
/// <param name="MemoryMiB">Physical memory.</param>
/// <param name="PoolCapacityGiB">The storage pool's capacity.</param>
/// <param name="PoolPath">The pool's target path (nothing is written there: the test driver keeps volumes in memory).</param>
/// <param name="PoolName">The storage pool's name.</param>
/// <param name="NetworkName">The network's name, which NICs refer to.</param>
public sealed record TestNodeSpec(
    string Name,
    int Sockets,
    int CoresPerSocket,
    int ThreadsPerCore,
    long MemoryMiB,
    long PoolCapacityGiB,
    string PoolPath,
    string PoolName = "default",
    string NetworkName = "default")
{
    /// <summary>Hardware threads: what libvirt reports as the node's CPUs.</summary>
    public int Cpus => Sockets * CoresPerSocket * ThreadsPerCore;
}

/// <summary>
/// Writes the libvirt test driver's node file for one simulated EPYC host: its CPUs and memory
/// (what <c>virNodeGetInfo</c> reports), a running directory pool and a NAT network with DHCP, so
/// NICs resolve and running domains get addresses. Every connection to a <c>test:///PATH</c> URI
/// starts from the file with private state, which is what makes one file one simulated node.
/// </summary>
public static class TestDriverNode
{
    /// <summary>Writes <c>{directory}/{name}.xml</c> and returns the <c>test:///…</c> URI that opens it.</summary>
    public static string Write(TestNodeSpec spec, string directory)
    {
        if (spec.Name.Length == 0 || spec.Name is "." or ".." || spec.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"node name \"{spec.Name}\" cannot be a file name", nameof(spec));
        }

        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(Path.Join(directory, spec.Name + ".xml"));
        File.WriteAllText(path, Render(spec).ToString() + "\n");
        return UriOf(path);
    }

    /// <summary>The test driver URI of a node file; the path is percent-encoded, as libvirt parses URIs.</summary>
    public static string UriOf(string nodeFilePath)
    {
        var segments = Path.GetFullPath(nodeFilePath).Split('/').Select(Uri.EscapeDataString);
        return "test://" + string.Join('/', segments);
    }

    /// <summary>The node file's XML: a pure function of <paramref name="spec"/>.</summary>
    public static XDocument Render(TestNodeSpec spec)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spec.Cpus);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spec.MemoryMiB);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spec.PoolCapacityGiB);
        return new XDocument(new XElement("node",
            new XElement("cpu",
                new XElement("nodes", 1),
                new XElement("sockets", spec.Sockets),
                new XElement("cores", spec.CoresPerSocket),
                new XElement("threads", spec.ThreadsPerCore),
                new XElement("active", spec.Cpus),
                new XElement("mhz", 2450),
                new XElement("model", "x86_64")),
            new XElement("memory", spec.MemoryMiB * 1024),
            Network(spec),
            Pool(spec)));
    }

    private static XElement Network(TestNodeSpec spec)
    {
        // A /24 of 10.0.0.0/8 chosen by the node's name, so simulated nodes hand out different addresses.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(spec.Name));
        var subnet = $"10.{hash[0]}.{hash[1]}";
        return new XElement("network",
            new XElement("name", spec.NetworkName),
            new XElement("uuid", Uuid(spec.Name + "/network")),
            new XElement("forward", new XAttribute("mode", "nat")),
            new XElement("bridge", new XAttribute("name", "virbr0")),
            new XElement("ip",
                new XAttribute("address", subnet + ".1"),
                new XAttribute("netmask", "255.255.255.0"),
                new XElement("dhcp",
                    new XElement("range", new XAttribute("start", subnet + ".2"), new XAttribute("end", subnet + ".254")))));
    }

    private static XElement Pool(TestNodeSpec spec) =>
        new("pool",
            new XAttribute("type", "dir"),
            new XElement("name", spec.PoolName),
            new XElement("uuid", Uuid(spec.Name + "/pool")),
            // The test driver ignores these three (it pins pools at 100 GiB); the agent reads the
            // capacity back from this file (see TestDriverQuirks).
            new XElement("capacity", new XAttribute("unit", "GiB"), spec.PoolCapacityGiB),
            new XElement("allocation", new XAttribute("unit", "GiB"), 0),
            new XElement("available", new XAttribute("unit", "GiB"), spec.PoolCapacityGiB),
            new XElement("target", new XElement("path", spec.PoolPath)));

    /// <summary>A stable UUID from a name, so rewriting a node file gives the same file.</summary>
    private static string Uuid(string seed)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(seed)).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0f) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3f) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}
