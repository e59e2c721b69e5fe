using VmCloud.Api.V1Alpha1;

namespace VmCloud.Agent.Gpus;

/// <summary>
/// GPUs declared in a YAML file instead of read from NVML: for tests and the hollow (simulated)
/// fleet. The file is a list of <c>{model, uuid, pciAddress}</c>:
/// <code>
/// - model: A100-80GB
///   uuid: GPU-5f3c9a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b
///   pciAddress: "0000:41:00.0"
/// </code>
/// The agent validates its configuration at start: <see cref="Load"/> returns every error with
/// file:line so the agent can refuse to start, and a loaded inventory's <see cref="Read"/> never
/// fails. The file is read once; a changed declaration takes effect at the next start.
/// </summary>
public sealed class FileGpuInventory : IGpuInventory
{
    /// <summary>The <see cref="GpuReading.Source"/> of a reading from a declaration file.</summary>
    public const string Source = "file";

    private readonly GpuReading reading;

    private FileGpuInventory(string path, IReadOnlyList<GpuDevice> gpus)
    {
        Path = path;
        reading = new GpuReading(gpus, Source, null);
    }

    /// <summary>The declaration file.</summary>
    public string Path { get; }

    /// <summary>Reads and validates a declaration file; never throws for a bad or missing file.</summary>
    /// <param name="path">The file; error locations name it as given.</param>
    /// <param name="catalogueModels">The models that may be declared; default <see cref="GpuModels.Sold"/>
    /// (pass the loaded catalogue's model names when the agent has the catalogue).</param>
    public static GpuFileLoadResult Load(string path, IReadOnlyCollection<string>? catalogueModels = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (gpus, errors) = GpuFileParser.Parse(path, catalogueModels ?? GpuModels.Sold);
        return errors.Count == 0
            ? new GpuFileLoadResult(new FileGpuInventory(path, gpus), [])
            : new GpuFileLoadResult(null, errors);
    }

    /// <inheritdoc />
    public GpuReading Read() => reading;
}
