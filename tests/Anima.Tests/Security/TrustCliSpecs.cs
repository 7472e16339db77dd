using System.Security.Cryptography.X509Certificates;
using Anima.Client.Configuration;
using Anima.Client.Trust;
using Anima.Tests.Support;

namespace Anima.Tests.Security;

/// <summary>The trust and brain-start commands, run as a user runs them: real processes, real files.</summary>
[Collection("processes")]
public sealed class TrustCliSpecs
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task The_state_tree_is_private_whatever_the_umask_and_an_older_home_is_put_right()
    {
        using var home = new TempHome();
        var open = Folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        foreach (var dir in new[] { home.Root, home.Home.Db, home.Home.Log })
        {
            Directory.CreateDirectory(dir);
            File.SetUnixFileMode(dir, open);
        }

        var oldLog = Path.Combine(home.Home.Log, "brain-production-20260101.log");
        await File.WriteAllTextAsync(oldLog, "an old conversation's trace\n");
        File.SetUnixFileMode(oldLog, PrivateFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using (var brain = await RunningBrain.StartAsync(home))
        {
            await using var client = await brain.ConnectAsync();
            await client.PostAsync(await client.CreateSessionAsync(), "a secret"); // the WAL now holds it

            foreach (var dir in new[] { home.Root, home.Home.Db, home.Home.Config, home.Home.Log, home.Home.Tmp })
            {
                Assert.Equal(Folder, File.GetUnixFileMode(dir));
            }

            var database = home.Home.DatabaseFile(AnimaEnvironment.Production);
            foreach (var file in new[] { database, database + "-wal", database + "-shm", oldLog }
                .Concat(Directory.EnumerateFiles(home.Home.Log))
                .Concat(Directory.EnumerateFiles(home.Home.Config)))
            {
                Assert.True(File.GetUnixFileMode(file) == PrivateFile, $"{file} is {File.GetUnixFileMode(file)}");
            }
        }
    }

    [Fact]
    public async Task A_second_brain_on_the_same_home_is_refused_with_the_running_one_named_and_a_status_leaves_no_error()
    {
        await using var brain = await RunningBrain.StartAsync();

        var second = await AnimaProcess.RunAsync(brain.Home.Root, null, "start", "--port", FreePort.Next().ToString());
        var status = await AnimaProcess.RunAsync(brain.Home.Root, null, "status", "--host", brain.HostArgument);

        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"Another brain (pid {brain.Process.Pid}, listening on 127.0.0.1:{brain.Port}", second.Stderr);
        Assert.Contains($"--host 127.0.0.1:{brain.Port}", second.Stderr);
        Assert.DoesNotContain("--port", second.Stderr);
        Assert.Contains("'./anima stop'", second.Stderr);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("clients:  0", status.Stdout); // status does not count itself

        // The status command's link ending is a normal disconnect: a line of information, no error, no stack trace.
        await brain.Process.WaitForOutputAsync("went away", TimeSpan.FromSeconds(20));
        Assert.DoesNotContain(" ERR ", brain.Process.Stderr);
        Assert.DoesNotContain("TLS handshake failed", brain.Process.Stderr);
    }

    [Fact]
    public async Task Another_machine_reaches_a_brain_bound_to_an_address_with_a_paired_bundle_and_not_without()
    {
        // 127.0.0.2 stands for the brain's address on the network: a loopback alias, so nothing leaves the machine.
        using var brainHome = new TempHome();
        var port = FreePort.Next();
        await using var brain = AnimaProcess.Start(brainHome.Root, null, "start", "--port", port.ToString(), "--bind", "127.0.0.2");
        await brain.WaitForOutputAsync("listening on 127.0.0.2", TimeSpan.FromSeconds(60));
        var bundle = Path.Combine(brainHome.Root, "laptop.pem");
        var pair = await AnimaProcess.RunAsync(brainHome.Root, null, "pair", "--name", "laptop", "--out", bundle);
        using var laptop = new TempHome(); // another machine: no credentials of its own

        var with = await AnimaProcess.RunAsync(laptop.Root, null, "status", "--host", $"127.0.0.2:{port}", "--client-bundle", bundle);
        var without = await AnimaProcess.RunAsync(laptop.Root, null, "status", "--host", $"127.0.0.2:{port}");
        var wrongAddress = await AnimaProcess.RunAsync(laptop.Root, null, "status", "--host", $"localhost:{port}", "--client-bundle", bundle);

        Assert.Equal(0, pair.ExitCode);
        Assert.Equal(PrivateFile, File.GetUnixFileMode(bundle));
        Assert.Contains("127.0.0.2", CertificateAuthority.AddressesOf(X509CertificateLoader.LoadCertificateFromFile(new TrustMaterial(brainHome.Home).BrainFile)));
        Assert.Equal(0, with.ExitCode);
        Assert.Contains($"running at 127.0.0.2:{port}", with.Stdout);
        Assert.Equal(1, without.ExitCode);
        Assert.Contains("no client credentials", without.Stderr);
        Assert.Equal(1, wrongAddress.ExitCode); // the brain listens on 127.0.0.2 alone
    }

    [Fact]
    public async Task The_installed_service_runs_from_its_own_copy_on_ANIMA_PORT_with_a_memory_cap()
    {
        using var home = new TempHome();
        var port = FreePort.Next();
        var config = Path.Combine(home.Root, "xdg");
        var environment = new Dictionary<string, string> { ["ANIMA_PORT"] = port.ToString(), ["XDG_CONFIG_HOME"] = config };

        var install = await AnimaProcess.RunAsync(home.Root, environment, "install");
        var unit = (await File.ReadAllTextAsync(Path.Combine(config, "systemd", "user", "anima.service"))).Split('\n');

        Assert.Equal(0, install.ExitCode);
        Assert.Contains($"Environment=ANIMA_PORT={port}", unit);
        Assert.Contains(unit, line => line.StartsWith("MemoryMax=", StringComparison.Ordinal));
        Assert.Contains(unit, line => line.StartsWith("MemoryHigh=", StringComparison.Ordinal));
        var exec = unit.Single(line => line.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..].Split(' ');
        var entry = exec[1];
        Assert.StartsWith(Path.Combine(home.Root, "app") + "/", entry); // not the build folder a rebuild deletes
        Assert.True(File.Exists(entry), entry);

        // Run what the unit runs, with the unit's environment: the copy starts a brain clients find on ANIMA_PORT.
        var service = new System.Diagnostics.ProcessStartInfo(exec[0]) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in exec.Skip(1))
        {
            service.ArgumentList.Add(argument);
        }

        foreach (var line in unit.Where(l => l.StartsWith("Environment=", StringComparison.Ordinal)))
        {
            var setting = line["Environment=".Length..].Split('=', 2);
            service.Environment[setting[0]] = setting[1];
        }

        using var process = System.Diagnostics.Process.Start(service)!;
        try
        {
            await Eventually.HoldsAsync(async () =>
            {
                var status = await AnimaProcess.RunAsync(home.Root, new Dictionary<string, string> { ["ANIMA_PORT"] = port.ToString() }, "status");
                Assert.Equal(0, status.ExitCode);
            }, TimeSpan.FromSeconds(60));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Help_shows_the_port_ANIMA_PORT_says()
    {
        using var home = new TempHome();

        var help = await AnimaProcess.RunAsync(home.Root, new Dictionary<string, string> { ["ANIMA_PORT"] = "45678" }, "status", "--help");

        Assert.Contains("127.0.0.1:45678", help.Stdout);
        Assert.DoesNotContain("42134", help.Stdout);
    }
}
