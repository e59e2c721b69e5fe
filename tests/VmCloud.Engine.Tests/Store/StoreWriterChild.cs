using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace VmCloud.Engine.Tests.Store;

/// <summary>
/// A separate program that writes to an <see cref="VmCloud.Engine.Store.EmbeddedStore"/> and prints
/// each write it got acknowledged, for a test to kill with SIGKILL. It is built once per test run
/// against the very store assemblies under test (copied from this test's output), so what is killed is
/// what is tested; a test project cannot hold a second entry point of its own.
/// </summary>
internal static class StoreWriterChild
{
    /// <summary>
    /// Writers loop over objects: create (step 0), update the spec (1), write the status (2), and
    /// delete every other one. Each acknowledged write prints <c>op name step .</c>; the final dot
    /// tells a whole line from one cut by the kill.
    /// </summary>
    private const string Program = """
        using VmCloud.Api;
        using VmCloud.Api.V1Alpha1;
        using VmCloud.Engine.Store;

        var store = EmbeddedStore.Open(new EmbeddedStoreOptions { DataDirectory = args[0], SnapshotMinRecords = int.Parse(args[2]) });
        var output = TextWriter.Synchronized(Console.Out);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; ; i++)
            {
                var name = $"r{args[1]}-w{writer}-{i}";
                var created = (VirtualServer)await store.CreateAsync(new VirtualServer
                {
                    Metadata = new ObjectMeta { Name = name, Namespace = "kill", Annotations = new Dictionary<string, string> { ["step"] = "0" } },
                    Spec = new VirtualServerSpec { Plan = "VPS-STARTER", Image = "debian-12", Datacenter = "fra1" },
                });
                output.WriteLine($"C {name} 0 .");
                var updated = (VirtualServer)await store.UpdateAsync(created with
                {
                    Metadata = created.Metadata with { Annotations = new Dictionary<string, string> { ["step"] = "1" } },
                    Spec = created.Spec with { Plan = "VPS-BUSINESS" },
                });
                output.WriteLine($"U {name} 1 .");
                await store.UpdateStatusAsync(updated with { Status = new ServerStatus { Phase = "Running", ObservedGeneration = 2 } });
                output.WriteLine($"S {name} 2 .");
                if (i % 2 == 1) continue;
                await store.DeleteAsync(ResourceKey.Of(created));
                output.WriteLine($"D {name} - .");
            }
        })));
        """;

    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
            <AssemblyName>store-writer</AssemblyName>
          </PropertyGroup>
          <ItemGroup>
            <FrameworkReference Include="Microsoft.AspNetCore.App" />
            REFERENCES
          </ItemGroup>
        </Project>
        """;

    /// <summary>The dotnet that runs the tests (the SDK sets it for the processes it starts).</summary>
    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";

    /// <summary>Builds the program (once per test run) and returns the path of its dll.</summary>
    public static async Task<string> BuildAsync()
    {
        var under = AppContext.BaseDirectory;
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(under)))[..12];
        var directory = Path.Combine(Path.GetTempPath(), $"vmcloud-store-writer-{hash}");
        Directory.CreateDirectory(directory);
        var references = Directory.GetFiles(under, "VmCloud.*.dll")
            .Where(path => !Path.GetFileName(path).Contains(".Tests", StringComparison.Ordinal))
            .Select(path => $"<Reference Include=\"{Path.GetFileNameWithoutExtension(path)}\" HintPath=\"{path}\" />");
        await File.WriteAllTextAsync(Path.Combine(directory, "store-writer.csproj"), Project.Replace("REFERENCES", string.Join("\n    ", references), StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(directory, "Program.cs"), Program);

        var output = Path.Combine(directory, "out");
        var (exitCode, log) = await RunAsync(Dotnet, ["build", directory, "-o", output, "-nologo", "-v:q"]);
        Assert.True(exitCode == 0, $"building the store writer failed:\n{log}");
        return Path.Combine(output, "store-writer.dll");
    }

    /// <summary>Starts the program writing to a data directory.</summary>
    public static Process Start(string dll, string dataDirectory, int round, int snapshotMinRecords)
    {
        var start = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { dll, dataDirectory, $"{round}", $"{snapshotMinRecords}" }) start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await stdout + await stderr);
    }
}
