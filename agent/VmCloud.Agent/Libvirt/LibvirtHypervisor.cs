using VmCloud.Agent.Convergence;

namespace VmCloud.Agent.Libvirt;

/// <summary>
/// <see cref="IHypervisor"/> over one libvirt connection and one storage pool. Calls are
/// serialised with a lock, so one agent can share the connection between threads, and every
/// libvirt error is read on the failing call's thread, right after it (libvirt keeps them
/// thread-local). Every failure becomes a <see cref="HypervisorException"/> with libvirt's message.
/// </summary>
public sealed partial class LibvirtHypervisor : IHypervisor
{
    private const uint UndefineEverything = NativeLibvirt.UndefineManagedSave | NativeLibvirt.UndefineSnapshotsMetadata
        | NativeLibvirt.UndefineNvram | NativeLibvirt.UndefineCheckpointsMetadata;

    // What every driver that undefines at all accepts (the test driver refuses the NVRAM and
    // checkpoint flags; it keeps neither).
    private const uint UndefineSavesAndSnapshots = NativeLibvirt.UndefineManagedSave | NativeLibvirt.UndefineSnapshotsMetadata;

    private readonly Lock gate = new();
    private readonly ConnectHandle connection;
    private readonly string uri;
    private readonly string poolName;
    private readonly bool isTestDriver;
    private readonly string domainType;
    private readonly decimal? declaredPoolCapacity;

    private LibvirtHypervisor(ConnectHandle connection, string uri, string poolName, string connectionType, string volumeFormat)
    {
        this.connection = connection;
        this.uri = uri;
        this.poolName = poolName;
        isTestDriver = connectionType == TestDriverQuirks.ConnectionType;
        domainType = connectionType switch
        {
            "QEMU" => "kvm",
            _ => connectionType.ToLowerInvariant(),
        };
        declaredPoolCapacity = isTestDriver ? TestDriverQuirks.DeclaredPoolCapacity(uri, poolName) : null;
        VolumeFormat = volumeFormat;
    }

    /// <summary>The format new volumes get: <c>qcow2</c> on file-based pools, <c>raw</c> elsewhere (for <see cref="DomainHost.DiskFormat"/>).</summary>
    public string VolumeFormat { get; }

