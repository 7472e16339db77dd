using System.CommandLine;
using Anima.Actors;
using Anima.Actors.Client;
using Anima.Actors.Configuration;

namespace Anima.Host.Cli;

/// <summary>Options several commands share.</summary>
public static class CliOptions
{
    public static Option<string?> Host() => new("--host")
    {
        Description = "The brain to talk to, HOST:PORT (default 127.0.0.1 and the configured port, 42134)",
        HelpName = "HOST:PORT",
    };

    public static BrainAddress ResolveAddress(AnimaHome home, string? host) =>
        BrainAddress.Parse(host ?? string.Empty, AnimaConfig.DefaultClientPort(home));

    /// <summary>Connects the way every client command does, with the token from this ANIMA_HOME.</summary>
    public static async Task<BrainClient> ConnectAsync(AnimaHome home, string? host, string clientName, CancellationToken cancellationToken, BackoffPolicy? policy = null)
    {
        var address = ResolveAddress(home, host);
        var token = ClientToken.TryLoad(home)
            ?? throw new BrainUnavailableException(
                $"There is no client token at {home.TokenFile}. Run './anima install' (or start the brain once) with this ANIMA_HOME.");
        return await BrainClient.ConnectAsync(address, token, clientName, policy, cancellationToken);
    }
}
