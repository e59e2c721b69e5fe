namespace VmCloud.Core.Manifests;

/// <summary>Where a document comes from, which decides its default namespace and what it may declare.</summary>
/// <param name="File">The file as shown in errors.</param>
/// <param name="TenantFolder">The tenant whose folder (<c>tenants/NAME/</c>) holds the file, if any.</param>
/// <param name="AllowStatus">Whether the document may carry a status (fleet files do; Git manifests do not).</param>
public sealed record DocumentContext(string File, string? TenantFolder, bool AllowStatus = false)
{
    /// <summary>
    /// The context of a file at a path relative to the tree root. The tenant is the folder under
    /// <c>tenants/</c> at the root of the tree — or, when the root itself lies in a tenant's folder
    /// (<c>vmcl validate repo/tenants/acme</c>, or one file), that tenant.
    /// </summary>
    public static DocumentContext ForTreePath(string displayPath, string relativePath, bool allowStatus = false)
    {
        var inTree = relativePath.Split('/');
        var tenant = inTree.Length >= 3 && inTree[0] == "tenants" ? inTree[1] : null;
        var display = displayPath.Replace('\\', '/');
        if (tenant is null && display.EndsWith(relativePath, StringComparison.Ordinal))
        {
            var root = display[..^relativePath.Length].Split('/', StringSplitOptions.RemoveEmptyEntries);
            var at = Array.LastIndexOf(root, "tenants");
            if (at >= 0 && at + 1 < root.Length) tenant = root[at + 1];
            else if (at >= 0 && at == root.Length - 1 && inTree.Length >= 2) tenant = inTree[0];
        }
        return new DocumentContext(displayPath, tenant, allowStatus);
    }
}
