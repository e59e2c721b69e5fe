namespace VmCloud.Engine.GitSync;

/// <summary>Object ids as git prints them: 40 (SHA-1) or 64 (SHA-256) lower-case hex digits.</summary>
internal static class GitObjectId
{
    /// <summary>Whether <paramref name="id"/> is a full object id, and nothing git could read as a revision expression.</summary>
    public static bool IsValid(string id) => id.Length is 40 or 64 && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
