using System.Globalization;
using System.Text;

namespace VmCloud.Engine.GitSync;

/// <summary>Parsers of git's machine-readable output: <c>ls-tree -z</c>, <c>cat-file --batch</c>, <c>log --format</c>.</summary>
internal static class GitOutput
{
    /// <summary>The entries of <c>git ls-tree -r -l -z</c>: <c>MODE TYPE OID SIZE\tPATH\0</c>, size '-' for a submodule.</summary>
    /// <remarks>Paths that are not UTF-8 keep U+FFFD in place of the bad bytes, so readers can refuse them.</remarks>
    public static IReadOnlyList<GitTreeEntry> ParseTree(ReadOnlySpan<byte> output)
    {
        var entries = new List<GitTreeEntry>();
        while (output.Length > 0)
        {
            var end = output.IndexOf((byte)0);
            var record = end < 0 ? output : output[..end];
            output = end < 0 ? [] : output[(end + 1)..];
            var tab = record.IndexOf((byte)'\t');
            if (tab < 0) throw new GitException($"git ls-tree printed a line without a path: {GitText.Printable(Encoding.UTF8.GetString(record))}");
            var fields = Encoding.ASCII.GetString(record[..tab]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 4) throw new GitException($"git ls-tree printed an unexpected line: {GitText.Printable(Encoding.ASCII.GetString(record[..tab]))}");
            var size = fields[3] == "-" ? -1 : long.Parse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture);
            entries.Add(new GitTreeEntry(Encoding.UTF8.GetString(record[(tab + 1)..]), fields[0], fields[2], size));
        }
        return entries;
    }

    /// <summary>
    /// Reads <paramref name="count"/> objects from <c>git cat-file --batch</c>: a header
    /// <c>OID TYPE SIZE\n</c>, the bytes, a '\n'. A missing object, or one that is not a blob, is a <see cref="GitException"/>.
    /// </summary>
    public static async Task<IReadOnlyList<byte[]>> ReadBlobsAsync(Stream output, int count, CancellationToken cancellationToken)
    {
        var input = new BufferedStream(output, 64 * 1024);
        var blobs = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            var header = (await ReadLineAsync(input, cancellationToken)).Split(' ');
            if (header.Length == 2) throw new GitException($"reading object {header[0]}: it is {header[1]} in the repository");
            if (header.Length != 3 || !long.TryParse(header[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size > Array.MaxLength)
                throw new GitException($"git cat-file printed an unexpected header: {GitText.Printable(string.Join(' ', header))}");
            if (header[1] != "blob") throw new GitException($"reading object {header[0]}: it is a {header[1]}, not a blob");
            var blob = new byte[size];
            await input.ReadExactlyAsync(blob, cancellationToken);
            if ((await ReadLineAsync(input, cancellationToken)).Length != 0) throw new GitException("git cat-file printed more bytes than announced");
            blobs.Add(blob);
        }
        return blobs;
    }

    /// <summary>A commit from <c>git log -1 --format=%H%x00%an%x00%ae%x00%aI%x00%s</c>.</summary>
    public static GitCommitInfo ParseCommit(string output)
    {
        var fields = output.TrimEnd('\n').Split('\0');
        if (fields.Length != 5) throw new GitException($"git log printed an unexpected line: {GitText.Printable(output)}");
        var author = fields[2].Length == 0 ? fields[1] : $"{fields[1]} <{fields[2]}>";
        var date = DateTimeOffset.Parse(fields[3], CultureInfo.InvariantCulture, DateTimeStyles.None);
        return new GitCommitInfo(fields[0], GitText.Printable(author), date, GitText.Printable(fields[4]));
    }

    // A header line: short, ASCII, ended by '\n'.
    private static async Task<string> ReadLineAsync(Stream input, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await input.ReadAsync(one, cancellationToken) == 0) throw new EndOfStreamException();
            if (one[0] == '\n') return line.ToString();
            if (line.Length > 1024) throw new GitException("git cat-file printed a header longer than 1 KiB");
            line.Append((char)one[0]);
        }
    }
}
