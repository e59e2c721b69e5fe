namespace VmCloud.Engine.Store;

/// <summary>How much change history a store keeps for watches, and how far a watcher may lag.</summary>
public sealed record StoreOptions
{
    /// <summary>
    /// Changes kept for watches from a revision; older revisions get <see cref="GoneException"/>.
    /// The default covers minutes of heavy churn, so an informer that reconnects rarely has to relist.
    /// </summary>
    public int HistoryLimit { get; init; } = 100_000;

    /// <summary>
    /// Changes queued for one watcher that is not reading. Past it the watch fails with
    /// <see cref="GoneException"/> (list again) instead of holding every writer back.
    /// </summary>
    public int WatchBufferSize { get; init; } = 10_000;

    /// <summary>Throws when a value cannot work, naming it.</summary>
    public StoreOptions Validate()
    {
        if (HistoryLimit < 1) throw new ArgumentOutOfRangeException(nameof(HistoryLimit), HistoryLimit, "must be at least 1");
        if (WatchBufferSize < 1) throw new ArgumentOutOfRangeException(nameof(WatchBufferSize), WatchBufferSize, "must be at least 1");
        return this;
    }
}

/// <summary>Where and how an <see cref="EmbeddedStore"/> keeps its data.</summary>
public sealed record EmbeddedStoreOptions
{
    /// <summary>The directory of the log, snapshot and lock file; created when missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>History and watch limits, as for every store.</summary>
    public StoreOptions Store { get; init; } = new();

    /// <summary>
    /// A snapshot is taken once the log holds this many records and at least as many as there are
    /// objects. The second rule bounds both start-up (at most about twice the work of loading the
    /// objects) and write amplification (a snapshot rewrites every object, so it waits for as many writes).
    /// </summary>
    public int SnapshotMinRecords { get; init; } = 10_000;

    /// <summary>Throws when a value cannot work, naming it.</summary>
    public EmbeddedStoreOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory)) throw new ArgumentException("must name a directory", nameof(DataDirectory));
        if (SnapshotMinRecords < 1) throw new ArgumentOutOfRangeException(nameof(SnapshotMinRecords), SnapshotMinRecords, "must be at least 1");
        ArgumentNullException.ThrowIfNull(Store);
        Store.Validate();
        return this;
    }
}
