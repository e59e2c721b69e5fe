using System.Runtime.InteropServices;
using VmCloud.Agent.Gpus;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Agent.Tests.Gpus;

public sealed class NvmlGpuInventoryTests
{
    private const ulong GiB = 1UL << 30;

    [NoNvmlFact]
    public void Read_ReportsNoGpus_AndWhy_WhenNvmlIsNotInstalled()
    {
        var reading = new NvmlGpuInventory().Read();

        Assert.Empty(reading.Gpus);
        Assert.Equal("none", reading.Source);
        Assert.Equal("NVML (libnvidia-ml.so.1) is not installed: this node reports no GPUs.", reading.Message);
    }

    [NvmlFact]
    public void Read_DescribesEveryGpu_ThroughTheRealNvml()
    {
        var reading = new NvmlGpuInventory().Read();

        // A machine with the library may still lack a driver or a device; both say why.
        if (reading.Source == "none")
        {
            Assert.Empty(reading.Gpus);
            Assert.Contains("no GPUs", reading.Message);
            return;
        }
        Assert.Equal("nvml", reading.Source);
        Assert.All(reading.Gpus, gpu =>
        {
            Assert.Contains(gpu.Model, GpuModels.Sold);
            Assert.Matches(PciAddresses.Pattern, gpu.PciAddress);
        });
        Assert.Equal(reading.Gpus.Count, reading.Gpus.Select(g => g.PciAddress).Distinct().Count());
        Assert.True(reading.Gpus.Count > 0 || reading.Message is not null, "an empty nvml reading must say why");
    }

    [Fact]
    public void NativeStructs_HaveTheLayoutOfNvmlH()
    {
        Assert.Equal(68, Marshal.SizeOf<NvmlPciInfo>());
        Assert.Equal(16, (int)Marshal.OffsetOf<NvmlPciInfo>(nameof(NvmlPciInfo.Domain)));
        Assert.Equal(32, (int)Marshal.OffsetOf<NvmlPciInfo>(nameof(NvmlPciInfo.PciSubSystemId)));
        Assert.Equal(36, (int)Marshal.OffsetOf<NvmlPciInfo>(nameof(NvmlPciInfo.BusId)));
        Assert.Equal(24, Marshal.SizeOf<NvmlMemory>());
    }

    [Fact]
    public void Read_MapsCatalogueGpus_AndNormalisesTheirAddresses()
    {
        var inventory = new NvmlGpuInventory(() => Scan(
            new NvmlDeviceRecord(0, "NVIDIA A100-SXM4-80GB", "GPU-aaaaaaaa-1111-2222-3333-444444444444", 80 * GiB, "00000000:41:00.0"),
            new NvmlDeviceRecord(1, "Tesla T4", null, 15 * GiB, "00000000:C1:00.0")));

        var reading = inventory.Read();

        Assert.Equal(
            [
                new GpuDevice { Model = "A100-80GB", Uuid = "GPU-aaaaaaaa-1111-2222-3333-444444444444", PciAddress = "0000:41:00.0" },
                new GpuDevice { Model = "T4", Uuid = null, PciAddress = "0000:c1:00.0" },
            ],
            reading.Gpus);
        Assert.Equal(("nvml", (string?)null), (reading.Source, reading.Message));
    }

    [Fact]
    public void Read_SkipsGpusTheCatalogueDoesNotSell_AndSaysSo()
    {
        var inventory = new NvmlGpuInventory(() => Scan(
            new NvmlDeviceRecord(0, "NVIDIA H100 80GB HBM3", null, 80 * GiB, "00000000:41:00.0"),
            new NvmlDeviceRecord(1, "NVIDIA GeForce RTX 4090", null, 24 * GiB, "00000000:42:00.0")));

        var reading = inventory.Read();

        Assert.Equal(["RTX-4090"], reading.Gpus.Select(g => g.Model));
        Assert.Equal("Skipped 1 GPU: GPU 0 \"NVIDIA H100 80GB HBM3\" at 0000:41:00.0 is not a catalogue model.", reading.Message);
    }

    [Fact]
    public void Read_SkipsGpusNvmlCouldNotDescribe_OrWithoutAPassthroughAddress()
    {
        var scan = new NvmlScan(
            [new NvmlDeviceRecord(0, "Tesla T4", null, 15 * GiB, "00010000:41:00.0")],
            ["GPU 1: nvmlDeviceGetPciInfo_v3 failed (Unknown Error, NVML error 999)"],
            null);

        var reading = new NvmlGpuInventory(() => scan).Read();

        Assert.Empty(reading.Gpus);
        Assert.Equal("nvml", reading.Source);
        Assert.Equal(
            "Skipped 2 GPUs: GPU 1: nvmlDeviceGetPciInfo_v3 failed (Unknown Error, NVML error 999); "
            + "GPU 0 \"Tesla T4\" has a bus id without a passthrough address: \"00010000:41:00.0\".",
            reading.Message);
    }

    [Fact]
    public void Read_SaysNvmlSawNoGpus_WhenTheDriverReportsNone()
    {
        var reading = new NvmlGpuInventory(() => Scan()).Read();

        Assert.Equal(("nvml", "NVML reports no GPUs on this node."), (reading.Source, reading.Message));
    }

    [Fact]
    public void Read_PassesOnWhyNvmlIsUnusable()
    {
        var reading = new NvmlGpuInventory(() => NvmlScan.Unusable("NVML could not start (Driver Not Loaded, NVML error 9): this node reports no GPUs.")).Read();

        Assert.Empty(reading.Gpus);
        Assert.Equal(("none", "NVML could not start (Driver Not Loaded, NVML error 9): this node reports no GPUs."), (reading.Source, reading.Message));
    }

    [Fact]
    public void Read_NeverThrows_WhenTheScanFails()
    {
        var reading = new NvmlGpuInventory(() => throw new InvalidOperationException("driver fault")).Read();

        Assert.Empty(reading.Gpus);
        Assert.Equal("none", reading.Source);
        Assert.Equal("NVML failed (InvalidOperationException: driver fault): this node reports no GPUs.", reading.Message);
    }

    private static NvmlScan Scan(params NvmlDeviceRecord[] devices) => new(devices, [], null);
}
