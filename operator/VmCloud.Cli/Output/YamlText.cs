using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace VmCloud.Cli.Output;

/// <summary>
/// JSON from the API as YAML, keys in the API's order, the way kubectl writes it: sequences not
/// indented under their key, empty maps and lists as <c>{}</c> and <c>[]</c>, and strings that a
/// YAML reader would take for something else (<c>"True"</c>, <c>"Off"</c>, timestamps) quoted.
/// </summary>
internal static class YamlText
{
    // Words YAML 1.1 (which Kubernetes' YAML library still follows) reads as booleans or null.
    private static readonly HashSet<string> ReservedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "", "~", "null", "true", "false", "yes", "no", "y", "n", "on", "off", "<<", "=",
    };

    /// <summary>One YAML document holding <paramref name="node"/>.</summary>
    public static string Write(JsonNode node)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(text, new EmitterSettings(
            bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024,
            skipAnchorName: false, indentSequences: false, newLine: "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject map:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, map.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, child) in map)
                {
                    EmitString(emitter, key);
                    Emit(emitter, child);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray list:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, list.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in list) Emit(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                EmitString(emitter, value.GetValue<string>());
                break;
            default:
                // Numbers keep the API's digits; true, false and null are the same words in YAML.
                EmitPlain(emitter, node?.ToJsonString() ?? "null");
                break;
        }
    }

    /// <summary>True when a plain scalar with this text would be read back as something other than a string.</summary>
    private static bool LooksLikeNonString(string text) =>
        ReservedWords.Contains(text)
        || char.IsAsciiDigit(text[0])
        || (text.Length > 1 && text[0] is '+' or '-' or '.' && (char.IsAsciiDigit(text[1]) || text[1] == '.'))
        || text.StartsWith(".inf", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith(".nan", StringComparison.OrdinalIgnoreCase);

    private static void EmitString(IEmitter emitter, string text)
    {
        var style = LooksLikeNonString(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, style, isPlainImplicit: true, isQuotedImplicit: true));
    }

    private static void EmitPlain(IEmitter emitter, string text) =>
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
}
