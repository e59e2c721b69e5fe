namespace VmCloud.Api;

/// <summary>Regular expressions shared by the schemas of several kinds.</summary>
public static class Patterns
{
    /// <summary>A DNS-1123 label: names of objects, tenants, spread groups.</summary>
    public const string DnsLabel = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

    /// <summary>A fully qualified host name, e.g. www.example.com.</summary>
    public const string Hostname = @"^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$";

    /// <summary>A datacenter code such as PAR-1; which ones exist is policy.</summary>
    public const string Datacenter = "^[A-Z]{3}-[0-9]{1,2}$";

    /// <summary>An OpenSSH public key line.</summary>
    public const string SshPublicKey =
        @"^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\r\n]*)?$";

    /// <summary>An https URL, the only scheme a CDN may pull from.</summary>
    public const string HttpsUrl = @"^https://[^\s/$.?#][^\s]*$";

    /// <summary>An e-mail address, loosely.</summary>
    public const string Email = @"^[^@\s]+@[^@\s]+\.[^@\s]+$";

    /// <summary>A GPU model name from the catalogue, e.g. A100-80GB.</summary>
    public const string GpuModel = "^[A-Z0-9][A-Z0-9-]*$";

    /// <summary>What a value matching <paramref name="pattern"/> looks like, for error messages.</summary>
    public static string Describe(string pattern) => pattern switch
    {
        DnsLabel => "a name of at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit",
        Hostname => "a lower-case host name such as www.example.com",
        Datacenter => "a datacenter code such as PAR-1",
        SshPublicKey => "an OpenSSH public key line such as 'ssh-ed25519 AAAAC3Nza... user@host'",
        HttpsUrl => "an https:// URL such as https://origin.example.com",
        Email => "an e-mail address",
        GpuModel => "a GPU model such as A100-80GB",
        _ => $"a value matching {pattern}",
    };
}
