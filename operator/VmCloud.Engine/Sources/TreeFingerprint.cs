using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VmCloud.Engine.Sources;

/// <summary>
/// A cheap fingerprint of a folder: every file's relative path, size, modification time and link
/// target, hashed. Equal fingerprints mean nothing was edited, so a poll can skip parsing and
/// validating a tree of thousands of manifests. Null when the folder cannot be listed.
/// </summary>
internal static class TreeFingerprint
{
    public static string? Of(string root)
    {
        try
        {
            var entries = new DirectoryInfo(root)
                .EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
                .Select(e => string.Create(CultureInfo.InvariantCulture,
                    $"{Path.GetRelativePath(root, e.FullName)}\0{(e as FileInfo)?.Length}\0{e.LastWriteTimeUtc.Ticks}\0{e.LinkTarget}"))
                .Order(StringComparer.Ordinal);
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', entries))));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
