using System.Globalization;
using System.Xml.Linq;
using VmCloud.Agent.Convergence;
using VmCloud.Agent.Libvirt;

namespace VmCloud.Agent.Tests.Fakes;

/// <summary>
/// An in-memory hypervisor that behaves like libvirt where the agent depends on it: a domain is
/// keyed by its UUID and a second one with the same name is refused; defining a running domain
/// changes only its persistent configuration, which takes effect at the next start. Tests change
/// things out of band and make acts fail through it.
/// </summary>
internal sealed class FakeHypervisor : IHypervisor
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, FakeDomain> domains = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, long> volumes = new(StringComparer.Ordinal);
    private readonly List<string> calls = [];

    public string PoolPath { get; init; } = "/fake-pool";

    /// <summary>Whether guests ignore ACPI shutdown (only destroy stops them).</summary>
    public bool GuestsIgnoreShutdown { get; set; }

    /// <summary>Makes an act fail: given the act's name and target, returns the message to throw, or null.</summary>
    public Func<string, string, string?>? Refuse { get; set; }

    public bool Disposed { get; private set; }

    public IReadOnlyList<string> Calls
    {
        get { lock (gate) return [.. calls]; }
    }

    public int CountCalls(string prefix)
    {
        lock (gate) return calls.Count(c => c.StartsWith(prefix, StringComparison.Ordinal));
    }

    public HostFacts ReadHost() => new(16, 65536, 1000, PoolPath, "test");

    public IReadOnlyList<DomainObservation> ListDomains()
    {
        lock (gate) return [.. domains.Values.Select(d => d.Observe())];
    }

    public IReadOnlyList<PoolVolume> ListVolumes()
    {
        lock (gate) return [.. volumes.Select(v => new PoolVolume(v.Key, $"{PoolPath}/{v.Key}", v.Value))];
    }

    public void DefineDomain(string domainXml)
    {
        var config = Parse(domainXml);
        lock (gate)
        {
            Act("define", config.Uuid);
            if (domains.Values.Any(d => d.Persistent.Name == config.Name && !string.Equals(d.Persistent.Uuid, config.Uuid, StringComparison.OrdinalIgnoreCase)))
                throw new HypervisorException($"operation failed: domain '{config.Name}' already exists with another uuid");
            if (domains.TryGetValue(config.Uuid, out var existing)) existing.Persistent = config;
            else domains[config.Uuid] = new FakeDomain(config);
        }
    }

    public void SetPower(string uuid, PowerAction action)
    {
        lock (gate)
        {
            Act(action.ToString().ToLowerInvariant(), uuid);
            var domain = Find(uuid);
            switch (action)
            {
                case PowerAction.Start when domain.Running: throw new HypervisorException("Requested operation is not valid: domain is already running");
                case PowerAction.Start: domain.Running = true; domain.Live = domain.Persistent; break;
                case PowerAction.Shutdown when !domain.Running: throw new HypervisorException("Requested operation is not valid: domain is not running");
                case PowerAction.Shutdown: domain.Running = GuestsIgnoreShutdown; break;
                default: domain.Running = false; break;
            }
        }
    }

    public void UndefineDomain(string uuid)
    {
        lock (gate)
        {
            Act("undefine", uuid);
            if (Find(uuid).Running) throw new HypervisorException("Requested operation is not valid: cannot undefine a running domain here");
            domains.Remove(uuid);
        }
    }

    public void ResizeVolume(string name, long capacityGiB)
    {
        lock (gate)
        {
            Act(capacityGiB == 0 ? "delete-volume" : "resize-volume", name);
            if (capacityGiB == 0) volumes.Remove(name);
            else volumes[name] = Math.Max(capacityGiB, volumes.GetValueOrDefault(name));
        }
    }

    public void Dispose() => Disposed = true;

    // Out-of-band changes, as an operator at the console would make them.
    public void StopOutOfBand(string uuid)
    {
        lock (gate) Find(uuid).Running = false;
    }

    public void UndefineOutOfBand(string uuid)
    {
        lock (gate) domains.Remove(uuid);
    }

    public void SetVcpusOutOfBand(string uuid, int vcpus)
    {
        lock (gate)
        {
            var domain = Find(uuid);
            domain.Persistent = WithVcpus(domain.Persistent, vcpus);
            domain.Live = WithVcpus(domain.Live, vcpus);
        }
    }

    public void AddForeign(string name, string uuid, bool running = true)
    {
        var xml = $"<domain type='test'><name>{name}</name><uuid>{uuid}</uuid><memory unit='MiB'>512</memory><vcpu>1</vcpu></domain>";
        lock (gate) domains[uuid] = new FakeDomain(new DomainConfig(uuid, name, xml)) { Running = running };
    }

    public void AddVolume(string name, long capacityGiB)
    {
        lock (gate) volumes[name] = capacityGiB;
    }

    public DomainObservation? Domain(string uuid)
    {
        lock (gate) return domains.TryGetValue(uuid, out var d) ? d.Observe() : null;
    }

    private static DomainConfig WithVcpus(DomainConfig config, int vcpus)
    {
        var root = XElement.Parse(config.Xml);
        root.Element("vcpu")!.Value = vcpus.ToString(CultureInfo.InvariantCulture);
        return config with { Xml = root.ToString() };
    }

    private void Act(string act, string target)
    {
        calls.Add($"{act} {target}");
        if (Refuse?.Invoke(act, target) is { } message) throw new HypervisorException(message);
    }

    private FakeDomain Find(string uuid) =>
        domains.GetValueOrDefault(uuid) ?? throw new HypervisorException($"Domain not found: no domain with matching uuid '{uuid}'");

    private static DomainConfig Parse(string xml)
    {
        var read = DomainXmlReader.Read(xml, running: false, []);
        return new DomainConfig(read.Uuid, read.Name, xml);
    }

    // The XML is kept as libvirt keeps it and read back with the agent's own reader.
    private sealed record DomainConfig(string Uuid, string Name, string Xml);

    private sealed class FakeDomain(DomainConfig config)
    {
        public DomainConfig Persistent { get; set; } = config;

        public DomainConfig Live { get; set; } = config;

        public bool Running { get; set; }

        // libvirt shows the live configuration of a running domain, the persistent one otherwise.
        public DomainObservation Observe() => DomainXmlReader.Read((Running ? Live : Persistent).Xml, Running, Running ? ["192.0.2.10"] : []);
    }
}
