using System.Security.Cryptography;
using System.Text;
using VmCloud.Engine.GitSync;

namespace VmCloud.Engine.Tests.GitSync;

/// <summary>
/// An in-memory commit for <see cref="IGitClient"/>: any listing at all, including what git itself
/// would never produce, and blobs by id. Records which blobs were read, so tests can check a
/// refused file was never read.
/// </summary>
internal sealed class FakeGitClient : IGitClient
{
    public const string Commit = "c0ffee0000000000000000000000000000000000";

    private readonly List<GitTreeEntry> entries = [];
    private readonly Dictionary<string, byte[]> blobs = new(StringComparer.Ordinal);
    private readonly List<string> read = [];

    /// <summary>Every blob id read, in order.</summary>
    public IReadOnlyList<string> BlobsRead => read;

    /// <summary>How many ReadBlobsAsync calls were made.</summary>
    public int ReadCalls { get; private set; }

    public FakeGitClient File(string path, string text) => File(path, Encoding.UTF8.GetBytes(text));

    public FakeGitClient File(string path, byte[] bytes) => Add(path, "100644", bytes);

    public FakeGitClient Link(string path, string target) => Add(path, GitTreeEntry.SymlinkMode, Encoding.UTF8.GetBytes(target));

    public FakeGitClient Submodule(string path)
    {
        entries.Add(new GitTreeEntry(path, GitTreeEntry.SubmoduleMode, Id([1, 2, 3]), -1));
        return this;
    }

    /// <summary>An entry whose listed size is not its blob's: what a lying or broken client could say.</summary>
    public FakeGitClient Entry(string path, string mode, long listedSize, byte[] bytes)
    {
        var id = Id(bytes);
        blobs[id] = bytes;
        entries.Add(new GitTreeEntry(path, mode, id, listedSize));
        return this;
    }

    public string IdOf(string path) => entries.Single(e => e.Path == path).ObjectId;

    public Task<string> FetchAsync(string refName, CancellationToken cancellationToken) => throw new GitException("the fake is never fetched");

    public Task<string> ResolveCommitAsync(string revision, CancellationToken cancellationToken) => Task.FromResult(Commit);

    public Task<IReadOnlyList<GitTreeEntry>> ListTreeAsync(string commit, CancellationToken cancellationToken)
    {
        Assert.Equal(Commit, commit);
        return Task.FromResult<IReadOnlyList<GitTreeEntry>>(entries);
    }

    public Task<IReadOnlyList<byte[]>> ReadBlobsAsync(IReadOnlyList<string> objectIds, CancellationToken cancellationToken)
    {
        ReadCalls++;
        read.AddRange(objectIds);
        return Task.FromResult<IReadOnlyList<byte[]>>(objectIds.Select(id => blobs.TryGetValue(id, out var blob) ? blob : throw new GitException($"{id} missing")).ToList());
    }

    public Task<GitCommitInfo> DescribeCommitAsync(string commit, CancellationToken cancellationToken) =>
        Task.FromResult(new GitCommitInfo(commit, "Ada", DateTimeOffset.UnixEpoch, "fake"));

    private FakeGitClient Add(string path, string mode, byte[] bytes) => Entry(path, mode, bytes.Length, bytes);

    // Forty hex digits derived from the content, as git's ids look (git hashes with SHA-1; any hash does here).
    private static string Id(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..40];
}
