using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Anima.Client.Trust;

/// <summary>
/// The brain's private certificate authority: it issues the brain's certificate and each client's, and a peer
/// is trusted when its certificate chains to it (<see cref="PeerValidation"/>). ECDSA P-256: small, and fast to
/// make in code (all three certificates in ≈ 25 ms here).
/// </summary>
public static class CertificateAuthority
{
    /// <summary>Certificates last long: nothing renews them, and a lost one is replaced by pairing again.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(3650);

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Anima private CA {RandomNumberGenerator.GetHexString(8, lowercase: true)}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(Lifetime));
    }

    /// <summary>
    /// A leaf for a brain or a client. Both are servers and clients to TLS: Akka.Remote links run both ways (the
    /// brain may dial back a client it watches), so each end presents its certificate in either role.
    /// <paramref name="addresses"/> are the IP addresses and host names a client may dial the holder at.
    /// </summary>
    public static X509Certificate2 Issue(X509Certificate2 authority, string commonName, IEnumerable<string> addresses)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var names = new SubjectAlternativeNameBuilder();
        var any = false;
        foreach (var address in addresses.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(address, out var ip))
            {
                names.AddIpAddress(ip);
            }
            else
            {
                names.AddDnsName(address);
            }

            any = true;
        }

        if (any)
        {
            request.CertificateExtensions.Add(names.Build());
        }

        var now = DateTimeOffset.UtcNow;
        var notAfter = now.Add(Lifetime) < authority.NotAfter ? now.Add(Lifetime) : authority.NotAfter.ToUniversalTime();
        using var issued = request.Create(authority, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>The IP addresses and DNS names a certificate carries in its subject alternative names.</summary>
    public static IReadOnlySet<string> AddressesOf(X509Certificate2 certificate)
    {
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var extension in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            foreach (var ip in extension.EnumerateIPAddresses())
            {
                found.Add(ip.ToString());
            }

            foreach (var dns in extension.EnumerateDnsNames())
            {
                found.Add(dns);
            }
        }

        return found;
    }
}
