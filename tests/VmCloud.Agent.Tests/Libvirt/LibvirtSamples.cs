using VmCloud.Agent.Libvirt;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Agent.Tests.Libvirt;

/// <summary>Desired servers and hosts the libvirt tests share; uids are fixed so golden files stay put.</summary>
internal static class LibvirtSamples
{
    public const string VpsUid = "3f2a8c1e-5b7d-4e9a-8c21-0d4f6a7b9e10";
    public const string GpuUid = "9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f";
    public const string StorageUid = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
    public const string StoppedUid = "7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a";
    public const string VolumeA = "0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d";
    public const string VolumeB = "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e";

    /// <summary>A production host: KVM, a directory pool, seeds beside it.</summary>
    public static readonly DomainHost KvmHost = new("kvm", "/var/lib/vmcloud/pool", "default", "/var/lib/vmcloud/seeds");

    public static DesiredServer Vps(string uid = VpsUid, string name = "web-1", long generation = 3) => new(
        new Owner(uid, "VirtualServer", "acme", name, generation),
        Plan: "VPS-STARTER",
        Vcpus: 2,
        MemoryMiB: 4096,
        DiskGiB: 80,
        Image: "debian-12",
        PowerState: PowerState.Running,
        Hostname: name,
        SshKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0YmVzdGtleWZvcnRlc3RzMTIzNDU2Nzg5MA thomas@acme"],
        GpuPciAddresses: [],
        VolumeUids: []);

    public static DesiredServer GpuInstance(string uid = GpuUid) => new(
        new Owner(uid, "GpuInstance", "helix-ml", "llm-train", 7),
        Plan: "GPU-ENTERPRISE",
        Vcpus: 32,
        MemoryMiB: 262144,
        DiskGiB: 1000,
        Image: "ubuntu-24.04",
        PowerState: PowerState.Running,
        Hostname: "llm-train",
        SshKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHNlY29uZGtleWZvcnRlc3RzOTg3NjU0MzIxMA alex@helix"],
        GpuPciAddresses: ["0000:41:00.0", "0000:c1:00.0"],
        VolumeUids: []);

    public static DesiredServer WithVolumes(string uid = StorageUid) => Vps(uid, "db-1", 12) with
    {
        Plan = "VPS-PERFORMANCE",
        Vcpus = 8,
        MemoryMiB = 16384,
        DiskGiB = 160,
        VolumeUids = [VolumeA, VolumeB],
    };

    public static DesiredServer Stopped(string uid = StoppedUid) => Vps(uid, "batch-1", 5) with { PowerState = PowerState.Stopped };
}
