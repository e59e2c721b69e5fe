namespace VmCloud.Engine.Runtime;

/// <summary>How an <see cref="EventRecorder"/> writes events.</summary>
public sealed record EventRecorderOptions
{
    /// <summary>Who records, shown as the event's source (a controller name).</summary>
    public string Source { get; init; } = "vmcloud-operator";

    /// <summary>
    /// A repeat of the same event (same object, type, reason and message) within this time of its last
    /// occurrence only counts up; after it, the event starts over with a count of one.
    /// </summary>
    public TimeSpan FoldWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Tries per event when concurrent recorders race on the same event.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Throws when a value cannot work, naming it.</summary>
    public EventRecorderOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(Source);
        if (FoldWindow < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(FoldWindow), FoldWindow, "must not be negative");
        if (MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "must be at least 1");
        return this;
    }
}

/// <summary>The two event types.</summary>
public static class EventTypes
{
    /// <summary>Something went as expected (Scheduled, Started).</summary>
    public const string Normal = "Normal";

    /// <summary>Something needs attention (Rejected, NodeLost).</summary>
    public const string Warning = "Warning";
}
