using System.Text;
using VmCloud.Agent.Gpus;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Agent.Tests.Gpus;

public sealed class FileGpuInventoryTests
{
    private const string TwoGpus = """
        # gpu-par1-07: two A100 80GB boards.
        - model: A100-80GB
          uuid: GPU-5f3c9a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b
          pciAddress: 0000:41:00.0
        - {model: A100-80GB, pciAddress: "0000:c1:00.0"}
        """;

    [Fact]
    public void Load_ReadsTheDeclaredGpus_AndReadReturnsThem()
    {
        using var file = new TempGpuFile(TwoGpus);

        var loaded = FileGpuInventory.Load(file.Path);

        Assert.Empty(loaded.Errors);
        var reading = loaded.Inventory!.Read();
        Assert.Equal(
            [
                new GpuDevice { Model = "A100-80GB", Uuid = "GPU-5f3c9a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", PciAddress = "0000:41:00.0" },
                new GpuDevice { Model = "A100-80GB", Uuid = null, PciAddress = "0000:c1:00.0" },
            ],
            reading.Gpus);
        Assert.Equal(("file", (string?)null), (reading.Source, reading.Message));
    }

    [Fact]
    public void Load_AcceptsAnEmptyList_ForANodeWithoutGpus()
    {
        using var file = new TempGpuFile("[]\n");

        var loaded = FileGpuInventory.Load(file.Path);

        Assert.Empty(loaded.Errors);
        Assert.Empty(loaded.Inventory!.Read().Gpus);
    }

    [Fact]
    public void Load_ChecksModelsAgainstTheGivenCatalogue()
    {
        using var file = new TempGpuFile("- {model: T4, pciAddress: 0000:41:00.0}\n");

        var loaded = FileGpuInventory.Load(file.Path, ["A100-80GB"]);

        Assert.Equal(
            [$"{file.Path}:1:11: model \"T4\" is not a catalogue GPU model; expected one of A100-80GB."],
            loaded.Errors.Select(e => e.ToString()));
        Assert.Null(loaded.Inventory);
    }

