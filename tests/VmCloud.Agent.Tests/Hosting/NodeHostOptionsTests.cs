using System.Runtime.Versioning;
using VmCloud.Agent.Hosting;
using VmCloud.Agent.Node;
using VmCloud.Agent.Tests.Fakes;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Agent.Tests.Hosting;

[SupportedOSPlatform("linux")]
public sealed class NodeHostOptionsTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly string tokenFile;

    public NodeHostOptionsTests()
    {
        tokenFile = directory.Combine("node.token");
        WriteToken(tokenFile, "abc123\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public static TheoryData<string[], string> Invalid() => new()
    {
        { ["--operator", "ftp://x"], "--operator ftp://x: not an http:// or https:// URL" },
        { ["--node", "Par1_C01"], "--node Par1_C01: expected a name of at most 63 lower-case letters" },
        { ["--datacenter", "paris"], "--datacenter paris: expected a datacenter code such as PAR-1" },
        { ["--role", "storage"], "--role storage: expected compute, gpu, lb or cdn" },
        { ["--role", "1"], "--role 1: expected compute, gpu, lb or cdn" },
        { ["--gpus", "cuda"], "--gpus cuda: expected nvml, file:PATH or none" },
        { ["--urls", "localhost:9100"], "--urls localhost:9100: not an http:// URL" },
        { ["--token-file", "/nonexistent/token"], "--token-file /nonexistent/token: no such file; mint one with `vmcloud-agent tokens`" },
        { ["--ca-file", "/nonexistent/ca.pem"], "--ca-file /nonexistent/ca.pem: cannot read a PEM certificate from it" },
        { ["--operatr", "http://x"], "unknown option --operatr (did you mean --operator?)" },
        { ["--pool"], "--pool needs a value" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Parse_RefusesABadOption_Saying(string[] change, string expected)
    {
        var (options, errors, _) = Parse(change);

        Assert.Null(options);
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ListsEveryMissingOption_AtOnce()
    {
        var parsed = CommandArguments.Read(["--state-dir", directory.Path], NodeHostOptions.Flags);
        var errors = new List<string>(parsed.Errors);

        Assert.Null(NodeHostOptions.Parse(parsed, errors, []));
        Assert.Equal(["--operator", "--node", "--datacenter", "--role", "--token-file"], errors.Select(e => e.Split(' ')[0]));
    }

    [Fact]
    public void Parse_AcceptsAValidLine_WithTheDefaults()
    {
        var (options, errors, warnings) = Parse([]);

        Assert.Empty(errors);
        Assert.Empty(warnings);
        Assert.NotNull(options);
        Assert.Equal((new Uri("https://operator.example:8443"), "par1-c01", "PAR-1", NodeRole.Compute, "abc123"),
            (options.OperatorUrl, options.Node, options.Datacenter, options.Role, options.Token));
        Assert.Equal(("qemu:///system", "default", "http://127.0.0.1:9100"), (options.LibvirtUri, options.Pool, options.Urls));
        Assert.Same(DeclaredGpuInventory.None, options.Gpus);
    }

    [Fact]
    public void Parse_RefusesAWorldReadableToken_AndWarnsOfAGroupReadableOne()
    {
        WriteToken(tokenFile, "abc123", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        Assert.Contains(Parse([]).Errors, e => e.Contains("readable by every user (mode 0604); run `chmod 600", StringComparison.Ordinal));

        WriteToken(tokenFile, "abc123", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var (options, errors, warnings) = Parse([]);
        Assert.NotNull(options);
        Assert.Empty(errors);
        Assert.Contains(warnings, w => w.Contains("readable by its group", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_RefusesAnEmptyToken()
    {
        WriteToken(tokenFile, " \n", UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Contains(Parse([]).Errors, e => e.EndsWith("the file is empty; it must hold the node's token", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ChecksAGpuFile_WithItsLine()
    {
        var gpus = directory.Combine("gpus.yaml");
        File.WriteAllText(gpus, "- model: A100-80GB\n  pciAddress: \"0000:41:00.0\"\n- model: H100\n  pciAddress: \"0000:61:00.0\"\n");

        var errors = Parse(["--gpus", "file:" + gpus]).Errors;

        Assert.Contains(errors, e => e.StartsWith($"--gpus file:{gpus}: {gpus}:3:", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ReadsAValidGpuFile_AndDefaultsGpuNodesToNvml()
    {
        var gpus = directory.Combine("gpus.yaml");
        File.WriteAllText(gpus, "- model: T4\n  pciAddress: \"0000:41:00.0\"\n");

        Assert.Equal("T4", Assert.Single(Parse(["--gpus", "file:" + gpus]).Options!.Gpus.Read().Gpus).Model);
        Assert.IsType<VmCloud.Agent.Gpus.NvmlGpuInventory>(Parse(["--role", "gpu"]).Options!.Gpus);
    }

    public void Dispose() => directory.Dispose();

    private (NodeHostOptions? Options, List<string> Errors, List<string> Warnings) Parse(string[] change)
    {
        var line = new Dictionary<string, string>
        {
            ["--operator"] = "https://operator.example:8443", ["--node"] = "par1-c01", ["--datacenter"] = "PAR-1",
            ["--role"] = "compute", ["--token-file"] = tokenFile, ["--state-dir"] = directory.Combine("state"),
        };
        var args = new List<string>();
        for (var i = 0; i < change.Length; i++)
        {
            if (i + 1 < change.Length && !change[i + 1].StartsWith("--", StringComparison.Ordinal)) line[change[i]] = change[++i];
            else args.Add(change[i]);
        }

        args.AddRange(line.SelectMany(p => new[] { p.Key, p.Value }));
        var parsed = CommandArguments.Read(args, NodeHostOptions.Flags);
        var (errors, warnings) = (new List<string>(parsed.Errors), new List<string>());
        return (NodeHostOptions.Parse(parsed, errors, warnings), errors, warnings);
    }

    private static void WriteToken(string path, string token, UnixFileMode mode)
    {
        File.WriteAllText(path, token);
        File.SetUnixFileMode(path, mode);
    }
}
