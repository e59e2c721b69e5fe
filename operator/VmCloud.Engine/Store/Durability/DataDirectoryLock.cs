namespace VmCloud.Engine.Store.Durability;

/// <summary>
/// Keeps a data directory to one process: an exclusive lock on its LOCK file (flock on Unix, a share
/// mode on Windows), which the kernel releases when the process ends, even by kill -9.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream file;

    private DataDirectoryLock(FileStream file) => this.file = file;

    public static DataDirectoryLock Acquire(string directory)
    {
        var path = Path.Combine(directory, "LOCK");
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            file.Write(System.Text.Encoding.UTF8.GetBytes($"{Environment.ProcessId}\n"));
            file.Flush();
            return new DataDirectoryLock(file);
        }
        catch (IOException ex)
        {
            throw new StoreException($"the data directory {directory} is in use by another store (its LOCK file is held): {ex.Message}");
        }
    }

    public void Dispose() => file.Dispose();
}
