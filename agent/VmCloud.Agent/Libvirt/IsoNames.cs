using System.Text;

namespace VmCloud.Agent.Libvirt;

/// <summary>File names in the two trees of an <see cref="IsoImage"/>.</summary>
internal static class IsoNames
{
    private const string JolietForbidden = "*/:;?\\";

    /// <summary>
    /// The ISO 9660 level 1 name (8.3, uppercase d-characters, version 1), for readers without
    /// Joliet: <c>user-data</c> becomes <c>USER_DAT.;1</c>.
    /// </summary>
    internal static string Primary(string name)
    {
        Joliet(name);
        var dot = name.LastIndexOf('.');
        var stem = dot < 0 ? name : name[..dot];
        var extension = dot < 0 ? "" : name[(dot + 1)..];
        return $"{DCharacters(stem, 8)}.{DCharacters(extension, 3)};1";
    }

    /// <summary>The Joliet name: the name itself, once checked against what Joliet allows.</summary>
    /// <exception cref="ArgumentException">The name is empty, longer than 64 characters, or has a character Joliet forbids.</exception>
    internal static string Joliet(string name)
    {
        if (name.Length is 0 or > 64 || name is "." or ".."
            || name.Any(c => c < ' ' || char.IsSurrogate(c) || JolietForbidden.Contains(c, StringComparison.Ordinal)))
        {
            throw new ArgumentException(
                $"file name \"{name}\" is not allowed in an ISO image: 1 to 64 characters, none of {JolietForbidden} or control characters",
                nameof(name));
        }

        return name;
    }

    private static string DCharacters(string text, int length)
    {
        var result = new StringBuilder(length);
        foreach (var c in text.ToUpperInvariant())
        {
            if (result.Length == length)
            {
                break;
            }

            result.Append(c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') ? c : '_');
        }

        return result.ToString();
    }
}
