using System.Text;
using VmCloud.Agent.Libvirt;
using static VmCloud.Agent.Tests.Libvirt.LibvirtSamples;

namespace VmCloud.Agent.Tests.Libvirt;

/// <summary>The ISO 9660 + Joliet builder, read back by the real tools.</summary>
public sealed class IsoImageTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("vmcloud-iso-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [ToolFact("isoinfo", "genisoimage")]
    public void Seed_IsReadableByIsoinfo_WithJolietNames()
    {
        var path = Write(NoCloudSeed.Build(Vps()));

        var description = IsoTool.RunText("isoinfo", "-d", "-i", path);
        Assert.Contains("Volume id: cidata", description);
        Assert.Contains("Joliet with UCS level 3 found", description);
        Assert.Equal(NoCloudSeed.UserData(Vps()), IsoTool.RunText("isoinfo", "-J", "-x", "/user-data", "-i", path));
        Assert.Equal(NoCloudSeed.MetaData(Vps()), IsoTool.RunText("isoinfo", "-J", "-x", "/meta-data", "-i", path));
    }

    [ToolFact("isoinfo", "genisoimage")]
    public void Image_ListsExactNamesInJoliet_And83NamesWithout()
    {
        var path = Write(NoCloudSeed.Build(Vps()));

        var joliet = IsoTool.RunText("isoinfo", "-J", "-f", "-i", path);
        var primary = IsoTool.RunText("isoinfo", "-f", "-i", path);
        Assert.Equal(["/meta-data", "/user-data"], Lines(joliet));
        Assert.Equal(["/META_DAT.;1", "/USER_DAT.;1"], Lines(primary));
    }

    [ToolFact("isoinfo", "genisoimage")]
    public void Image_WithManyAndLargeFiles_KeepsEveryByte()
    {
        // 60 long names overflow one directory sector; 5000 bytes span three data sectors.
        var files = Enumerable.Range(0, 60)
            .Select(i => new IsoFile($"file-{i:d2}-with-a-rather-long-name", Encoding.ASCII.GetBytes(new string((char)('a' + (i % 26)), i * 100))))
            .Append(new IsoFile("network-config", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0123456789", 500)))))
            .ToList();
        var path = Write(IsoImage.Build("cidata", files));

        Assert.Equal(files.Select(f => "/" + f.Name).Order(StringComparer.Ordinal), Lines(IsoTool.RunText("isoinfo", "-J", "-f", "-i", path)));
        foreach (var file in new[] { files[0], files[37], files[59], files[60] })
        {
            Assert.Equal(file.Content, IsoTool.Run("isoinfo", "-J", "-x", "/" + file.Name, "-i", path));
        }
    }

    [ToolFact("blkid", "util-linux")]
    public void Seed_HasCidataLabel_ForBlkid()
    {
        var path = Write(NoCloudSeed.Build(Vps()));

        Assert.Contains("LABEL=\"cidata\"", IsoTool.RunText("blkid", "-p", path));
    }

    [Fact]
    public void Build_IsDeterministic() =>
        Assert.Equal(NoCloudSeed.Build(GpuInstance()), NoCloudSeed.Build(GpuInstance()));

    [Fact]
    public void Build_RefusesNamesThatCollideIn83()
    {
        var files = new[] { new IsoFile("user-data-a", []), new IsoFile("user-data-b", []) };

        var error = Assert.Throws<ArgumentException>(() => IsoImage.Build("cidata", files));
        Assert.Contains("get the same ISO 9660 name", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("semi;colon")]
    public void Build_RefusesNamesJolietForbids(string name) =>
        Assert.Throws<ArgumentException>(() => IsoImage.Build("cidata", [new IsoFile(name, [])]));

    [Theory]
    [InlineData("")]
    [InlineData("far-too-long-label-x")]
    [InlineData("ci data")]
    public void Build_RefusesBadLabels(string label) =>
        Assert.Throws<ArgumentException>(() => IsoImage.Build(label, []));

    private string Write(byte[] image)
    {
        var path = Path.Join(directory, "seed.iso");
        File.WriteAllBytes(path, image);
        return path;
    }

    private static List<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToList();
}
