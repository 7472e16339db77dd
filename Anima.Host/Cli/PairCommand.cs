using System.CommandLine;
using Anima.Client.Configuration;
using Anima.Client.Trust;

namespace Anima.Host.Cli;

/// <summary>
/// <c>anima pair</c>: a client bundle for another machine (the CA, a new client certificate and its key, the client
/// token) in one 0600 file the user copies there.
/// </summary>
public static class PairCommand
{
    public static Command Create()
    {
        var name = new Option<string?>("--name") { Description = "A name for the machine the bundle is for (shown in the brain's log)", HelpName = "NAME" };
        var output = new Option<string?>("--out") { Description = "Where to write the bundle (default: ./anima-client-NAME.pem; never overwritten)", HelpName = "FILE" };
        var command = new Command("pair", "Write a client bundle that lets another machine reach this brain (see README, Security)") { name, output };
        command.SetAction(parse =>
        {
            var home = AnimaHome.FromEnvironment();
            var who = parse.GetValue(name) is { Length: > 0 } given ? given : $"paired-{DateTime.Now:yyyyMMdd-HHmmss}";
            if (who.Any(c => char.IsControl(c) || c is '/' or ',' or '=' or '"' or '\\'))
            {
                throw new AnimaConfigException($"--name '{who}' may not hold control characters, '/', ',', '=', '\"' or '\\'.");
            }

            var path = Path.GetFullPath(parse.GetValue(output) ?? $"anima-client-{who}.pem");
            ClientBundle.Write(home, who, path);
            var port = ClientConfig.DefaultPort(home);
            Console.WriteLine($"Wrote {path} (mode 0600): a client certificate for '{who}', this brain's CA and the client token.");
            Console.WriteLine("Whoever holds it can use the brain: copy it over a channel you trust (scp), then delete this copy.");
            Console.WriteLine("On the other machine:");
            Console.WriteLine($"  anima tui --host BRAIN_ADDRESS:{port} --client-bundle {Path.GetFileName(path)}");
            Console.WriteLine("The brain must listen where that machine reaches it: './anima start --bind BRAIN_ADDRESS', or");
            Console.WriteLine("anima.brain.hostname = \"BRAIN_ADDRESS\" in anima.conf for the service (its certificate follows).");
            return 0;
        });
        return command;
    }
}
