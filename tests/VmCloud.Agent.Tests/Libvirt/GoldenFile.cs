using System.Text;
using VmCloud.Tests;

namespace VmCloud.Agent.Tests.Libvirt;

/// <summary>
/// Compares text with a file under <c>Libvirt/Golden/</c> and fails with a line diff when they
/// differ. <c>VMCLOUD_UPDATE_GOLDEN=1</c> rewrites the file instead (then review the diff in Git).
/// </summary>
internal static class GoldenFile
{
    private const int MaxReportedLines = 20;

    public static void Verify(string fileName, string actual)
    {
        var path = RepoPaths.Combine("tests", "VmCloud.Agent.Tests", "Libvirt", "Golden", fileName);
        if (Environment.GetEnvironmentVariable("VMCLOUD_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run the tests with VMCLOUD_UPDATE_GOLDEN=1 to write it");
        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            Assert.Fail($"output differs from {path} (VMCLOUD_UPDATE_GOLDEN=1 rewrites it):\n{Diff(expected, actual)}");
        }
    }

    /// <summary>
    /// A unified-style diff from the longest common subsequence of lines: "-" lines only in the
    /// expected text, "+" lines only in the actual one, each with its line number.
    /// </summary>
    public static string Diff(string expected, string actual)
    {
        var before = expected.Split('\n');
        var after = actual.Split('\n');
        var common = new int[before.Length + 1, after.Length + 1];
        for (var i = before.Length - 1; i >= 0; i--)
        {
            for (var j = after.Length - 1; j >= 0; j--)
            {
                common[i, j] = before[i] == after[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var report = new StringBuilder();
        var (x, y, reported) = (0, 0, 0);
        while ((x < before.Length || y < after.Length) && reported < MaxReportedLines)
        {
            if (x < before.Length && y < after.Length && before[x] == after[y])
            {
                (x, y) = (x + 1, y + 1);
            }
            else if (x < before.Length && (y == after.Length || common[x + 1, y] >= common[x, y + 1]))
            {
                report.Append($"-{x + 1,4}: {before[x++]}\n");
                reported++;
            }
            else
            {
                report.Append($"+{y + 1,4}: {after[y++]}\n");
                reported++;
            }
        }

        return report.ToString();
    }
}
