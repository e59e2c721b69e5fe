using System.Text.RegularExpressions;
using VmCloud.Api.V1Alpha1;
using YamlDotNet.RepresentationModel;

namespace VmCloud.Agent.Gpus;

/// <summary>
/// Checks the entries of one declaration file, in order: shape, keys, each value, and that no
/// PCI address or UUID is declared twice (both name a physical device).
/// </summary>
internal sealed partial class GpuEntryChecks(IReadOnlyCollection<string> models, GpuFileReport report)
{
    private const string ModelKey = "model";
    private const string UuidKey = "uuid";
    private const string PciAddressKey = "pciAddress";
    private static readonly string[] Keys = [ModelKey, UuidKey, PciAddressKey];

    private readonly Dictionary<string, long> addressLines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> uuidLines = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The device of <paramref name="item"/>, or null after reporting why not.</summary>
    public GpuDevice? Check(YamlNode item)
    {
        if (item is not YamlMappingNode mapping)
        {
            report.At(item.Start, $"each GPU is a mapping {{model, uuid, pciAddress}}, found {GpuFileParser.Describe(item)}.");
            return null;
        }
        var fields = Fields(mapping);
        if (fields is null)
            return null;
        var model = Model(mapping, fields.GetValueOrDefault(ModelKey));
        var address = Address(mapping, fields.GetValueOrDefault(PciAddressKey));
        var uuidValid = Uuid(fields.GetValueOrDefault(UuidKey), out var uuid);
        return model is null || address is null || !uuidValid
            ? null
            : new GpuDevice { Model = model, Uuid = uuid, PciAddress = address };
    }

    private Dictionary<string, YamlScalarNode>? Fields(YamlMappingNode mapping)
    {
        var fields = new Dictionary<string, YamlScalarNode>(StringComparer.Ordinal);
        var valid = true;
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!Keys.Contains(name, StringComparer.Ordinal))
            {
                report.At(key.Start, $"unknown key '{name}'; allowed keys: {string.Join(", ", Keys)}.");
                valid = false;
            }
            else if (value is not YamlScalarNode scalar)
            {
                report.At(value.Start, $"'{name}' is a single value, found {GpuFileParser.Describe(value)}.");
                valid = false;
            }
            else if (!string.IsNullOrEmpty(scalar.Value))
            {
                fields[name] = scalar;
            }
        }
        return valid ? fields : null;
    }

    private string? Model(YamlMappingNode mapping, YamlScalarNode? node)
    {
        var allowed = string.Join(", ", models);
        if (node is null)
        {
            report.At(mapping.Start, $"'model' is required: one of {allowed}.");
            return null;
        }
        var model = node.Value!;
        if (models.Contains(model, StringComparer.Ordinal))
            return model;
        var near = models.FirstOrDefault(m => string.Equals(m, model, StringComparison.OrdinalIgnoreCase));
        var hint = near is null ? "" : $" (did you mean \"{near}\"?)";
        report.At(node.Start, $"model \"{model}\" is not a catalogue GPU model{hint}; expected one of {allowed}.");
        return null;
    }

    private string? Address(YamlMappingNode mapping, YamlScalarNode? node)
    {
        if (node is null)
        {
            report.At(mapping.Start, "'pciAddress' is required: the passthrough address, e.g. \"0000:41:00.0\".");
            return null;
        }
        var address = node.Value!;
        if (!PciAddresses.IsCanonical(address))
        {
            var hint = PciAddresses.FromNvml(address) is { } canonical && canonical != address ? $" (did you mean \"{canonical}\"?)" : "";
            report.At(node.Start, $"pciAddress \"{address}\" is not domain:bus:slot.function in lower-case hex, e.g. \"0000:41:00.0\"{hint}.");
            return null;
        }
        return Unique(addressLines, address, node, "pciAddress") ? address : null;
    }

    private bool Uuid(YamlScalarNode? node, out string? uuid)
    {
        uuid = node?.Value;
        if (node is null)
            return true;
        if (!NvmlUuid().IsMatch(uuid!))
        {
            report.At(node.Start, $"uuid \"{uuid}\" is not an NVML GPU UUID such as \"GPU-5f3c9a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b\".");
            return false;
        }
        return Unique(uuidLines, uuid!, node, "uuid");
    }

    private bool Unique(Dictionary<string, long> seen, string value, YamlScalarNode node, string key)
    {
        if (seen.TryGetValue(value, out var line))
        {
            report.At(node.Start, $"{key} \"{value}\" is already declared on line {line}; each GPU is declared once.");
            return false;
        }
        seen[value] = node.Start.Line;
        return true;
    }

    [GeneratedRegex(@"^GPU-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NvmlUuid();
}
