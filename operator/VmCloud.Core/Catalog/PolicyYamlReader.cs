using System.Reflection;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using YamlDotNet.Serialization.NodeDeserializers;

namespace VmCloud.Core.Catalog;

/// <summary>
/// Reads one policy file into its document shape. Unknown keys, duplicate keys, wrong types and
/// invalid YAML become located errors; nothing here throws on bad input.
/// </summary>
internal static partial class PolicyYamlReader
{
    // Unknown keys are errors on purpose (no IgnoreUnmatchedProperties): a misspelt key in a
    // policy would otherwise silently fall back to a default.
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithDuplicateKeyChecking()
        .WithNodeDeserializer(inner => new PositionRecordingNodeDeserializer(inner), s => s.InsteadOf<ObjectNodeDeserializer>())
        .WithNodeDeserializer(inner => new ScalarTypeErrorNodeDeserializer(inner), s => s.InsteadOf<ScalarNodeDeserializer>())
        .WithNodeDeserializer(new WrongShapeNodeDeserializer(), s => s.OnBottom())
        .Build();

    /// <summary>The document in the file of <paramref name="errors"/>, or null after reporting why not.</summary>
    public static T? Read<T>(PolicyFileErrors errors)
        where T : PositionedDocument
    {
        string text;
        try
        {
            text = File.ReadAllText(errors.Path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            errors.Report(SourcePosition.FileStart, "file not found; every policy file is required.");
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Report(SourcePosition.FileStart, $"cannot read the file: {ex.Message}");
            return null;
        }

        try
        {
            var document = Deserializer.Deserialize<T>(text);
            if (document is null)
                errors.Report(SourcePosition.FileStart, "the file is empty.");
            return document;
        }
        catch (YamlException ex)
        {
            errors.Report(new SourcePosition((int)ex.Start.Line, (int)ex.Start.Column), Explain(ex));
            return null;
        }
        catch (Exception ex)
        {
            // YamlDotNet reports nearly everything as YamlException; this keeps the promise that
            // bad input never throws for whatever it does not.
            errors.Report(SourcePosition.FileStart, $"cannot read the policy: {ex.Message}");
            return null;
        }
    }

    private static string Explain(YamlException ex)
    {
        var message = LocationSuffix().Replace(ex.Message, "");
        if (UnknownProperty().Match(message) is { Success: true } unknown)
            return $"unknown key '{unknown.Groups["key"].Value}'; allowed keys here: {AllowedKeys(unknown.Groups["type"].Value)}.";
        if (UnexpectedEvent().Match(message) is { Success: true } shape)
            return $"expected {YamlShapes.Describe(shape.Groups["expected"].Value)} here, found {YamlShapes.Describe(shape.Groups["found"].Value)}.";
        if (message.StartsWith("Encountered duplicate key", StringComparison.Ordinal))
            return "duplicate key: each key may appear only once in a mapping.";
        if (ex is SyntaxErrorException or SemanticErrorException)
            return $"invalid YAML: {message}";
        return ex.InnerException is null ? message : $"{message}: {ex.InnerException.Message}";
    }

    private static string AllowedKeys(string documentTypeName)
    {
        var type = typeof(PositionedDocument).Assembly.GetTypes()
            .FirstOrDefault(t => t.Name == documentTypeName && t.IsSubclassOf(typeof(PositionedDocument)));
        if (type is null)
            return "(unknown)";
        var keys = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<YamlIgnoreAttribute>() is null)
            .Select(p => CamelCaseNamingConvention.Instance.Apply(p.Name));
        return string.Join(", ", keys);
    }

    [GeneratedRegex(@"\s*\(at Line: \d+, Col: \d+, Idx: \d+\)")]
    private static partial Regex LocationSuffix();

    [GeneratedRegex(@"^Property '(?<key>.*)' not found on type '(?:.*\.)?(?<type>[^.']+)'\.?$")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex(@"^Expected '(?<expected>\w+)', got '(?<found>\w+)'")]
    private static partial Regex UnexpectedEvent();
}
