using System.Globalization;
using System.Text;
using VmCloud.Api.Agents;

namespace VmCloud.Agent.Libvirt;

/// <summary>
/// The cloud-init NoCloud seed of a server: <c>meta-data</c> and <c>user-data</c> on an ISO image
/// labelled <c>cidata</c>, attached as a read-only cdrom (<see cref="DomainXml"/>). Pure functions.
/// Every value is a YAML double-quoted string, so no host name or key can change the document's shape.
/// </summary>
public static class NoCloudSeed
{
    /// <summary>The volume label cloud-init's NoCloud data source looks for.</summary>
    public const string VolumeLabel = "cidata";

    /// <summary>The seed image of <paramref name="server"/>.</summary>
    public static byte[] Build(DesiredServer server) =>
        IsoImage.Build(VolumeLabel,
        [
            new IsoFile("meta-data", Encoding.UTF8.GetBytes(MetaData(server))),
            new IsoFile("user-data", Encoding.UTF8.GetBytes(UserData(server))),
        ]);

    /// <summary>
    /// <c>meta-data</c>: the instance id is the uid, so cloud-init runs its first-boot steps once
    /// per server, not again when a new generation redefines the domain.
    /// </summary>
    public static string MetaData(DesiredServer server) =>
        $"instance-id: {Quote(server.Owner.Uid)}\nlocal-hostname: {Quote(server.Hostname)}\n";

    /// <summary><c>user-data</c>: a <c>#cloud-config</c> with the host name and the SSH keys of the default user.</summary>
    public static string UserData(DesiredServer server)
    {
        var text = new StringBuilder("#cloud-config\n")
            .Append("hostname: ").Append(Quote(server.Hostname)).Append('\n');
        if (server.SshKeys.Count == 0)
        {
            return text.Append("ssh_authorized_keys: []\n").ToString();
        }

        text.Append("ssh_authorized_keys:\n");
        foreach (var key in server.SshKeys)
        {
            text.Append("  - ").Append(Quote(key)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A YAML double-quoted scalar: backslash, quote, and every non-printable character escaped.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => @"\\",
                '"' => "\\\"",
                '\n' => @"\n",
                '\t' => @"\t",
                '\r' => @"\r",
                '\0' => @"\0",
                // C0 and C1 controls, DEL, YAML's own line breaks (NEL, LS, PS) and the BOM.
                < ' ' or '\x7f' or (>= '\x80' and <= '\x9f') or '\u2028' or '\u2029' or '\ufeff' =>
                    c <= '\xff' ? "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture)
                               : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }
}