    public static TheoryData<string, string[]> BadFiles => new()
    {
        { "- {model: H100, pciAddress: 0000:41:00.0}\n", ["1:11: model \"H100\" is not a catalogue GPU model; expected one of T4, RTX-4090, A100-40GB, A100-80GB."] },
        { "- {model: a100-80gb, pciAddress: 0000:41:00.0}\n", ["1:11: model \"a100-80gb\" is not a catalogue GPU model (did you mean \"A100-80GB\"?); expected"] },
        { "- {model: T4, pciAddress: 00000000:3B:00.0}\n", ["1:27: pciAddress \"00000000:3B:00.0\" is not domain:bus:slot.function in lower-case hex, e.g. \"0000:41:00.0\" (did you mean \"0000:3b:00.0\"?)."] },
        { "- {model: T4, pciAddress: 0000:41:00.8}\n", ["1:27: pciAddress \"0000:41:00.8\" is not domain:bus:slot.function"] },
        { "- {model: T4, pciAddress: 0000:41:00.0}\n- {model: T4, pciAddress: 0000:41:00.0}\n", ["2:27: pciAddress \"0000:41:00.0\" is already declared on line 1; each GPU is declared once."] },
        {
            "- {model: T4, uuid: GPU-5f3c9a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b, pciAddress: 0000:41:00.0}\n- {model: T4, uuid: GPU-5F3C9A4E-1C2D-4E5F-8A9B-0C1D2E3F4A5B, pciAddress: 0000:42:00.0}\n",
            ["2:21: uuid \"GPU-5F3C9A4E-1C2D-4E5F-8A9B-0C1D2E3F4A5B\" is already declared on line 1"]
        },
        { "- {model: T4, uuid: 42, pciAddress: 0000:41:00.0}\n", ["1:21: uuid \"42\" is not an NVML GPU UUID"] },
        { "- model: T4\n", ["1:3: 'pciAddress' is required: the passthrough address, e.g. \"0000:41:00.0\"."] },
        { "- pciAddress: 0000:41:00.0\n", ["1:3: 'model' is required: one of T4, RTX-4090, A100-40GB, A100-80GB."] },
        { "- {model: T4, pciAddress: 0000:41:00.0, slot: 3}\n", ["1:41: unknown key 'slot'; allowed keys: model, uuid, pciAddress."] },
        { "- {model: [T4], pciAddress: 0000:41:00.0}\n", ["1:11: 'model' is a single value, found a list."] },
        { "- T4\n- {model: T4, pciAddress: 0000:41:00.0}\n", ["1:3: each GPU is a mapping {model, uuid, pciAddress}, found the value \"T4\"."] },
        { "gpus:\n  - {model: T4, pciAddress: 0000:41:00.0}\n", ["1:1: expected a list of GPUs ({model, uuid, pciAddress}), found a mapping; write [] for a node without GPUs."] },
        { "- {model: T4, model: T4, pciAddress: 0000:41:00.0}\n", ["1:15: invalid YAML: Duplicate key model"] },
        { "- {model: T4, pciAddress: 0000:41:00.0\n", ["2:1: invalid YAML: While parsing a flow mapping, did not find expected ',' or '}'."] },
        { "- &gpu {model: T4, pciAddress: 0000:41:00.0}\n- *gpu\n", ["2:3: aliases (*gpu) are not supported here; write each GPU out in full."] },
        { "- {model: T4, pciAddress: *nowhere}\n", ["1:27: aliases (*nowhere) are not supported here"] },
        { "", ["1:1: the file is empty; declare a list of GPUs, or [] for a node without GPUs."] },
        { "[]\n---\n[]\n", ["3:1: the file holds several YAML documents; declare one list of GPUs."] },
        { new string('[', 20) + new string(']', 20), ["1:9: the YAML nests deeper than 8 levels"] },
        {
            "- {model: H100, pciAddress: 0000:41:00.0}\n- {model: T4}\n",
            ["1:11: model \"H100\" is not a catalogue GPU model", "2:3: 'pciAddress' is required"]
        },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Load_RefusesABadFile_NamingFileAndLineOfEachError(string yaml, string[] expected)
    {
        using var file = new TempGpuFile(yaml);

        var loaded = FileGpuInventory.Load(file.Path);

        Assert.Null(loaded.Inventory);
        Assert.Equal(expected.Length, loaded.Errors.Count);
        Assert.All(expected.Zip(loaded.Errors), pair => Assert.StartsWith($"{file.Path}:{pair.First}", pair.Second.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Load_RefusesMoreGpusThanAStatusHolds()
    {
        var yaml = string.Concat(Enumerable.Range(0, 65).Select(i => $"- {{model: T4, pciAddress: \"0000:{i:x2}:00.0\"}}\n"));
        using var file = new TempGpuFile(yaml);

        var loaded = FileGpuInventory.Load(file.Path);

        Assert.Equal([$"{file.Path}:65:3: a node has at most 64 GPUs; this file declares 65."], loaded.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_ReportsAMissingFile_AtItsFirstLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vmcloud-absent-{Guid.NewGuid():N}", "gpus.yaml");

        var loaded = FileGpuInventory.Load(path);

        Assert.Equal([$"{path}:1:1: file not found; fix the path of the GPU declaration file or remove the setting to use NVML."], loaded.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_RefusesAFileThatIsNotUtf8()
    {
        using var file = new TempGpuFile(Encoding.Latin1.GetBytes("- {model: T4, pciAddress: 0000:41:00.0} # carte réseau\n"));

        var loaded = FileGpuInventory.Load(file.Path);

        Assert.Equal([$"{file.Path}:1:1: the file is not UTF-8 text."], loaded.Errors.Select(e => e.ToString()));
    }
}
