using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VmCloud.Core.Manifests;

/// <summary>
/// Checks the metadata a manifest may set (name, namespace, labels, annotations) with the
/// Kubernetes rules. Fields the control plane owns are refused, so a manifest cannot forge them.
/// </summary>
internal static partial class MetadataBinder
{
    private const int MaxAnnotationBytes = 256 * 1024;

    private static readonly string[] Settable = ["name", "namespace", "labels", "annotations"];

    private static readonly string[] SystemOwned =
        ["uid", "generation", "resourceVersion", "creationTimestamp", "deletionTimestamp",
         "deletionGracePeriodSeconds", "finalizers", "ownerReferences", "managedFields", "selfLink"];

    /// <summary>The metadata as JSON, reporting every problem; null when it is not a mapping.</summary>
    public static JsonObject? Bind(YamlValue value, Action<SourceMark, string> report, IDictionary<string, SourceMark> positions)
    {
        positions["metadata"] = value.At;
        if (value is not YamlMap map)
        {
            report(value.At, "metadata: expected a mapping with at least a name");
            return null;
        }
        var result = new JsonObject();
        foreach (var (key, item) in map.Entries)
        {
            var path = $"metadata.{key.Value}";
            positions[path] = item.At;
            if (SystemOwned.Contains(key.Value)) report(key.At, $"{path} is set by the control plane; remove it from the manifest");
            else if (key.Value == "generateName") report(key.At, "metadata.generateName is not supported; give the object a metadata.name");
            else if (!Settable.Contains(key.Value)) report(key.At, $"{path}: unknown field{Suggestions.DidYouMean(key.Value, Settable)}; known fields: {string.Join(", ", Settable)}");
            else if (key.Value is "name" or "namespace" && Name(item, path, report) is { } name) result[key.Value] = name;
            else if (key.Value is "labels" or "annotations" && Map(item, path, report) is { } pairs) result[key.Value] = Check(key.Value, pairs, item, report);
        }
        if (map.Get("name") is null) report(map.At, "metadata.name is required: a lower-case DNS label such as web-1");
        return result;
    }

    private static string? Name(YamlValue value, string path, Action<SourceMark, string> report)
    {
        if (value is not YamlScalar { IsNull: false } scalar)
        {
            report(value.At, $"{path}: expected a name");
            return null;
        }
        if (scalar.Value.Length <= 63 && DnsLabel().IsMatch(scalar.Value)) return scalar.Value;
        report(value.At, $"{path}: \"{scalar.Value}\" is not a valid name: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit");
        return null;
    }

    private static Dictionary<string, (string Value, SourceMark KeyAt, SourceMark At)>? Map(YamlValue value, string path, Action<SourceMark, string> report)
    {
        if (value is YamlScalar { IsNull: true }) return null;
        if (value is not YamlMap map)
        {
            report(value.At, $"{path}: expected a mapping of strings");
            return null;
        }
        var pairs = new Dictionary<string, (string, SourceMark, SourceMark)>();
        foreach (var (key, item) in map.Entries)
        {
            if (item is YamlScalar { IsNull: false } scalar && ScalarTypes.Of(scalar) == "string") pairs[key.Value] = (scalar.Value, key.At, item.At);
            else report(item.At, $"{path}.{key.Value}: values must be strings; quote it");
        }
        return pairs;
    }

    private static JsonObject Check(string field, Dictionary<string, (string Value, SourceMark KeyAt, SourceMark At)> pairs, YamlValue value, Action<SourceMark, string> report)
    {
        var result = new JsonObject();
        foreach (var (key, (text, keyAt, at)) in pairs)
        {
            if (!QualifiedName(key)) report(keyAt, $"metadata.{field}: key \"{key}\" is not a valid qualified name (optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' or '.')");
            else if (field == "labels" && !(text.Length <= 63 && (text.Length == 0 || LabelValue().IsMatch(text))))
                report(at, $"metadata.labels.{key}: \"{text}\" is not a valid label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)");
            else result[key] = text;
        }
        if (field == "annotations" && pairs.Sum(p => Encoding.UTF8.GetByteCount(p.Key) + Encoding.UTF8.GetByteCount(p.Value.Value)) > MaxAnnotationBytes)
            report(value.At, "metadata.annotations: over 256 KiB in total; keep large data out of annotations");
        return result;
    }

    private static bool QualifiedName(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var (prefix, name) = slash < 0 ? ("", key) : (key[..slash], key[(slash + 1)..]);
        return (slash < 0 || (prefix.Length is > 0 and <= 253 && DnsSubdomain().IsMatch(prefix)))
            && name.Length is > 0 and <= 63 && LabelValue().IsMatch(name);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
