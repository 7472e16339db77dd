using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;

namespace Anima.Client.Trust;

/// <summary>
/// A client process trusts only its brain's CA (<see cref="PeerValidation"/>) and speaks TLS to nothing else, yet on
/// Linux the first X.509 chain .NET builds — inside every TLS handshake, and ours — loads the machine's whole trust
/// store (OpenSSL's SSL_CERT_FILE bundle and SSL_CERT_DIR: 146 certificates, twice, here): 85–115 ms of CPU, and the
/// largest part of what TLS added to a command's cold connect (bench: "client cold connect"). .NET reads where the
/// store is once per process, on that first load, and keeps the answer. So a client process loads it first, with both
/// names empty, and puts them back at once: its store stays empty, and children it starts get the environment as it
/// was. The brain never does this: it calls the model over HTTPS.
/// </summary>
public static class MachineTrustStore
{
    private const string CertFile = "SSL_CERT_FILE";
    private const string CertDirectory = "SSL_CERT_DIR";

    /// <summary>Call first thing in a client process, before any thread of ours starts (setenv is not thread-safe).</summary>
    public static void LeaveEmptyInThisClient()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // .NET uses OpenSSL's store on Linux only
        }

        var file = Environment.GetEnvironmentVariable(CertFile);
        var directory = Environment.GetEnvironmentVariable(CertDirectory);
        try
        {
            // Empty, not unset: unset means OpenSSL's defaults, and .NET falls back to /etc/ssl/certs on an empty default.
            if (setenv(CertFile, string.Empty, 1) != 0 || setenv(CertDirectory, string.Empty, 1) != 0)
            {
                return;
            }

            using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
            store.Open(OpenFlags.ReadOnly);
            _ = store.Certificates.Count; // the load, with the names empty
        }
        catch (DllNotFoundException)
        {
            // another C library: the store loads as usual, only slower
        }
        finally
        {
            Restore(CertFile, file);
            Restore(CertDirectory, directory);
        }
    }

    private static void Restore(string name, string? value)
    {
        try
        {
            _ = value is null ? unsetenv(name) : setenv(name, value, 1);
        }
        catch (DllNotFoundException)
        {
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setenv(string name, string value, int overwrite);

    [DllImport("libc", SetLastError = true)]
    private static extern int unsetenv(string name);
}
