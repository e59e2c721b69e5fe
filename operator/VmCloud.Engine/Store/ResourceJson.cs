using System.Buffers;
using System.Text.Json;
using VmCloud.Api;

namespace VmCloud.Engine.Store;

/// <summary>
/// The store's generic view of an object's JSON: which part is the spec and how to move a status from
/// one object to another, whatever the kind. The typed records have no common settable status, so
/// this goes through the API's JSON shape, which every kind round-trips by design.
/// </summary>
internal static class ResourceJson
{
    private const string MetadataProperty = "metadata";
    private const string StatusProperty = "status";

    /// <summary>The object as the API's JSON.</summary>
    public static byte[] Serialize(CustomResource resource) =>
        JsonSerializer.SerializeToUtf8Bytes(resource, resource.GetType(), ApiJson.Options);

    /// <summary>An object of a stored kind from its JSON.</summary>
    public static CustomResource Deserialize(string kind, ReadOnlySpan<byte> json)
    {
        var type = Kinds.TypeOf(kind) ?? throw new StoreException($"kind {kind} is not served; the stored data needs a newer build");
        return JsonSerializer.Deserialize(json, type, ApiJson.Options) as CustomResource
            ?? throw new StoreException($"a stored {kind} is empty");
    }

    /// <summary>
    /// Everything users declare: the JSON without metadata and status (the spec, or an Event's
    /// fields). Equal fingerprints mean the generation stays.
    /// </summary>
    public static byte[] SpecFingerprint(CustomResource resource)
    {
        using var document = JsonDocument.Parse(Serialize(resource));
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals(MetadataProperty) || property.NameEquals(StatusProperty)) continue;
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><paramref name="target"/> with the status of <paramref name="statusSource"/> (none when null).</summary>
    public static CustomResource WithStatusOf(CustomResource target, CustomResource? statusSource)
    {
        var status = statusSource?.StatusBase;
        if (ReferenceEquals(target.StatusBase, status)) return target;

        using var targetDocument = JsonDocument.Parse(Serialize(target));
        using var sourceDocument = status is null ? null : JsonDocument.Parse(Serialize(statusSource!));
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in targetDocument.RootElement.EnumerateObject())
            {
                if (!property.NameEquals(StatusProperty)) property.WriteTo(writer);
            }

            if (sourceDocument is not null && sourceDocument.RootElement.TryGetProperty(StatusProperty, out var sourceStatus))
            {
                writer.WritePropertyName(StatusProperty);
                sourceStatus.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return JsonSerializer.Deserialize(buffer.WrittenSpan, target.GetType(), ApiJson.Options) as CustomResource
            ?? throw new InvalidOperationException($"{target.Kind} did not round-trip through JSON");
    }
}
