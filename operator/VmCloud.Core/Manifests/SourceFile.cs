namespace VmCloud.Core.Manifests;

/// <summary>The text of one manifest file.</summary>
/// <param name="DisplayPath">The path as shown in errors (the tree path as the user gave it, then the file).</param>
/// <param name="RelativePath">The path inside the tree, '/'-separated, e.g. tenants/acme/web.yaml.</param>
/// <param name="Text">The decoded UTF-8 text.</param>
public sealed record SourceFile(string DisplayPath, string RelativePath, string Text);
