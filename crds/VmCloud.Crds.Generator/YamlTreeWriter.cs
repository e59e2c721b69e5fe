using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace VmCloud.Crds.Generator;

/// <summary>
/// Writes a tree of ordered maps, lists and scalars as one YAML document through YamlDotNet's emitter,
/// which picks a scalar style that keeps every character of the text. Output is LF-only, one scalar per
/// line (no folding), sequences not indented under their key, as kubectl and controller-gen write them.
/// </summary>
internal static class YamlTreeWriter
{
    // Words YAML 1.1 (which Kubernetes' sigs.k8s.io/yaml still follows) reads as booleans or null.
    // An enum value such as WafMode "Off" or condition status "True" must stay a string.
    private static readonly HashSet<string> ReservedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "", "~", "null", "true", "false", "yes", "no", "y", "n", "on", "off", "<<", "=",
    };

    /// <summary>The YAML text of <paramref name="tree"/>, after the given comment lines.</summary>
    public static string Write(IEnumerable<string> headerComments, object tree)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        foreach (var line in headerComments) text.Write($"# {line}\n");
        var emitter = new Emitter(text, new EmitterSettings(
            bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024,
            skipAnchorName: false, indentSequences: false, newLine: "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, tree);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    /// <summary>True when a plain scalar with this text would be read back as something other than a string.</summary>
    public static bool LooksLikeNonString(string text) =>
        ReservedWords.Contains(text)
        || char.IsAsciiDigit(text[0])
        || (text.Length > 1 && text[0] is '+' or '-' or '.' && (char.IsAsciiDigit(text[1]) || text[1] == '.'))
        || text.StartsWith(".inf", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith(".nan", StringComparison.OrdinalIgnoreCase);

    private static void Emit(IEmitter emitter, object value)
    {
        switch (value)
        {
            case OrderedDictionary<string, object> map:
                // An empty map has no block form: {} (e.g. subresources.status).
                var style = map.Count == 0 ? MappingStyle.Flow : MappingStyle.Block;
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, style));
                foreach (var (key, child) in map)
                {
                    EmitString(emitter, key);
                    Emit(emitter, child);
                }
                emitter.Emit(new MappingEnd());
                break;
            case IEnumerable<object> list:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, SequenceStyle.Block));
                foreach (var item in list) Emit(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case string text:
                EmitString(emitter, text);
                break;
            case bool flag:
                EmitPlain(emitter, flag ? "true" : "false");
                break;
            case int or long:
                EmitPlain(emitter, Convert.ToString(value, CultureInfo.InvariantCulture)!);
                break;
            case double number:
                EmitPlain(emitter, number.ToString("R", CultureInfo.InvariantCulture));
                break;
            default:
                throw new InvalidOperationException($"cannot write a {value.GetType().Name} as YAML");
        }
    }

    private static void EmitString(IEmitter emitter, string text)
    {
        var style = LooksLikeNonString(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, style, isPlainImplicit: true, isQuotedImplicit: true));
    }

    private static void EmitPlain(IEmitter emitter, string text) =>
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
}
