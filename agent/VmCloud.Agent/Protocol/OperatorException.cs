namespace VmCloud.Agent.Protocol;

/// <summary>Why a request to the operator did not succeed, as the agent reacts to it.</summary>
public enum OperatorFailure
{
    /// <summary>No answer: connection refused, reset, TLS refused or timed out. Retried with backoff.</summary>
    Unreachable,

    /// <summary>401: the token is missing or unknown. Retried slowly; the operator's token list may be fixed meanwhile.</summary>
    Unauthorized,

    /// <summary>403: the token belongs to another node.</summary>
    Forbidden,

    /// <summary>404 on a report: the operator has no registration for the node; the agent registers again.</summary>
    NotRegistered,

    /// <summary>Another 4xx: the operator refused the request (e.g. 400 with the reason).</summary>
    Refused,

    /// <summary>5xx: the operator failed; retried with backoff.</summary>
    ServerError,

    /// <summary>The answer was not what the protocol says (bad JSON, another node's document, another protocol version).</summary>
    BadAnswer,
}

/// <summary>A request to the operator failed; <see cref="Failure"/> says how the agent should react.</summary>
/// <param name="failure">The kind of failure.</param>
/// <param name="message">What happened, with the operator's own message when it gave one.</param>
/// <param name="inner">The underlying exception, if any.</param>
public sealed class OperatorException(OperatorFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The kind of failure.</summary>
    public OperatorFailure Failure { get; } = failure;
}
