using System.Text;

namespace VmCloud.Core.Manifests;

/// <summary>
/// What every reader of a manifest tree (a directory, a Git commit) decides the same way: which
/// names are manifests, how their bytes decode, and what the refusals say, so a tree is accepted
/// or refused alike wherever it is read from.
/// </summary>
public static class ManifestContent
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];
    private static readonly byte[] Utf16LeBom = [0xFF, 0xFE];
    private static readonly byte[] Utf16BeBom = [0xFE, 0xFF];

    /// <summary>Refusal of every symbolic link when <see cref="LoadLimits.FollowSymlinks"/> is off.</summary>
    public const string LinksRefusedByPolicy = "symbolic links are not allowed here by policy; commit the file itself";

    /// <summary>Refusal of a link that leads to a folder.</summary>
    public const string LinkToDirectory = "symbolic links to directories are not followed; move the manifests into the tree";

    /// <summary>Whether a file name is a manifest's: <c>.yaml</c> or <c>.yml</c>, in any case.</summary>
    public static bool IsManifestName(string name) =>
        name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The text of a manifest file: strict UTF-8, a leading BOM dropped. UTF-16, NUL bytes (binary)
    /// and invalid UTF-8 are refused with an error at <paramref name="display"/>, and null returned.
    /// </summary>
    public static SourceFile? Decode(ReadOnlySpan<byte> bytes, string display, string relative, List<ManifestError> errors)
    {
        if (bytes.StartsWith(Utf8Bom)) bytes = bytes[3..];
        else if (bytes.StartsWith(Utf16LeBom) || bytes.StartsWith(Utf16BeBom))
        {
            errors.Add(new(Mark(display), "the file is UTF-16; save it as UTF-8"));
            return null;
        }
        var nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            errors.Add(new(Mark(display), $"binary file (a NUL byte at offset {nul}); only YAML text manifests belong here"));
            return null;
        }
        try
        {
            return new SourceFile(display, relative, StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException e)
        {
            var line = 1 + bytes[..Math.Max(0, e.Index)].Count((byte)'\n');
            errors.Add(new(new SourceMark(display, line, 1), "the file is not valid UTF-8; save it as UTF-8"));
            return null;
        }
    }

    /// <summary>Refusal of a file over <see cref="LoadLimits.MaxFileBytes"/>.</summary>
    public static string FileTooLarge(long maxFileBytes) => $"file is larger than the cap of {Size(maxFileBytes)}; split it into smaller files";

    /// <summary>Refusal of the first file over <see cref="LoadLimits.MaxFiles"/>.</summary>
    public static string TooManyFiles(int maxFiles) => $"more than {maxFiles:N0} manifest files in the tree; split the repository or raise the cap";

    /// <summary>Refusal of the file that takes the tree over <see cref="LoadLimits.MaxTreeBytes"/>.</summary>
    public static string TreeTooLarge(long maxTreeBytes) => $"the tree holds more than {Size(maxTreeBytes)} of manifests; split the repository or raise the cap";

    /// <summary>Refusal of a link whose target does not exist.</summary>
    public static string BrokenLink(string target) => $"broken symbolic link to {target}";

    /// <summary>Refusal of a link that leads out of the tree.</summary>
    public static string LinkOutsideTree(string target) => $"symbolic link leads outside the tree (to {target}); manifests must live inside it";

    /// <summary>The start of a file, where file-level errors point.</summary>
    public static SourceMark Mark(string display) => new(display, 1, 1);

    private static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MiB" : bytes >= 1024 ? $"{bytes / 1024.0:0.#} KiB" : $"{bytes} bytes";
}
