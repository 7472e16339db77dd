using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Anima.Client.Configuration;

namespace Anima.Client.Trust;

/// <summary>
/// A client's credentials in one PEM file (<c>anima pair</c>): the CA, a client certificate and its key, and the
/// client token. Whoever holds it can use the brain, so it is written 0600 and should travel like a private key.
/// </summary>
public static class ClientBundle
{
    private const string TokenLabel = "ANIMA CLIENT TOKEN";

    /// <summary>Issues a client certificate for <paramref name="name"/> and writes the bundle (refuses to overwrite).</summary>
    public static void Write(AnimaHome home, string name, string path)
    {
        if (File.Exists(path))
        {
            throw new AnimaConfigException($"{path} already exists; choose another file with '--out', or move it away.");
        }

        var trust = new TrustMaterial(home);
        trust.EnsureCreated();
        var token = ClientToken.LoadOrCreate(home);
        using var client = trust.IssueClient(name);
        using var authority = trust.Authority();
        var text = new StringBuilder()
            .AppendLine($"# Anima client bundle for '{name}', made {DateTimeOffset.Now:yyyy-MM-dd HH:mm} by 'anima pair' on {Environment.MachineName}.")
            .AppendLine("# Whoever holds this file can use the brain: keep it private (mode 0600), delete it once it is in place.")
            .AppendLine("# Use: anima tui --host BRAIN:PORT --client-bundle THIS_FILE")
            .AppendLine(authority.ExportCertificatePem())
            .AppendLine(client.ExportCertificatePem())
            .Append(TrustMaterial.PrivateKeyPem(client))
            .AppendLine(new string(PemEncoding.Write(TokenLabel, Encoding.UTF8.GetBytes(token))));
        AnimaHome.WritePrivateFile(path, text.ToString());
    }

    public static ClientCredentials Parse(string text, string source)
    {
        var certificates = new List<X509Certificate2>();
        string? keyPem = null;
        string? token = null;
        var offset = 0;
        while (PemEncoding.TryFind(text.AsSpan(offset), out var fields))
        {
            var block = text.Substring(offset + fields.Location.Start.Value, fields.Location.End.Value - fields.Location.Start.Value);
            var label = text.AsSpan(offset).Slice(fields.Label.Start.Value, fields.Label.End.Value - fields.Label.Start.Value).ToString();
            var data = Convert.FromBase64String(text.AsSpan(offset)[fields.Base64Data].ToString());
            switch (label)
            {
                case "CERTIFICATE":
                    certificates.Add(X509CertificateLoader.LoadCertificate(data));
                    break;
                case "PRIVATE KEY":
                    keyPem = block;
                    break;
                case TokenLabel:
                    token = Encoding.UTF8.GetString(data).Trim();
                    break;
            }

            offset += fields.Location.End.Value;
        }

        var authority = certificates.FirstOrDefault(IsAuthority);
        var client = certificates.FirstOrDefault(c => !IsAuthority(c));
        if (authority is null || client is null || keyPem is null || string.IsNullOrEmpty(token))
        {
            throw new AnimaConfigException(
                $"{source} is not an Anima client bundle (it needs the CA, a client certificate, its key and the token). Make one with 'anima pair' on the brain's machine.");
        }

        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(keyPem);
            var withKey = client.CopyWithPrivateKey(key);
            return new ClientCredentials(token, withKey, authority, source);
        }
        catch (CryptographicException ex)
        {
            throw new AnimaConfigException($"The key in {source} does not belong to its client certificate ({ex.Message}). Make a new bundle with 'anima pair'.");
        }
    }

    private static bool IsAuthority(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(e => e.CertificateAuthority);
}
