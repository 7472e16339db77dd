using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Anima.Client.Trust;

namespace Anima.Client;

/// <summary>
/// Why a brain does not answer at an address, asked when a client's connection failed: a closed port, a certificate
/// either side refuses, a brain that takes the connection but never completes a handshake. The probe completes a TLS
/// handshake like a client's (a bare connect that closes looks to the brain like a failed handshake, logged as an error).
/// </summary>
public static class BrainProbe
{
    public static async Task<string?> WhyNotAsync(BrainAddress address, ClientCredentials? credentials, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(address.Host, address.Port, limit.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"No brain answers at {address}. Start one with './anima start' (or run './anima', which starts one).";
        }

        if (credentials is null || PlainTcpBaseline.On)
        {
            return null;
        }

        string? refusedBrain = null;
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, errors) =>
        {
            using var presented = certificate is null ? null : new X509Certificate2(certificate);
            if (presented is null || !PeerValidation.ChainsTo(presented, credentials.Authority))
            {
                refusedBrain = $"The brain at {address} presented a certificate ({presented?.Subject ?? "none"}) that your CA did not issue: "
                    + $"it is not the brain these credentials ({credentials.Source}) were made for.";
                return false;
            }

            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                refusedBrain = $"The brain's certificate is not made for {address.Host} (it carries {string.Join(", ", CertificateAuthority.AddressesOf(presented))}): "
                    + "dial one of those, or start the brain with '--bind ADDRESS'.";
                return false;
            }

            return true;
        });
        try
        {
            // TLS 1.2: the brain's verdict on our certificate arrives within the handshake (with 1.3 it comes after).
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = address.Host,
                ClientCertificates = [credentials.Certificate],
                EnabledSslProtocols = SslProtocols.Tls12,
            }, limit.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"The brain at {address} took the connection but did not complete a TLS handshake within {timeout.TotalSeconds:0} s: "
                + "it may be stopped or overloaded. Try again, or look at its log.";
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            return refusedBrain
                ?? $"The brain at {address} refused this client's certificate ({credentials.Certificate.Subject}, from {credentials.Source}): "
                + "it was issued by another brain's CA. Use this brain's ANIMA_HOME, or a bundle made by 'anima pair' on its machine.";
        }
    }
}
