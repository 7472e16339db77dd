using System.Security.Cryptography.X509Certificates;
using Anima.Client.Configuration;

namespace Anima.Client.Trust;

/// <summary>
/// The certificates under <c>$ANIMA_HOME/config/</c>: the private CA (<c>ca.crt</c>, <c>ca.key</c>), the brain's
/// (<c>brain.crt</c>, <c>brain.key</c>) and this machine's client (<c>client.crt</c>, <c>client.key</c>). Created
/// on first need (<c>anima install</c> or the brain's first start); every file 0600 in a 0700 folder.
/// </summary>
public sealed class TrustMaterial
{
    /// <summary>Where the brain is dialed on this machine: its certificate always carries these.</summary>
    public static readonly IReadOnlyList<string> LoopbackNames = ["127.0.0.1", "::1", "localhost"];

    private readonly AnimaHome _home;

    public TrustMaterial(AnimaHome home) => _home = home;

    public string AuthorityFile => Path.Combine(_home.Config, "ca.crt");

    public string AuthorityKeyFile => Path.Combine(_home.Config, "ca.key");

    public string BrainFile => Path.Combine(_home.Config, "brain.crt");

    public string BrainKeyFile => Path.Combine(_home.Config, "brain.key");

    public string ClientFile => Path.Combine(_home.Config, "client.crt");

    public string ClientKeyFile => Path.Combine(_home.Config, "client.key");

    /// <summary>True when this home has its CA and this machine's client certificate.</summary>
    public bool HasClient => File.Exists(AuthorityFile) && File.Exists(ClientFile) && File.Exists(ClientKeyFile);

    /// <summary>
    /// The CA, creating it (and the brain's and this machine's client certificates) when there is none. Returns
    /// the names of the files it wrote, for <c>anima install</c> to show.
    /// </summary>
    public IReadOnlyList<string> EnsureCreated(IEnumerable<string>? brainAddresses = null)
    {
        _home.EnsureCreated();
        var written = new List<string>();
        var authority = LoadAuthorityWithKey();
        if (authority is null)
        {
            authority = CertificateAuthority.Create();
            Write(authority, AuthorityFile, AuthorityKeyFile);
            written.Add(AuthorityFile);
            written.Add(AuthorityKeyFile);

            // Certificates from another CA would be refused by everyone: start them over with it.
            File.Delete(BrainFile);
            File.Delete(ClientFile);
        }

        using (authority)
        {
            if (!File.Exists(BrainFile) || !File.Exists(BrainKeyFile) || !Carries(BrainFile, brainAddresses))
            {
                using var brain = CertificateAuthority.Issue(authority, "anima brain", LoopbackNames.Concat(brainAddresses ?? []));
                Write(brain, BrainFile, BrainKeyFile);
                written.Add(BrainFile);
            }

            if (!File.Exists(ClientFile) || !File.Exists(ClientKeyFile))
            {
                using var client = CertificateAuthority.Issue(authority, "anima client " + Environment.MachineName, []);
                Write(client, ClientFile, ClientKeyFile);
                written.Add(ClientFile);
            }
        }

        return written;
    }

    /// <summary>The brain's certificate with its key; it carries every address in <paramref name="addresses"/>.</summary>
    public X509Certificate2 Brain(IEnumerable<string> addresses)
    {
        EnsureCreated(addresses);
        return X509Certificate2.CreateFromPemFile(BrainFile, BrainKeyFile);
    }

    /// <summary>The CA's certificate alone: what a peer's certificate must chain to.</summary>
    public X509Certificate2 Authority() => X509CertificateLoader.LoadCertificateFromFile(AuthorityFile);

    /// <summary>This machine's client certificate with its key (null before the brain or install made one).</summary>
    public X509Certificate2? Client() =>
        HasClient ? X509Certificate2.CreateFromPemFile(ClientFile, ClientKeyFile) : null;

    /// <summary>A new client certificate for another machine (<c>anima pair</c>).</summary>
    public X509Certificate2 IssueClient(string name)
    {
        EnsureCreated();
        using var authority = LoadAuthorityWithKey() ?? throw new InvalidOperationException($"{AuthorityKeyFile} is missing.");
        return CertificateAuthority.Issue(authority, "anima client " + name, []);
    }

    private X509Certificate2? LoadAuthorityWithKey() =>
        File.Exists(AuthorityFile) && File.Exists(AuthorityKeyFile)
            ? X509Certificate2.CreateFromPemFile(AuthorityFile, AuthorityKeyFile)
            : null;

    private static bool Carries(string certificateFile, IEnumerable<string>? addresses)
    {
        if (addresses is null)
        {
            return true;
        }

        using var certificate = X509CertificateLoader.LoadCertificateFromFile(certificateFile);
        var carried = CertificateAuthority.AddressesOf(certificate);
        return addresses.All(carried.Contains);
    }

    private static void Write(X509Certificate2 certificate, string certificateFile, string keyFile)
    {
        AnimaHome.WritePrivateFile(keyFile, PrivateKeyPem(certificate));
        AnimaHome.WritePrivateFile(certificateFile, certificate.ExportCertificatePem() + "\n");
    }

    internal static string PrivateKeyPem(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The certificate has no ECDSA private key.");
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }
}
