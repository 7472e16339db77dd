using System.Security.Cryptography;

namespace Anima.Client.Configuration;

/// <summary>The shared secret a client presents to the brain; lives in config/client.token (0600).</summary>
public static class ClientToken
{
    /// <summary>Reads the token, creating it first when there is none.</summary>
    public static string LoadOrCreate(AnimaHome home)
    {
        if (TryLoad(home) is { } token)
        {
            return token;
        }

        home.EnsureCreated();
        var fresh = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        AnimaHome.WritePrivateFile(home.TokenFile, fresh + "\n");
        return fresh;
    }

    public static string? TryLoad(AnimaHome home)
    {
        if (!File.Exists(home.TokenFile))
        {
            return null;
        }

        var token = File.ReadAllText(home.TokenFile).Trim();
        return token.Length == 0 ? null : token;
    }

    /// <summary>Constant-time comparison, so a wrong token says nothing about the right one.</summary>
    public static bool Matches(string expected, string? presented) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(expected),
            System.Text.Encoding.UTF8.GetBytes(presented));
}
