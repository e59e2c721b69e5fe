using System.Text.Json;
using VmCloud.Api;

namespace VmCloud.Engine.Runtime;

/// <summary>
/// Tells whether a computed status differs from the stored one, so a reconciler writes status only
/// when something changed (every write wakes every watcher, including the reconciler itself).
/// </summary>
public static class StatusComparison
{
    /// <summary>
    /// Whether <paramref name="computed"/> says anything <paramref name="stored"/> does not. Compares the
    /// API's JSON form, because record equality compares lists by reference, not by content.
    /// </summary>
    public static bool HasChanged(ResourceStatus? stored, ResourceStatus? computed)
    {
        if (ReferenceEquals(stored, computed)) return false;
        if (stored is null || computed is null || stored.GetType() != computed.GetType()) return true;
        var before = JsonSerializer.SerializeToUtf8Bytes(stored, stored.GetType(), ApiJson.Options);
        var after = JsonSerializer.SerializeToUtf8Bytes(computed, computed.GetType(), ApiJson.Options);
        return !before.AsSpan().SequenceEqual(after);
    }
}