    /// <summary>Connects to <paramref name="uri"/> (<c>qemu:///system</c>, <c>test:///PATH</c>, …) and checks that the pool exists.</summary>
    /// <exception cref="HypervisorException">libvirt cannot connect, or has no such pool.</exception>
    public static LibvirtHypervisor Open(string uri, string poolName)
    {
        LibvirtError.SilenceDefaultHandler();
        var connection = NativeLibvirt.virConnectOpen(uri);
        if (connection.IsInvalid)
        {
            var error = LibvirtError.TakeLast();
            connection.Dispose();
            throw new HypervisorException($"libvirt cannot connect to {uri}: {error.Message}");
        }

        try
        {
            var connectionType = NativeLibvirt.PeekString(NativeLibvirt.virConnectGetType(connection))
                ?? throw LibvirtError.TakeLast().Failed($"read the driver type of {uri}");
            using var pool = LookupPool(connection, poolName);
            var volumeFormat = ReadPool(pool, poolName).FileBased ? "qcow2" : "raw";
            return new LibvirtHypervisor(connection, uri, poolName, connectionType, volumeFormat);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public HostFacts ReadHost()
    {
        lock (gate)
        {
            if (NativeLibvirt.virNodeGetInfo(connection, out var node) < 0)
            {
                throw LibvirtError.TakeLast().Failed($"read the node information of {uri}");
            }

            using var pool = LookupPool(connection, poolName);
            if (NativeLibvirt.virStoragePoolGetInfo(pool, out var info) < 0)
            {
                throw LibvirtError.TakeLast().Failed($"read storage pool {poolName}");
            }

            var capacity = declaredPoolCapacity ?? info.Capacity;
            return new HostFacts(
                Cpus: (int)node.Cpus,
                MemoryMiB: (long)(node.MemoryKiB.Value / 1024),
                PoolCapacityGiB: (long)(capacity / Gibibyte),
                PoolPath: ReadPool(pool, poolName).TargetPath,
                DomainType: domainType);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<DomainObservation> ListDomains()
    {
        lock (gate)
        {
            var domains = ListAllDomains();
            try
            {
                var observations = new List<DomainObservation>(domains.Length);
                foreach (var domain in domains)
                {
                    if (Observe(domain) is { } observation)
                    {
                        observations.Add(observation);
                    }
                }

                return observations;
            }
            finally
            {
                foreach (var domain in domains)
                {
                    domain.Dispose();
                }
            }
        }
    }

    /// <inheritdoc/>
    public void DefineDomain(string domainXml)
    {
        var name = DomainXmlReader.TryReadName(domainXml);
        lock (gate)
        {
            using var domain = NativeLibvirt.virDomainDefineXML(connection, domainXml);
            if (domain.IsInvalid)
            {
                throw LibvirtError.TakeLast().Refused(name is null ? "define a domain" : $"define domain {name}");
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>Idempotent: starting a running domain, or stopping a shut-off one, does nothing.</remarks>
    public void SetPower(string uuid, PowerAction action)
    {
        var verb = action switch
        {
            PowerAction.Start => "start",
            PowerAction.Shutdown => "shut down",
            PowerAction.Destroy => "destroy",
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "not a power action"),
        };
        lock (gate)
        {
            using var domain = LookupDomain(uuid) ?? throw new HypervisorException($"there is no domain with UUID {uuid} to {verb}");
            var running = IsRunning(domain);
            if (action == PowerAction.Start ? running : !running)
            {
                return;
            }

            var result = action switch
            {
                PowerAction.Start => NativeLibvirt.virDomainCreate(domain),
                PowerAction.Shutdown => NativeLibvirt.virDomainShutdown(domain),
                _ => NativeLibvirt.virDomainDestroy(domain),
            };
            if (result < 0)
            {
                throw LibvirtError.TakeLast().Refused($"{verb} domain {NameOf(domain)}");
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>Idempotent: a domain already gone is not an error. A running one is refused, as undefining it would leave it transient.</remarks>
    public void UndefineDomain(string uuid)
    {
        lock (gate)
        {
            using var domain = LookupDomain(uuid);
            if (domain is null)
            {
                return;
            }

            var name = NameOf(domain);
            if (IsRunning(domain))
            {
                throw new HypervisorException($"domain {name} is running: destroy it before undefining it");
            }

            var error = TryUndefine(domain, UndefineEverything);
            if (error is { Code: NativeLibvirt.ErrInvalidArg })
            {
                error = TryUndefine(domain, UndefineSavesAndSnapshots);
            }

            if (error is { } refusal)
            {
                throw refusal.Refused($"undefine domain {name}");
            }
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            connection.Dispose();
        }
    }

    private unsafe DomainHandle[] ListAllDomains()
    {
        var count = NativeLibvirt.virConnectListAllDomains(connection, out var array, 0);
        if (count < 0)
        {
            throw LibvirtError.TakeLast().Failed($"list the domains of {uri}");
        }

        try
        {
            var domains = new DomainHandle[count];
            for (var i = 0; i < count; i++)
            {
                domains[i] = DomainHandle.Own(((nint*)array)[i]);
            }

            return domains;
        }
        finally
        {
            NativeLibvirt.FreeArray(array);
        }
    }

    /// <summary>The domain's observation, or null when it vanished since it was listed.</summary>
    private static DomainObservation? Observe(DomainHandle domain)
    {
        var xml = NativeLibvirt.TakeString(NativeLibvirt.virDomainGetXMLDesc(domain, 0));
        if (xml is null || NativeLibvirt.virDomainGetState(domain, out var state, out _, 0) < 0)
        {
            var error = LibvirtError.TakeLast();
            return error.Code == NativeLibvirt.ErrNoDomain ? null : throw error.Failed($"read domain {NameOf(domain)}");
        }

        var running = state != NativeLibvirt.DomainShutoff;
        return DomainXmlReader.Read(xml, running, running ? DomainAddresses.Read(domain) : []);
    }

    private DomainHandle? LookupDomain(string uuid)
    {
        var domain = NativeLibvirt.virDomainLookupByUUIDString(connection, uuid);
        if (!domain.IsInvalid)
        {
            return domain;
        }

        domain.Dispose();
        var error = LibvirtError.TakeLast();
        return error.Code == NativeLibvirt.ErrNoDomain ? null : throw error.Failed($"look up the domain with UUID {uuid}");
    }

    private static LibvirtError? TryUndefine(DomainHandle domain, uint flags) =>
        NativeLibvirt.virDomainUndefineFlags(domain, flags) < 0 ? LibvirtError.TakeLast() : null;

    private static bool IsRunning(DomainHandle domain) =>
        NativeLibvirt.virDomainGetState(domain, out var state, out _, 0) < 0
            ? throw LibvirtError.TakeLast().Failed($"read the state of domain {NameOf(domain)}")
            : state != NativeLibvirt.DomainShutoff;

    private static string NameOf(DomainHandle domain) =>
        NativeLibvirt.PeekString(NativeLibvirt.virDomainGetName(domain)) ?? "(unnamed)";
}
