using System.CommandLine;
using System.Diagnostics;
using Anima.Actors.Configuration;
using Anima.Host.Brain;

namespace Anima.Host.Cli;

/// <summary>
/// <c>anima install</c>: the state tree, a commented anima.conf, the client token and a systemd user
/// unit. Idempotent: a second run changes nothing and says so.
/// </summary>
public static class InstallCommand
{
    public const string UnitName = "anima.service";

    public static Command Create()
    {
        var noSystemd = new Option<bool>("--no-systemd") { Description = "Do not write or start a systemd user unit" };
        var command = new Command("install", "Create ~/.anima, the config, the client token and the systemd user service") { noSystemd };
        command.SetAction(parse =>
        {
            var home = AnimaHome.FromEnvironment();
            var changes = Install(home, !parse.GetValue(noSystemd), Console.Out);
            Console.WriteLine(changes == 0 ? "Anima is already installed; nothing changed." : $"Installed Anima in {home.Root}.");
            return 0;
        });
        return command;
    }

    /// <summary>Returns how many things it created or changed.</summary>
    public static int Install(AnimaHome home, bool withSystemd, TextWriter output)
    {
        var changes = 0;
        var existed = Directory.Exists(home.Root) && Directory.Exists(home.Db) && Directory.Exists(home.Config)
            && Directory.Exists(home.Log) && Directory.Exists(home.Tmp);
        home.EnsureCreated();
        if (!existed)
        {
            output.WriteLine($"created   {home.Root}/{{db,config,log,tmp}}");
            changes++;
        }

        if (!File.Exists(home.ConfigFile))
        {
            File.WriteAllText(home.ConfigFile, DefaultConfig.Text);
            output.WriteLine($"created   {home.ConfigFile}");
            changes++;
        }

        if (ClientToken.TryLoad(home) is null)
        {
            ClientToken.LoadOrCreate(home);
            output.WriteLine($"created   {home.TokenFile} (mode 0600)");
            changes++;
        }
        else if (!OperatingSystem.IsWindows() && !AnimaHome.IsPrivate(home.TokenFile))
        {
            File.SetUnixFileMode(home.TokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            output.WriteLine($"secured   {home.TokenFile} (mode 0600)");
            changes++;
        }

        if (withSystemd)
        {
            changes += InstallUnit(home, output);
        }

        return changes;
    }

    private static int InstallUnit(AnimaHome home, TextWriter output)
    {
        var configHome = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var unitDir = Path.Combine(
            string.IsNullOrEmpty(configHome) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config") : configHome,
            "systemd", "user");
        var unitFile = Path.Combine(unitDir, UnitName);
        var unit = UnitText(home);
        if (File.Exists(unitFile) && File.ReadAllText(unitFile) == unit)
        {
            return 0;
        }

        Directory.CreateDirectory(unitDir);
        File.WriteAllText(unitFile, unit);
        output.WriteLine($"wrote     {unitFile}");
        if (UserSystemdRuns())
        {
            var enabled = Systemctl("daemon-reload") && Systemctl($"enable --now {UnitName}");
            output.WriteLine(enabled
                ? $"started   {UnitName} (systemctl --user status anima)"
                : $"could not enable {UnitName}: run 'systemctl --user enable --now {UnitName}' and check 'journalctl --user -u anima'");
        }
        else
        {
            output.WriteLine("No user systemd is running here. Start the brain yourself with './anima start',");
            output.WriteLine($"or, on a machine with systemd, 'systemctl --user enable --now {UnitName}'.");
        }

        return 1;
    }

    public static string UnitText(AnimaHome home)
    {
        var dotnet = Environment.ProcessPath ?? "dotnet";
        var entry = typeof(InstallCommand).Assembly.Location;
        var exec = Path.GetFileNameWithoutExtension(dotnet) == "dotnet" ? $"{dotnet} {entry}" : dotnet;
        return $"""
            [Unit]
            Description=Anima brain (personal AI agent)
            After=network-online.target

            [Service]
            Type=notify
            ExecStart={exec} start --env production
            Environment=ANIMA_HOME={home.Root}
            Environment=DOTNET_CLI_TELEMETRY_OPTOUT=1
            {string.Join("\n", BrainRuntime.Environment.Select(setting => $"Environment={setting.Key}={setting.Value}"))}
            Restart=on-failure
            RestartSec=2
            TimeoutStopSec=20

            [Install]
            WantedBy=default.target

            """;
    }

    private static bool UserSystemdRuns() => Systemctl("show-environment", quiet: true);

    private static bool Systemctl(string arguments, bool quiet = false)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("systemctl", "--user " + arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            process.WaitForExit(TimeSpan.FromSeconds(20));
            if (!quiet && process.ExitCode != 0)
            {
                Console.Error.WriteLine(process.StandardError.ReadToEnd().Trim());
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
