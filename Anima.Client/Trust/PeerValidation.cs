using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace Anima.Client.Trust;

/// <summary>
/// Trusts a TLS peer when its certificate chains to our private CA, and to nothing else. The platform's own
/// check refuses a private CA, and comparing the issuer's name would let any CA of the same name in; so the chain
/// is built again with the CA as its only root (<see cref="X509ChainTrustMode.CustomRootTrust"/>).
/// </summary>
public static class PeerValidation
{
    /// <summary>
    /// The validator for one end of a link. When this end dials (a client dialing the brain), the peer's certificate
    /// must also carry the address dialed, so a certificate made for another address is refused.
    /// </summary>
    public static CertificateValidationCallback IssuedBy(X509Certificate2 authority) =>
        (certificate, _, peer, errors, log) =>
        {
            if (certificate is null)
            {
                log.Warning("Refused a TLS peer at {0}: it presented no certificate", peer);
                return false;
            }

            if (!ChainsTo(certificate, authority))
            {
                log.Warning("Refused a TLS peer at {0}: its certificate ({1}) was not issued by this Anima's CA", peer, certificate.Subject);
                return false;
            }

            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                log.Warning("Refused a TLS peer at {0}: its certificate ({1}) is not made for that address (it carries {2})",
                    peer, certificate.Subject, string.Join(", ", CertificateAuthority.AddressesOf(certificate)));
                return false;
            }

            return true;
        };

    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(certificate)
            && chain.ChainElements.Count > 1
            && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span);
    }
}
