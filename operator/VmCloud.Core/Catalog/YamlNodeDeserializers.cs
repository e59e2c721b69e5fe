using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace VmCloud.Core.Catalog;

/// <summary>Records where each <see cref="PositionedDocument"/> starts in the file.</summary>
internal sealed class PositionRecordingNodeDeserializer(INodeDeserializer inner) : INodeDeserializer
{
    public bool Deserialize(
        IParser reader,
        Type expectedType,
        Func<IParser, Type, object?> nestedObjectDeserializer,
        out object? value,
        ObjectDeserializer rootDeserializer)
    {
        var start = reader.Current?.Start ?? Mark.Empty;
        if (!inner.Deserialize(reader, expectedType, nestedObjectDeserializer, out value, rootDeserializer))
            return false;
        if (value is PositionedDocument document)
            document.Position = new SourcePosition((int)start.Line, (int)start.Column);
        return true;
    }
}

/// <summary>
/// Turns a scalar that does not convert (e.g. <c>vcpus: four</c>) into an error that says what
/// was expected, at the scalar, instead of YamlDotNet's "Exception during deserialization".
/// </summary>
internal sealed class ScalarTypeErrorNodeDeserializer(INodeDeserializer inner) : INodeDeserializer
{
    public bool Deserialize(
        IParser reader,
        Type expectedType,
        Func<IParser, Type, object?> nestedObjectDeserializer,
        out object? value,
        ObjectDeserializer rootDeserializer)
    {
        var scalar = reader.Current as Scalar;
        try
        {
            return inner.Deserialize(reader, expectedType, nestedObjectDeserializer, out value, rootDeserializer);
        }
        catch (Exception ex) when (scalar is not null && ex is not YamlException)
        {
            throw new YamlException(
                scalar.Start,
                scalar.End,
                $"'{scalar.Value}' is not {YamlShapes.Describe(expectedType)}.");
        }
    }
}

/// <summary>
/// The last node deserializer: reached only when a node has the wrong shape for its key
/// (a list where a mapping is expected...), it reports what was expected.
/// </summary>
internal sealed class WrongShapeNodeDeserializer : INodeDeserializer
{
    public bool Deserialize(
        IParser reader,
        Type expectedType,
        Func<IParser, Type, object?> nestedObjectDeserializer,
        out object? value,
        ObjectDeserializer rootDeserializer)
    {
        var found = reader.Current;
        var start = found?.Start ?? Mark.Empty;
        var end = found?.End ?? Mark.Empty;
        throw new YamlException(
            start,
            end,
            $"expected {YamlShapes.Describe(expectedType)} here, found {YamlShapes.Describe(found)}.");
    }
}

/// <summary>Plain-words names of YAML shapes and of the types they deserialize into.</summary>
internal static class YamlShapes
{
    public static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "text";
        if (type == typeof(int) || type == typeof(long)) return "a whole number";
        if (type == typeof(decimal) || type == typeof(double)) return "a number";
        if (type == typeof(bool)) return "true or false";
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>)) return "a mapping of names to values";
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>)) return "a list";
        return "a mapping";
    }

    public static string Describe(ParsingEvent? found) => found switch
    {
        MappingStart => "a mapping",
        SequenceStart => "a list",
        Scalar scalar => $"'{scalar.Value}'",
        _ => "nothing",
    };

    public static string Describe(string eventName) => eventName switch
    {
        "MappingStart" => "a mapping",
        "SequenceStart" => "a list",
        "Scalar" => "a single value",
        _ => eventName,
    };
}
