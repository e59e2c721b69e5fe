using VmCloud.Agent.Gpus;
using VmCloud.Agent.Node;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Agent.Hosting;

/// <summary>The options of <c>vmcloud-agent</c> on one real node, validated whole at start.</summary>
/// <param name="OperatorUrl">The operator.</param>
/// <param name="Node">The HypervisorNode's name.</param>
/// <param name="Datacenter">The node's datacenter.</param>
/// <param name="Role">What the node serves.</param>
/// <param name="Token">The node's bearer token, read from <c>--token-file</c>.</param>
/// <param name="LibvirtUri">The libvirt connection.</param>
/// <param name="Pool">The storage pool volumes live in.</param>
/// <param name="Gpus">Where GPUs come from.</param>
/// <param name="StateDirectory">The agent's own directory.</param>
/// <param name="Urls">Where the agent serves /livez and /metrics.</param>
/// <param name="CaFile">The private CA the operator's certificate must chain to, if any.</param>
internal sealed record NodeHostOptions(Uri OperatorUrl, string Node, string Datacenter, NodeRole Role, string Token, string LibvirtUri, string Pool,
    IGpuInventory Gpus, string StateDirectory, string Urls, string? CaFile)
{
    public static readonly string[] Flags =
        ["--operator", "--node", "--datacenter", "--role", "--token-file", "--libvirt-uri", "--pool", "--gpus", "--state-dir", "--urls", "--ca-file"];

    public static NodeHostOptions? Parse(CommandArguments args, List<string> errors, List<string> warnings)
    {
        var operatorUrl = OptionChecks.OperatorUrl(args["--operator"], errors);
        var node = OptionChecks.Required(args["--node"], "--node", "the HypervisorNode's name, e.g. par1-c01", errors);
        OptionChecks.Pattern(node, "--node", Patterns.DnsLabel, errors);
        var datacenter = OptionChecks.Required(args["--datacenter"], "--datacenter", "the node's datacenter, e.g. PAR-1", errors);
        OptionChecks.Pattern(datacenter, "--datacenter", Patterns.Datacenter, errors);
        var role = ParseRole(args["--role"], errors);
        var tokenFile = OptionChecks.Required(args["--token-file"], "--token-file", "the file holding the node's bearer token", errors);
        var token = tokenFile is null ? null : TokenFile.Read(tokenFile, "--token-file", errors, warnings);
        var gpus = GpuSource(args["--gpus"] ?? (role == NodeRole.Gpu ? "nvml" : "none"), errors);
        var state = OptionChecks.StateDirectory(args["--state-dir"], errors);
        var urls = OptionChecks.Urls(args["--urls"], errors);
        OptionChecks.CaFile(args["--ca-file"], errors);
        var libvirt = args["--libvirt-uri"] ?? "qemu:///system";
        var pool = args["--pool"] ?? "default";
        if (args.Positional.Count > 0) errors.Add($"unexpected argument(s): {string.Join(' ', args.Positional)}");
        return errors.Count > 0 ? null
            : new NodeHostOptions(operatorUrl!, node!, datacenter!, role!.Value, token!, libvirt, pool, gpus!, state, urls, args["--ca-file"]);
    }

    /// <summary>The session's options.</summary>
    public NodeAgentOptions AgentOptions() => new() { Node = Node, Datacenter = Datacenter, Role = Role, StateDirectory = StateDirectory };

    private static NodeRole? ParseRole(string? value, List<string> errors)
    {
        if (value is null) errors.Add("--role is required: compute, gpu, lb or cdn");
        else if (Enum.TryParse<NodeRole>(value, ignoreCase: true, out var role) && Enum.IsDefined(role) && !char.IsDigit(value[0])) return role;
        else errors.Add($"--role {value}: expected compute, gpu, lb or cdn");
        return null;
    }

    // nvml reads the GPUs at every registration; a file is validated now so a typo stops the agent with file:line.
    private static IGpuInventory? GpuSource(string value, List<string> errors)
    {
        if (value == "nvml") return new NvmlGpuInventory();
        if (value == "none") return DeclaredGpuInventory.None;
        if (value.StartsWith("file:", StringComparison.Ordinal) && value.Length > 5)
        {
            var loaded = FileGpuInventory.Load(value[5..]);
            errors.AddRange(loaded.Errors.Select(e => $"--gpus {value}: {e}"));
            return loaded.Inventory;
        }

        errors.Add($"--gpus {value}: expected nvml, file:PATH or none");
        return null;
    }
}
