using System.Text;
using System.Text.RegularExpressions;
using VmCloud.Api.V1Alpha1;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace VmCloud.Agent.Gpus;

/// <summary>
/// Turns a GPU declaration file into devices, or into every located error it has. Reads the YAML
/// as nodes (not through a deserializer) because every check needs the line of the value it checks.
/// </summary>
internal static partial class GpuFileParser
{
    /// <summary>The most GPUs a node's status may list.</summary>
    public const int MaxGpus = 64;

    private const long MaxBytes = 1 << 20;

    // The schema is two levels deep; refusing deeper input early keeps a pathological file from
    // exhausting the stack of the recursive node loader.
    private const int MaxDepth = 8;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static (IReadOnlyList<GpuDevice> Gpus, IReadOnlyList<GpuFileError> Errors) Parse(string path, IReadOnlyCollection<string> models)
    {
        var report = new GpuFileReport(path);
        var root = LoadRoot(path, report);
        if (root is null)
            return ([], report.Errors);
        if (root is not YamlSequenceNode list)
        {
            report.At(root.Start, $"expected a list of GPUs ({{model, uuid, pciAddress}}), found {Describe(root)}; write [] for a node without GPUs.");
            return ([], report.Errors);
        }
        if (list.Children.Count > MaxGpus)
            report.At(list.Children[MaxGpus].Start, $"a node has at most {MaxGpus} GPUs; this file declares {list.Children.Count}.");

        var gpus = new List<GpuDevice>();
        var entries = new GpuEntryChecks(models, report);
        foreach (var item in list.Children)
        {
            if (entries.Check(item) is { } gpu)
                gpus.Add(gpu);
        }
        return (gpus, report.Errors);
    }

    private static YamlNode? LoadRoot(string path, GpuFileReport report)
    {
        if (ReadText(path, report) is not { } text)
            return null;
        try
        {
            if (Unsupported(text) is { } unsupported)
            {
                report.At(unsupported.At, unsupported.Message);
                return null;
            }
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
                report.At(Mark.Empty, "the file is empty; declare a list of GPUs, or [] for a node without GPUs.");
            else if (stream.Documents.Count > 1)
                report.At(stream.Documents[1].RootNode.Start, "the file holds several YAML documents; declare one list of GPUs.");
            else
                return stream.Documents[0].RootNode;
        }
        catch (YamlException ex)
        {
            report.At(ex.Start, $"invalid YAML: {LocationSuffix().Replace(ex.InnerException?.Message ?? ex.Message, "")}");
        }
        return null;
    }

    private static string? ReadText(string path, GpuFileReport report)
    {
        try
        {
            if (new FileInfo(path).Length > MaxBytes)
            {
                report.At(Mark.Empty, $"the file is larger than {MaxBytes / 1024} KiB; a GPU declaration is a few lines.");
                return null;
            }
            return File.ReadAllText(path, StrictUtf8);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            report.At(Mark.Empty, "file not found; fix the path of the GPU declaration file or remove the setting to use NVML.");
        }
        catch (DecoderFallbackException)
        {
            report.At(Mark.Empty, "the file is not UTF-8 text.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            report.At(Mark.Empty, $"cannot read the file: {ex.Message}");
        }
        return null;
    }

    // A first pass over the events, where positions are still exact: an alias loads as its anchor's
    // node, so an error found later would name the anchor's line instead of the alias's.
    private static (Mark At, string Message)? Unsupported(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            if (parser.Current is AnchorAlias alias)
                return (alias.Start, $"aliases (*{alias.Value}) are not supported here; write each GPU out in full.");
            if (parser.Current is SequenceStart or MappingStart && ++depth > MaxDepth)
                return (parser.Current.Start, $"the YAML nests deeper than {MaxDepth} levels; a GPU declaration is a flat list of mappings.");
            if (parser.Current is SequenceEnd or MappingEnd)
                depth--;
        }
        return null;
    }

    /// <summary>What a node is, in the words of an error message.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => $"the value \"{scalar.Value}\"",
        _ => "an alias",
    };

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex LocationSuffix();
}

/// <summary>The errors of one file, each at a YAML position.</summary>
internal sealed class GpuFileReport(string path)
{
    private readonly List<GpuFileError> errors = [];

    public IReadOnlyList<GpuFileError> Errors => [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];

    /// <summary>Reports at <paramref name="at"/>; <see cref="Mark.Empty"/> (line 0) means the whole file, shown as 1:1.</summary>
    public void At(Mark at, string message) =>
        errors.Add(new GpuFileError(path, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column), message));
}
