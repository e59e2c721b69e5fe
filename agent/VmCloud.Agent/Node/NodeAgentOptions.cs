using VmCloud.Api.V1Alpha1;

namespace VmCloud.Agent.Node;

/// <summary>What one node session needs to know besides its parts.</summary>
public sealed record NodeAgentOptions
{
    /// <summary>The HypervisorNode's name.</summary>
    public required string Node { get; init; }

    /// <summary>The node's datacenter, e.g. PAR-1.</summary>
    public required string Datacenter { get; init; }

    /// <summary>What the node serves.</summary>
    public required NodeRole Role { get; init; }

    /// <summary>The agent's own directory on the node: cloud-init seeds go under <c>seeds/</c>.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The agent version sent in registrations and reports.</summary>
    public string AgentVersion { get; init; } = AgentVersionInfo.Current;

    /// <summary>The libvirt network NICs join.</summary>
    public string NetworkName { get; init; } = "default";

    /// <summary>How long a guest gets to power off after an ACPI shutdown before it is destroyed.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Overrides the operator's heartbeat interval (tests); null keeps the operator's.</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>Overrides the operator's long-poll wait in seconds (tests); null keeps the operator's.</summary>
    public int? LongPollSeconds { get; init; }

    /// <summary>The first retry delay after a failed request.</summary>
    public TimeSpan RetryBase { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest retry delay.</summary>
    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the seeds of this node's servers are written.</summary>
    public string SeedDirectory => Path.Join(StateDirectory, "seeds");
}

/// <summary>The agent's version, from its assembly.</summary>
public static class AgentVersionInfo
{
    /// <summary>The informational version without build metadata, e.g. 0.1.0.</summary>
    public static string Current { get; } =
        (typeof(AgentVersionInfo).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0");
}
