using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Anima.Client.Trust;

namespace Anima.Host.Brain;

/// <summary>
/// On Linux the brain's first TLS handshake loads the machine's trust store (SSL_CERT_FILE and SSL_CERT_DIR: 146
/// certificates here, read for the chain of its own certificate) and builds its first X.509 chains: work the first client
/// waited for. It is done on a thread of its own as the brain starts, beside the actor system's start, which keeps one
/// core busy. The brain keeps the store (it calls the model over HTTPS); clients leave theirs empty (<see cref="MachineTrustStore"/>).
/// </summary>
public static class TrustWarmUp
{
    public static void Start(X509Certificate2 certificate, X509Certificate2 authority) => _ = Task.Run(() =>
    {
        try
        {
            // What a server handshake builds for its own certificate (the chain it sends), then what our validator builds.
            SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
            PeerValidation.ChainsTo(certificate, authority);
        }
        catch (Exception)
        {
            // Only a head start: the handshake does the same work, and says what fails.
        }
    });
}
