namespace VmCloud.Agent.Gpus;

/// <summary>A problem in a GPU declaration file, located for the agent's start-up refusal.</summary>
/// <param name="Path">The file, as given to <see cref="FileGpuInventory.Load"/>.</param>
/// <param name="Line">1-based line; 1 when the problem is the whole file (missing, empty).</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">What is wrong and what to do about it.</param>
public sealed record GpuFileError(string Path, int Line, int Column, string Message)
{
    /// <summary>The error as <c>path:line:column: message</c>.</summary>
    public override string ToString() => $"{Path}:{Line}:{Column}: {Message}";
}

/// <summary>The outcome of <see cref="FileGpuInventory.Load"/>: an inventory, or every error of the file.</summary>
/// <param name="Inventory">The loaded inventory; null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Every problem of the file, by line.</param>
public sealed record GpuFileLoadResult(FileGpuInventory? Inventory, IReadOnlyList<GpuFileError> Errors);
