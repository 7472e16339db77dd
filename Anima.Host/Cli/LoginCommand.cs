using System.CommandLine;
using System.Text;
using Anima.Actors.Agent;
using Anima.Actors.Configuration;
using Anima.Actors.Providers;
using Anima.Client.Configuration;

namespace Anima.Host.Cli;

/// <summary>
/// <c>anima login</c>: asks for an Anthropic API key (hidden, or from stdin), checks it against the API and
/// stores it in config/credentials (0600), where the brain reads it for each turn.
/// </summary>
public static class LoginCommand
{
    public static Command Create()
    {
        var noCheck = new Option<bool>("--no-check") { Description = "Store the key without asking the API whether it works" };
        var command = new Command("login", "Store an Anthropic API key for the brain (read from stdin when piped)") { noCheck };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var home = AnimaHome.FromEnvironment();
            var key = ReadKey();
            if (string.IsNullOrWhiteSpace(key))
            {
                Console.Error.WriteLine("anima: no key given. Paste the key from console.anthropic.com (Settings → API keys).");
                return 1;
            }

            if (Credentials.Problem(key) is { } notAKey)
            {
                Console.Error.WriteLine($"anima: {notAKey} Nothing was stored.");
                return 1;
            }

            if (!parse.GetValue(noCheck))
            {
                var settings = AgentSettings.From(AnimaConfig.LoadUser(home));
                var problem = await CheckAsync(settings, key.Trim(), cancellationToken);
                if (problem is not null)
                {
                    Console.Error.WriteLine($"anima: {problem}");
                    return 1;
                }
            }

            Credentials.Store(home, key);
            Console.WriteLine($"Stored the key in {home.CredentialsFile} (mode 0600); the brain uses it from the next turn.");
            if (Environment.GetEnvironmentVariable(Credentials.ApiKeyVariable) is { Length: > 0 })
            {
                Console.WriteLine($"Note: {Credentials.ApiKeyVariable} is set in this shell; a brain started from here uses that instead.");
            }

            return 0;
        });
        return command;
    }

    /// <summary>Null when the API accepts the key; otherwise what went wrong, for the user.</summary>
    public static async Task<string?> CheckAsync(AgentSettings settings, string key, CancellationToken cancellationToken)
    {
        using var provider = new AnthropicProvider(new AnthropicProviderOptions(settings.BaseUrl, key, null, TimeSpan.FromSeconds(20)));
        var probe = new LlmRequest(settings.Model, 16, "", [new LlmMessage(LlmRole.User, [new TextContent("ping")])], []);
        try
        {
            await provider.CountTokensAsync(probe, cancellationToken);
            return null;
        }
        catch (ProviderException ex) when (ex.Kind == ProviderErrorKind.Authentication)
        {
            return $"the API refused this key ({ex.Message}). Nothing was stored.";
        }
        catch (ProviderException ex)
        {
            return $"could not check the key against {settings.BaseUrl}: {ex.Message}. Nothing was stored; retry, or use --no-check.";
        }
    }

    private static string ReadKey()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() ?? string.Empty;
        }

        Console.Error.Write("Anthropic API key (input hidden): ");
        var key = new StringBuilder();
        while (true)
        {
            var pressed = Console.ReadKey(intercept: true);
            if (pressed.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (pressed.Key == ConsoleKey.Backspace)
            {
                if (key.Length > 0)
                {
                    key.Length--;
                }
            }
            else if (!char.IsControl(pressed.KeyChar))
            {
                key.Append(pressed.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return key.ToString();
    }
}
