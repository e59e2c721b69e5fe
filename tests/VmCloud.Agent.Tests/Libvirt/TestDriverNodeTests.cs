using VmCloud.Agent.Libvirt;

namespace VmCloud.Agent.Tests.Libvirt;

/// <summary>The node files of simulated hosts.</summary>
public class TestDriverNodeTests
{
    [Fact]
    public void Render_DescribesCpusMemoryPoolAndNetwork()
    {
        var node = TestDriverNode.Render(SimulatedNode.Epyc).Root!;

        var cpu = node.Element("cpu")!;
        Assert.Equal(("2", "32", "2", "128"), (cpu.Element("sockets")?.Value, cpu.Element("cores")?.Value, cpu.Element("threads")?.Value, cpu.Element("active")?.Value));
        Assert.Equal("536870912", node.Element("memory")?.Value);
        Assert.Equal(("default", "3840", "/var/lib/vmcloud/pool"), (node.Element("pool")?.Element("name")?.Value, node.Element("pool")?.Element("capacity")?.Value, node.Element("pool")?.Element("target")?.Value));
        Assert.Equal("default", node.Element("network")?.Element("name")?.Value);
    }

    [Fact]
    public void Render_IsStable_AndDiffersBetweenNodes()
    {
        Assert.Equal(TestDriverNode.Render(SimulatedNode.Epyc).ToString(), TestDriverNode.Render(SimulatedNode.Epyc).ToString());
        Assert.NotEqual(
            TestDriverNode.Render(SimulatedNode.Epyc).Root!.Element("network")!.Element("ip")!.Attribute("address")!.Value,
            TestDriverNode.Render(SimulatedNode.Epyc with { Name = "par1-c02" }).Root!.Element("network")!.Element("ip")!.Attribute("address")!.Value);
    }

    [Fact]
    public void UriOf_EscapesThePath_AsLibvirtParsesIt()
    {
        Assert.Equal("test:///tmp/my%20nodes/par1-c01.xml", TestDriverNode.UriOf("/tmp/my nodes/par1-c01.xml"));

        using var node = new SimulatedNode(directoryPrefix: "vmcloud node ");
        Assert.Equal(128, node.Hypervisor.ReadHost().Cpus);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("..")]
    public void Write_RefusesNamesThatAreNotFileNames(string name) =>
        Assert.Throws<ArgumentException>(() => TestDriverNode.Write(SimulatedNode.Epyc with { Name = name }, Path.GetTempPath()));
}
