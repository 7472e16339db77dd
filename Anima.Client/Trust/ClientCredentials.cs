using System.Security.Cryptography.X509Certificates;
using Anima.Client.Configuration;

namespace Anima.Client.Trust;

/// <summary>
/// What a client presents to the brain: a certificate our CA issued (for the TLS handshake), the CA itself (to
/// know the brain), and the client token (for the gateway's Hello). From this machine's <c>$ANIMA_HOME/config/</c>,
/// or from a bundle <c>anima pair</c> made for another machine.
/// </summary>
public sealed record ClientCredentials(string Token, X509Certificate2 Certificate, X509Certificate2 Authority, string Source)
{
    /// <summary>This machine's credentials, or null while the brain (or install) has not made them yet.</summary>
    public static ClientCredentials? FromHome(AnimaHome home)
    {
        var trust = new TrustMaterial(home);
        if (ClientToken.TryLoad(home) is not { } token || trust.Client() is not { } certificate)
        {
            return null;
        }

        return new ClientCredentials(token, certificate, trust.Authority(), home.Config);
    }

    /// <summary>The credentials in a bundle file, or a clear error saying what is wrong with it.</summary>
    public static ClientCredentials FromBundle(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AnimaConfigException($"Cannot read the client bundle {path}: {ex.Message}");
        }

        return ClientBundle.Parse(text, path);
    }

    /// <summary>A bundle when one is given, else this machine's; null when neither exists yet.</summary>
    public static ClientCredentials? Resolve(AnimaHome home, string? bundle) =>
        bundle is null ? FromHome(home) : FromBundle(bundle);

    /// <summary>What a client command says when it has nothing to present.</summary>
    public static string MissingMessage(AnimaHome home) =>
        $"There are no client credentials in {home.Config} (client.token, client.crt, ca.crt). Run './anima install' "
        + "(or start the brain once) with this ANIMA_HOME, or pass '--client-bundle FILE' made by 'anima pair' on the brain's machine.";
}
