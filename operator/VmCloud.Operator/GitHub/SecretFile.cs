namespace VmCloud.Operator.GitHub;

/// <summary>
/// Reads a credential (a webhook secret, an API token) from its file, the way the agent reads its
/// token: a file every local user can read is refused, since anyone on the host could then forge
/// webhooks or act on GitHub as the operator. Errors say what to run.
/// </summary>
internal static class SecretFile
{
    // A secret or token is a few hundred bytes at most; a larger file is the wrong file.
    private const long MaxBytes = 64 * 1024;

    /// <summary>The file's text without the trailing line break, or null and the reason.</summary>
    public static (string? Value, string? Error) Read(string path, string what)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return (null, $"{path}: no such file; write the {what} into it and run `chmod 600 {path}`");
            if (!OperatingSystem.IsWindows())
            {
                var mode = File.GetUnixFileMode(path);
                if (mode.HasFlag(UnixFileMode.OtherRead))
                    return (null, $"{path}: the {what} is readable by every user (mode {Octal(mode)}); run `chmod 600 {path}`");
            }
            if (info.Length > MaxBytes) return (null, $"{path}: {info.Length} bytes is too large for a {what}; the file must hold only the {what}");
            var value = File.ReadAllText(path).TrimEnd('\r', '\n');
            return value.Trim().Length == 0
                ? (null, $"{path}: the file is empty; it must hold the {what}")
                : (value, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"{path}: cannot read the {what}: {e.Message}");
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
