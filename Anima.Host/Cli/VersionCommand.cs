using System.CommandLine;

namespace Anima.Host.Cli;

public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print Anima's version");
        command.SetAction(_ =>
        {
            Console.WriteLine($"anima {Actors.Gateway.BrainInfo.CurrentVersion}");
            return 0;
        });
        return command;
    }
}
