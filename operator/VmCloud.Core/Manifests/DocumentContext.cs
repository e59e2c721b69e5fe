namespace VmCloud.Core.Manifests;

/// <summary>Where a document comes from, which decides its default namespace and what it may declare.</summary>
/// <param name="File">The file as shown in errors.</param>
/// <param name="TenantFolder">The tenant whose folder (<c>tenants/NAME/</c>) holds the file, if any.</param>
/// <param name="AllowStatus">Whether the document may carry a status (fleet files do; Git manifests do not).</param>
public sealed record DocumentContext(string File, string? TenantFolder, bool AllowStatus = false)
{
    /// <summary>The context of a file at a path relative to the tree root (segments separated by '/').</summary>
    public static DocumentContext ForTreePath(string displayPath, string relativePath, bool allowStatus = false)
    {
        var segments = relativePath.Split('/');
        var tenant = segments.Length >= 3 && segments[0] == "tenants" ? segments[1] : null;
        return new DocumentContext(displayPath, tenant, allowStatus);
    }
}
