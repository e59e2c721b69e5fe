using VmCloud.Api.Agents;

namespace VmCloud.Agent.Protocol;

/// <summary>The answer to a long-poll of the desired document.</summary>
/// <param name="Document">The new document, or null when it did not change within the wait (304).</param>
/// <param name="ETag">The document's ETag to send as <c>If-None-Match</c> next time (the one sent, on 304).</param>
public sealed record DesiredPoll(DesiredDocument? Document, string? ETag)
{
    /// <summary>Whether the document changed.</summary>
    public bool Changed => Document is not null;
}
