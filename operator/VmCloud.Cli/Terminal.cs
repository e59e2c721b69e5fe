using Spectre.Console;

namespace VmCloud.Cli;

/// <summary>Where a command writes: plain text streams, and a Spectre console over stdout for tables.</summary>
public sealed class Terminal(TextWriter stdout, TextWriter stderr)
{
    /// <summary>Standard output, for machine-readable output.</summary>
    public TextWriter Out { get; } = stdout;

    /// <summary>Standard error, for diagnostics.</summary>
    public TextWriter Error { get; } = stderr;

    /// <summary>A rich console over standard output; colours only when it is a real terminal.</summary>
    public IAnsiConsole Console { get; } = Create(stdout);

    // Redirected output has no width to detect; wide enough that plan names never wrap.
    private static IAnsiConsole Create(TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(stdout),
        Ansi = stdout == System.Console.Out && !System.Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = stdout == System.Console.Out && !System.Console.IsOutputRedirected ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });
        if (stdout != System.Console.Out || System.Console.IsOutputRedirected) console.Profile.Width = 160;
        return console;
    }
}
