namespace VmCloud.Agent.Hosting;

/// <summary>
/// Reads a node's bearer token from its file. The token is a credential: a file any local user can
/// read is refused (the agent does not start), one its group can read is accepted with a warning,
/// so a deployment that shares the file with a monitoring group on purpose still works.
/// </summary>
internal static class TokenFile
{
    /// <summary>The token, or null with the errors; <paramref name="warnings"/> gets what is accepted but unwise.</summary>
    public static string? Read(string path, string flag, List<string> errors, List<string> warnings)
    {
        try
        {
            if (!File.Exists(path))
            {
                errors.Add($"{flag} {path}: no such file; mint one with `vmcloud-agent tokens`");
                return null;
            }

            if (!OperatingSystem.IsWindows())
            {
                var mode = File.GetUnixFileMode(path);
                if (mode.HasFlag(UnixFileMode.OtherRead))
                {
                    errors.Add($"{flag} {path}: the token is readable by every user (mode {Octal(mode)}); run `chmod 600 {path}`");
                    return null;
                }

                if (mode.HasFlag(UnixFileMode.GroupRead)) warnings.Add($"{flag} {path}: the token is readable by its group (mode {Octal(mode)}); `chmod 600 {path}` unless that is meant");
            }

            var token = File.ReadAllText(path).Trim();
            if (token.Length == 0) errors.Add($"{flag} {path}: the file is empty; it must hold the node's token");
            else if (token.Any(char.IsWhiteSpace)) errors.Add($"{flag} {path}: the file must hold one token on one line");
            else return token;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{flag} {path}: cannot read it: {e.Message}");
        }

        return null;
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
