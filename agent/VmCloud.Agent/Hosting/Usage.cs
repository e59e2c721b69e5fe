namespace VmCloud.Agent.Hosting;

/// <summary>The agent's help text and how errors of the command line are printed.</summary>
internal static class Usage
{
    public const string Text = """
        vmcloud-agent: the per-node agent of VmCloud (docs/agent-protocol.md).

        One real node:
          vmcloud-agent --operator URL --node NAME --datacenter DC --role compute|gpu|lb|cdn --token-file FILE
                        [--libvirt-uri qemu:///system] [--pool default] [--gpus nvml|file:PATH|none]
                        [--state-dir /var/lib/vmcloud-agent] [--urls http://127.0.0.1:9100] [--ca-file FILE]

        A hollow fleet (simulated nodes on libvirt's test driver, in one process):
          vmcloud-agent --fleet PATH --operator URL --token-dir DIR --state-dir DIR [--urls URL] [--ca-file FILE]

        Tokens (DIR/NODE.token, mode 0600, and DIR/agent-tokens for the operator's --agent-tokens):
          vmcloud-agent tokens (--fleet PATH | NODE...) --out DIR

          --operator URL      the operator, http:// or https://
          --node NAME         the HypervisorNode's name
          --datacenter DC     the node's datacenter, e.g. PAR-1
          --role ROLE         compute, gpu, lb or cdn
          --token-file FILE   the node's bearer token; refused if every user can read it
          --libvirt-uri URI   libvirt connection (default qemu:///system)
          --pool NAME         libvirt storage pool for volumes (default default)
          --gpus SOURCE       nvml, file:PATH (a YAML list of model/uuid/pciAddress) or none
                              (default nvml on gpu nodes, none elsewhere)
          --state-dir DIR     the agent's own files: cloud-init seeds (default /var/lib/vmcloud-agent)
          --urls URL          where /livez and /metrics are served (default http://127.0.0.1:9100)
          --ca-file FILE      PEM CA the operator's certificate must chain to (default: the system's trust)
          --fleet PATH        a file or folder of HypervisorNode manifests (status.capacity sizes each node)
          --token-dir DIR     the folder of NODE.token files of a fleet
          --out DIR           where tokens are written

        Exit codes: 0 stopped cleanly (SIGTERM) or help; 2 invalid options or an unusable hypervisor.
        """;

    public static int Fail(TextWriter error, IEnumerable<string> errors)
    {
        foreach (var message in errors) error.WriteLine($"vmcloud-agent: {message}");
        error.WriteLine("run `vmcloud-agent --help` for the options");
        return 2;
    }
}
