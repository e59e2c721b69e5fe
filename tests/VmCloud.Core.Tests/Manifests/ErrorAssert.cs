using VmCloud.Core.Manifests;

namespace VmCloud.Core.Tests.Manifests;

/// <summary>Assertions on manifest errors: always the exact position, and the gist of the message.</summary>
internal static class ErrorAssert
{
    /// <summary>There is exactly one error, at this position, saying each of <paramref name="gist"/>.</summary>
    public static ManifestError Single(IEnumerable<ManifestError> errors, string file, int line, int column, params string[] gist) =>
        Single(errors, new SourceMark(file, line, column), gist);

    /// <inheritdoc cref="Single(IEnumerable{ManifestError}, string, int, int, string[])"/>
    public static ManifestError Single(IEnumerable<ManifestError> errors, SourceMark at, params string[] gist)
    {
        var list = errors.ToList();
        Assert.True(list.Count == 1, $"expected one error, got {list.Count}:{Describe(list)}");
        return Contains(list, at, gist);
    }

    /// <summary>Among the errors, one is at this position and says each of <paramref name="gist"/>.</summary>
    public static ManifestError Contains(IEnumerable<ManifestError> errors, string file, int line, int column, params string[] gist) =>
        Contains(errors, new SourceMark(file, line, column), gist);

    /// <inheritdoc cref="Contains(IEnumerable{ManifestError}, string, int, int, string[])"/>
    public static ManifestError Contains(IEnumerable<ManifestError> errors, SourceMark at, params string[] gist)
    {
        var list = errors.ToList();
        var match = list.FirstOrDefault(e => e.At == at && gist.All(g => e.Message.Contains(g, StringComparison.Ordinal)));
        Assert.True(match is not null, $"no error at {at} saying \"{string.Join("\" and \"", gist)}\"; got:{Describe(list)}");
        return match!;
    }

    /// <summary>No error at all.</summary>
    public static void None(IEnumerable<ManifestError> errors)
    {
        var list = errors.ToList();
        Assert.True(list.Count == 0, $"expected no error, got:{Describe(list)}");
    }

    private static string Describe(List<ManifestError> errors) =>
        errors.Count == 0 ? " (none)" : string.Concat(errors.Select(e => $"{Environment.NewLine}  {e}"));
}
