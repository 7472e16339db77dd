using System.CommandLine;
using Anima.Actors;
using Anima.Actors.Client;
using Anima.Actors.Configuration;
using Anima.Actors.Trust;

namespace Anima.Host.Cli;

/// <summary>Options several commands share.</summary>
public static class CliOptions
{
    /// <summary>On the root and every command below it: the credentials a client presents, for a brain on another machine.</summary>
    public static readonly Option<string?> ClientBundleOption = new("--client-bundle")
    {
        Description = "Connect with this client bundle (made by 'anima pair' on the brain's machine) instead of this ANIMA_HOME's credentials",
        HelpName = "FILE",
        Recursive = true,
    };

    /// <summary>The bundle given on the command line (set once, as the command line is parsed).</summary>
    public static string? ClientBundle { get; set; }

    public static Option<string?> Host() => new("--host")
    {
        Description = $"The brain to talk to, HOST:PORT (default {DefaultAddressText()})",
        HelpName = "HOST:PORT",
    };

    public static BrainAddress ResolveAddress(AnimaHome home, string? host) =>
        BrainAddress.Parse(host ?? AnimaConfig.DefaultClientHost(home), AnimaConfig.DefaultClientPort(home));

    /// <summary>Connects the way every client command does, with this home's credentials or the bundle given.</summary>
    public static async Task<BrainClient> ConnectAsync(AnimaHome home, string? host, string clientName, CancellationToken cancellationToken, BackoffPolicy? policy = null)
    {
        var address = ResolveAddress(home, host);
        var credentials = ClientCredentials.Resolve(home, ClientBundle)
            ?? throw new BrainUnavailableException(ClientCredentials.MissingMessage(home));
        return await BrainClient.ConnectAsync(address, credentials, clientName, policy, cancellationToken);
    }

    /// <summary>What --help shows as the default: the port this environment (ANIMA_PORT, anima.conf) resolves to.</summary>
    private static string DefaultAddressText()
    {
        try
        {
            var home = AnimaHome.FromEnvironment();
            return $"{AnimaConfig.DefaultClientHost(home)}:{AnimaConfig.DefaultClientPort(home)}";
        }
        catch (AnimaConfigException)
        {
            return "127.0.0.1 and the configured port";
        }
    }
}
