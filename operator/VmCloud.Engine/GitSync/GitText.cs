using System.Text.RegularExpressions;

namespace VmCloud.Engine.GitSync;

/// <summary>Makes text from git or from a repository safe to put in a message, a log line or a status.</summary>
internal static partial class GitText
{
    /// <summary>Control characters (which could forge log lines or drive a terminal) replaced by '?'.</summary>
    public static string Printable(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? '?' : c)) : text;

    /// <summary>Every <c>scheme://user:password@</c> reduced to <c>scheme://</c>.</summary>
    public static string WithoutUserInfo(string text) => UserInfo().Replace(text, "$1");

    [GeneratedRegex(@"([A-Za-z][A-Za-z0-9+.\-]*://)[^/\s@]+@")]
    private static partial Regex UserInfo();
}
