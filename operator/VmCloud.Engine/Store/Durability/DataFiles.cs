using System.Globalization;

namespace VmCloud.Engine.Store.Durability;

/// <summary>
/// The files of a data directory: <c>snapshot</c> (the objects at one revision), <c>snapshot.tmp</c>
/// (one being written), and log segments <c>log-{first revision}.wal</c>, each the records from
/// its first revision until the next segment's.
/// </summary>
internal static class DataFiles
{
    /// <summary>Starts every segment, so a stray file is never read as a log.</summary>
    public static ReadOnlySpan<byte> SegmentMagic => "VMCLOG01"u8;

    /// <summary>Starts every snapshot.</summary>
    public static ReadOnlySpan<byte> SnapshotMagic => "VMCSNP01"u8;

    public const int MagicSize = 8;

    public static string Snapshot(string directory) => Path.Combine(directory, "snapshot");

    public static string SnapshotTemp(string directory) => Path.Combine(directory, "snapshot.tmp");

    public static string Segment(string directory, long firstRevision) =>
        Path.Combine(directory, $"log-{firstRevision.ToString("D20", CultureInfo.InvariantCulture)}.wal");

    /// <summary>The segments, oldest first, with their first revisions.</summary>
    public static List<(long FirstRevision, string Path)> Segments(string directory)
    {
        var segments = new List<(long, string)>();
        foreach (var path in Directory.EnumerateFiles(directory, "log-*.wal"))
        {
            var name = Path.GetFileNameWithoutExtension(path)["log-".Length..];
            if (long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var first)) segments.Add((first, path));
        }

        segments.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return segments;
    }
}
