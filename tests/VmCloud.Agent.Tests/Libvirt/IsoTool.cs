using System.Diagnostics;

namespace VmCloud.Agent.Tests.Libvirt;

/// <summary>Runs a reader of ISO images (isoinfo, blkid) the way cloud-init's host would.</summary>
internal static class IsoTool
{
    public static bool Exists(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Append("/sbin")
            .Any(directory => directory.Length > 0 && File.Exists(Path.Join(directory, tool)));

    /// <summary>Runs the tool and returns its standard output as bytes; fails the test on a non-zero exit.</summary>
    public static byte[] Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = (Environment.GetEnvironmentVariable("PATH") ?? "") + ":/usr/sbin:/sbin";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var error = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), $"{tool} did not finish within 30 s");
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}");
        return output.ToArray();
    }

    public static string RunText(string tool, params string[] arguments) =>
        System.Text.Encoding.UTF8.GetString(Run(tool, arguments));
}

/// <summary>A fact that needs a command-line tool, skipped with the reason when the tool is absent.</summary>
/// <param name="tool">The command.</param>
/// <param name="package">The Debian package that installs it.</param>
public sealed class ToolFactAttribute(string tool, string package) : FactAttribute
{
    /// <inheritdoc/>
    public override string? Skip
    {
        get => base.Skip ?? (IsoTool.Exists(tool) ? null : $"{tool} is not installed (Debian package {package})");
        set => base.Skip = value;
    }
}
