using System.Xml;
using System.Xml.Linq;

namespace VmCloud.Agent.Libvirt;

/// <summary>
/// Where libvirt's test driver (<c>test:///…</c>, the hollow fleet and the tests) departs from a
/// real host, and what the agent does about it. Nothing here applies to another driver.
/// </summary>
internal static class TestDriverQuirks
{
    /// <summary>What <c>virConnectGetType</c> answers for the test driver.</summary>
    internal const string ConnectionType = "TEST";

    /// <summary>
    /// The capacity the node file declares for the pool, in bytes, or null. The test driver pins
    /// every pool at 100 GiB whatever its XML says, so a simulated node would report 100 GiB of
    /// storage; the node file <see cref="TestDriverNode"/> wrote still holds the intended size.
    /// </summary>
    internal static decimal? DeclaredPoolCapacity(string uri, string poolName)
    {
        var path = NodeFilePath(uri);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            var pool = XDocument.Load(reader).Root?.Elements("pool")
                .FirstOrDefault(candidate => candidate.Element("name")?.Value.Trim() == poolName);
            return LibvirtUnits.Bytes(pool?.Element("capacity"), defaultUnit: "bytes");
        }
        catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException)
        {
            // libvirt parsed the same file when it opened the connection; if it cannot be read
            // again, the driver's own figure is the answer.
            return null;
        }
    }

    /// <summary>The node file of a <c>test:///PATH</c> URI, or null for <c>test:///default</c> and other drivers.</summary>
    internal static string? NodeFilePath(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme != "test" || !string.IsNullOrEmpty(parsed.Host))
        {
            return null;
        }

        var path = Uri.UnescapeDataString(parsed.AbsolutePath);
        return path == "/default" ? null : path;
    }
}
