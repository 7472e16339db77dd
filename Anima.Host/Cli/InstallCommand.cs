using System.CommandLine;
using System.Diagnostics;
using Anima.Client.Configuration;
using Anima.Client.Trust;
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

        foreach (var written in new TrustMaterial(home).EnsureCreated())
        {
            output.WriteLine($"created   {written}{(written.EndsWith(".key", StringComparison.Ordinal) ? " (mode 0600)" : string.Empty)}");
            changes++;
        }

        if (withSystemd)
        {
            var appChanged = InstallApp(home, output);
            var unitChanged = InstallUnit(home, output);
            if (appChanged == 1 && unitChanged == 0 && UserSystemdRuns())
            {
                output.WriteLine(Systemctl($"try-restart {UnitName}") ? $"restarted {UnitName} on the new build" : $"could not restart {UnitName}: run 'systemctl --user restart anima'");
            }

            changes += appChanged + unitChanged;
        }

        return changes;
    }

    /// <summary>Where the service runs from: a copy of this build in the home, which a rebuild of the checkout leaves alone.</summary>
    public static string AppFolder(AnimaHome home) => Path.Combine(home.Root, "app");

    /// <summary>
    /// Copies the running build into <see cref="AppFolder"/> when it differs. The launcher deletes and rebuilds
    /// <c>.anima-build/</c> whenever sources change, so a unit that ran from there failed on its next start. The copy
    /// is made aside and swapped in, so a running service keeps the files it has open.
    /// </summary>
    private static int InstallApp(AnimaHome home, TextWriter output)
    {
        var source = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var target = AppFolder(home);
        if (SameFiles(source, target))
        {
            return 0;
        }

        var fresh = target + ".new";
        if (Directory.Exists(fresh))
        {
            Directory.Delete(fresh, recursive: true);
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(fresh, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
            File.SetLastWriteTimeUtc(copy, File.GetLastWriteTimeUtc(file));
        }

        var old = target + ".old";
        if (Directory.Exists(target))
        {
            Directory.Move(target, old);
        }

        Directory.Move(fresh, target);
        if (Directory.Exists(old))
        {
            Directory.Delete(old, recursive: true);
        }

        output.WriteLine($"copied    this build to {target} (the service runs from there; run 'install' again after an update)");
        return 1;
    }

    private static bool SameFiles(string source, string target) =>
        Directory.Exists(target)
        && Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).All(file =>
        {
            var copy = new FileInfo(Path.Combine(target, Path.GetRelativePath(source, file)));
            var original = new FileInfo(file);
            return copy.Exists && copy.Length == original.Length && copy.LastWriteTimeUtc == original.LastWriteTimeUtc;
        });

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

        output.WriteLine($"unit      {unitFile} runs {ExecStart(home)}");

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

    /// <summary>The service's command: the dotnet host running the home's copy of the build.</summary>
    public static string ExecStart(AnimaHome home)
    {
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "/usr/bin/env dotnet";
        return $"{dotnet} {Path.Combine(AppFolder(home), "anima.dll")} start --env production";
    }

    /// <summary>
    /// The unit. The port is the one this install sees (ANIMA_PORT, else anima.conf, else the default), so the service
    /// listens where this shell's clients dial. The memory cap is a backstop: an idle brain holds ≈ 0.12 GB and ten
    /// thousand recovered sessions ≈ 0.3 GB; past MemoryHigh the kernel reclaims hard, past MemoryMax it ends the
    /// brain (and systemd starts it again), instead of the whole machine swapping.
    /// </summary>
    public static string UnitText(AnimaHome home)
    {
        var port = Environment.GetEnvironmentVariable("ANIMA_PORT") is { Length: > 0 }
            ? $"Environment=ANIMA_PORT={ClientConfig.DefaultPort(home)}\n"
            : string.Empty;
        return $"""
            [Unit]
            Description=Anima brain (personal AI agent)
            After=network-online.target

            [Service]
            Type=notify
            ExecStart={ExecStart(home)}
            Environment=ANIMA_HOME={home.Root}
            {port}Environment=DOTNET_CLI_TELEMETRY_OPTOUT=1
            {string.Join("\n", BrainRuntime.Environment.Select(setting => $"Environment={setting.Key}={setting.Value}"))}
            MemoryHigh=1536M
            MemoryMax=2G
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
