using VmCloud.Agent.Convergence;
using VmCloud.Agent.Libvirt;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Agent.Tests.Convergence;

/// <summary>Desired documents and observations in a few words, with short aliases for uids in expectations.</summary>
internal static class Fixtures
{
    public const string PoolPath = "/pool";
    public static readonly DateTimeOffset Now = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] Aliases = ["web", "db", "gpu", "data", "logs", "ghost", "old"];

    /// <summary>The uid of an alias: a lowercase UUID, as the store mints them.</summary>
    public static string Uid(string alias) => $"00000000-0000-4000-8000-{Array.IndexOf(Aliases, alias) + 1:D12}";

    public static string Alias(string text)
    {
        foreach (var alias in Aliases) text = text.Replace(Uid(alias), alias, StringComparison.Ordinal);
        return text;
    }

    public static DesiredServer Server(string alias, int vcpus = 2, int memoryMiB = 2048, int diskGiB = 20, PowerState power = PowerState.Running,
        string[]? gpus = null, string[]? volumes = null, long generation = 1, string kind = "VirtualServer") =>
        new(new Owner(Uid(alias), kind, "acme", alias, generation), "VPS-START", vcpus, memoryMiB, diskGiB, "debian-12", power, alias,
            ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG4rT3vTt99Ox5kndS4HmgTrKBT8SKzhK4rhGkEVGlCI test@example"],
            gpus ?? [], [.. (volumes ?? []).Select(Uid)]);

    public static DesiredVolume Volume(string alias, int sizeGiB = 10) => new(new Owner(Uid(alias), "Volume", "acme", alias, 1), "NVME", sizeGiB);

    public static DesiredDocument Doc(DesiredServer[]? servers = null, DesiredVolume[]? volumes = null, string[]? remove = null, long revision = 7) =>
        new(AgentProtocol.Version, "par1-c01", revision, servers ?? [], volumes ?? [], [.. (remove ?? []).Select(Uid)]);

    /// <summary>A vmcloud domain as libvirt would show it after rendering <paramref name="server"/>.</summary>
    public static DomainObservation DomainOf(DesiredServer server, bool running = true) => new(
        server.Owner.Uid, DomainNames.Domain(server.Owner.Uid), running,
        new DomainOwner(server.Owner.Uid, server.Owner.Kind, server.Owner.Namespace, server.Owner.Name, server.Owner.Generation),
        server.Vcpus, server.MemoryMiB,
        [.. new[] { DomainNames.RootVolume(server.Owner.Uid) }.Concat(server.VolumeUids.Select(DomainNames.Volume)).Select(VolumePath),
            $"/var/lib/vmcloud-agent/seeds/{DomainNames.SeedFile(server.Owner.Uid)}"],
        server.GpuPciAddresses, running ? ["192.0.2.10"] : []);

    public static DomainObservation Foreign(string name, string uuid, bool running = true) =>
        new(uuid, name, running, null, 1, 512, ["/pool/" + name + ".qcow2"], [], []);

    public static PoolVolume RootOf(string alias, long sizeGiB = 20) => Pool(DomainNames.RootVolume(Uid(alias)), sizeGiB);

    public static PoolVolume VolumeOf(string alias, long sizeGiB = 10) => Pool(DomainNames.Volume(Uid(alias)), sizeGiB);

    public static PoolVolume Pool(string name, long sizeGiB) => new(name, VolumePath(name), sizeGiB);

    public static NodeObservation Observed(DomainObservation[]? domains = null, PoolVolume[]? volumes = null) => new(domains ?? [], volumes ?? []);

    public static ShutdownGrace NoShutdowns() => ShutdownGrace.Start(TimeSpan.FromSeconds(60), Now);

    /// <summary>An action in a few words, with aliases for uids: <c>create vmc-web-root 20</c>, <c>start web</c>.</summary>
    public static string Brief(ConvergenceAction action) => Alias(action switch
    {
        ResizeVolume r => $"{(r.Exists ? "grow" : "create")} {r.VolumeName} {r.CapacityGiB}",
        DeleteVolume d => $"delete {d.VolumeName}",
        DefineDomain d => $"{(d.Redefine ? "redefine" : "define")} {d.Uid}",
        ChangePower p => $"{p.Action.ToString().ToLowerInvariant()} {p.DomainUuid}",
        UndefineDomain u => $"undefine {u.DomainUuid}",
        _ => action.Describe(),
    });

    private static string VolumePath(string name) => $"{PoolPath}/{name}";
}
