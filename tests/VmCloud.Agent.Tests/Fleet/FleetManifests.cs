using System.Globalization;
using System.Text;

namespace VmCloud.Agent.Tests.Fleet;

/// <summary>HypervisorNode manifests written for a test fleet.</summary>
internal static class FleetManifests
{
    public static string Node(string name, string role = "Compute", int vcpus = 64, string gpus = "") =>
        string.Create(CultureInfo.InvariantCulture, $"""
        apiVersion: vmcloud.io/v1alpha1
        kind: HypervisorNode
        metadata:
          name: {name}
        spec:
          datacenter: PAR-1
          role: {role}
        status:
          capacity: {"{"}vcpus: {vcpus}, memoryGiB: 256, storageGiB: 1280{"}"}
        {gpus}
        """);

    /// <summary>Writes <paramref name="count"/> compute nodes <c>hollow-0001</c>… as files of at most 500 documents.</summary>
    public static void WriteComputeNodes(string directory, int count)
    {
        for (var start = 0; start < count; start += 500)
        {
            var text = new StringBuilder();
            for (var i = start; i < Math.Min(count, start + 500); i++) text.Append(Node(NameOf(i))).Append("\n---\n");
            File.WriteAllText(Path.Join(directory, $"nodes-{start:D5}.yaml"), text.ToString());
        }
    }

    public static string NameOf(int index) => string.Create(CultureInfo.InvariantCulture, $"hollow-{index + 1:D4}");
}
