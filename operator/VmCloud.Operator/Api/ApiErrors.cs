using Microsoft.AspNetCore.Http;

namespace VmCloud.Operator.Api;

/// <summary>Errors as Kubernetes <c>Status</c> objects, so clients that speak the Kubernetes API read them.</summary>
internal static class ApiErrors
{
    public static IResult NotFound(string message) => Status(404, "NotFound", message);

    public static IResult BadRequest(string message) => Status(400, "BadRequest", message);

    public static IResult Invalid(string message) => Status(422, "Invalid", message);

    public static IResult Conflict(string message) => Status(409, "Conflict", message);

    public static IResult AlreadyExists(string message) => Status(409, "AlreadyExists", message);

    public static IResult Gone(string message) => Status(410, "Expired", message);

    public static IResult Status(int code, string reason, string message) => Results.Json(
        new { kind = "Status", apiVersion = "v1", status = "Failure", message, reason, code },
        statusCode: code);
}
