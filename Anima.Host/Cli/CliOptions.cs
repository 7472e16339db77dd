using System.CommandLine;
using Anima.Client;
using Anima.Client.Configuration;
using Anima.Client.Trust;

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

    /// <summary>A session id, or the start of one (any unique prefix will do); without it, the most recent session.</summary>
    public static Argument<string?> SessionArgument() => new("id")
    {
        Description = "The session: its id or the start of it (see './anima sessions'; default: the most recent one)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>The session <paramref name="idOrPrefix"/> names, or the most recent one when none is given.</summary>
    public static async Task<Messages.Clients.SessionSummary> FindSessionAsync(BrainClient client, string? idOrPrefix) =>
        idOrPrefix is not null
            ? await client.FindSessionAsync(idOrPrefix)
            : (await client.ListSessionsAsync(1)).FirstOrDefault()
                ?? throw new InvalidOperationException("there are no sessions yet: start one with './anima' or './anima ask TEXT'.");

    /// <summary><c>--cwd DIR</c>: where the shell of a session this command creates starts (default: the current directory).</summary>
    public static Option<string?> WorkingDirectory()
    {
        var option = new Option<string?>("--cwd")
        {
            Description = "The directory a new session works in: its shell starts there (default: the current directory)",
            HelpName = "DIR",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValue(option) is { } directory && !Directory.Exists(directory))
            {
                result.AddError($"--cwd {directory}: there is no such directory.");
            }
        });
        return option;
    }

    /// <summary>The absolute directory a new session gets: the one given with --cwd, else the current one.</summary>
    public static string SessionDirectory(string? given) => Path.GetFullPath(given ?? Environment.CurrentDirectory);

    public static BrainAddress ResolveAddress(AnimaHome home, string? host) =>
        BrainAddress.Parse(host ?? ClientConfig.DefaultHost(home), ClientConfig.DefaultPort(home));

    /// <summary>Connects the way every client command does, with this home's credentials or the bundle given.</summary>
    public static Task<BrainClient> ConnectAsync(AnimaHome home, string? host, string clientName, CancellationToken cancellationToken, BackoffPolicy? policy = null) =>
        ConnectAsync(home, ResolveAddress(home, host), clientName, cancellationToken, policy);

    public static async Task<BrainClient> ConnectAsync(AnimaHome home, BrainAddress address, string clientName, CancellationToken cancellationToken, BackoffPolicy? policy = null)
    {
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
            return $"{ClientConfig.DefaultHost(home)}:{ClientConfig.DefaultPort(home)}";
        }
        catch (AnimaConfigException)
        {
            return "127.0.0.1 and the configured port";
        }
    }
}
