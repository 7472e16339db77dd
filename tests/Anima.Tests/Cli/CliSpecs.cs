using System.Net;
using System.Net.Sockets;
using Anima.Tests.Support;

namespace Anima.Tests.Cli;

/// <summary>The anima command line, run as a user runs it.</summary>
[Collection("processes")]
public sealed class CliSpecs
{
    [Fact]
    public async Task Install_creates_the_state_tree_with_private_secrets_and_a_second_run_changes_nothing()
    {
        using var home = new TempHome();

        var first = await AnimaProcess.RunAsync(home.Root, null, "install", "--no-systemd");
        var second = await AnimaProcess.RunAsync(home.Root, null, "install", "--no-systemd");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("client.token", first.Stdout);
        foreach (var dir in new[] { "db", "config", "log", "tmp" })
        {
            Assert.True(Directory.Exists(Path.Combine(home.Root, dir)), dir);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(home.Home.TokenFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(home.Home.Config));
        Assert.Equal(64, (await File.ReadAllTextAsync(home.Home.TokenFile)).Trim().Length);
        Assert.Contains("anima {", await File.ReadAllTextAsync(home.Home.ConfigFile));
        var token = await File.ReadAllTextAsync(home.Home.TokenFile);

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("nothing changed", second.Stdout);
        Assert.Equal(token, await File.ReadAllTextAsync(home.Home.TokenFile));
    }

    [Fact]
    public void The_user_service_starts_the_brain_with_its_home_and_its_runtime_settings()
    {
        using var home = new TempHome();

        var unit = Anima.Host.Cli.InstallCommand.UnitText(home.Home).Split('\n');

        Assert.Contains(unit, line => line.StartsWith("ExecStart=", StringComparison.Ordinal) && line.EndsWith(" start --env production", StringComparison.Ordinal));
        Assert.Contains($"Environment=ANIMA_HOME={home.Root}", unit);
        Assert.Contains("Environment=DOTNET_TC_CallCountingDelayMs=0", unit);
    }

    [Fact]
    public async Task Start_on_a_busy_port_fails_clearly()
    {
        using var home = new TempHome();
        var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        try
        {
            var port = ((IPEndPoint)busy.LocalEndpoint).Port;

            var result = await AnimaProcess.RunAsync(home.Root, null, "start", "--port", port.ToString());

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains($"Port {port} on 127.0.0.1 is already in use", result.Stderr);
        }
        finally
        {
            busy.Stop();
        }
    }

    [Fact]
    public async Task An_unknown_environment_or_a_corrupt_config_is_a_clear_error()
    {
        using var home = new TempHome();

        var environment = await AnimaProcess.RunAsync(home.Root, null, "start", "--env", "staging");
        Directory.CreateDirectory(home.Home.Config);
        await File.WriteAllTextAsync(home.Home.ConfigFile, "anima.agent.max-tokens = lots\n");
        var corrupt = await AnimaProcess.RunAsync(home.Root, null, "start");

        Assert.Equal(1, environment.ExitCode);
        Assert.Contains("Unknown environment 'staging'", environment.Stderr);
        Assert.Equal(1, corrupt.ExitCode);
        Assert.Contains("anima.agent.max-tokens = lots is not a whole number > 0", corrupt.Stderr);
    }

    [Fact]
    public async Task A_client_command_with_no_brain_says_so_and_fails()
    {
        using var home = new TempHome();
        await AnimaProcess.RunAsync(home.Root, null, "install", "--no-systemd");

        var result = await AnimaProcess.RunAsync(home.Root, null, "status", "--host", $"127.0.0.1:{FreePort.Next()}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No brain answers at 127.0.0.1:", result.Stderr);
        Assert.Contains("./anima start", result.Stderr);
    }

    [Fact]
    public async Task Status_sessions_and_export_talk_to_a_running_brain()
    {
        await using var brain = await RunningBrain.StartAsync();
        string older, newer;
        await using (var client = await brain.ConnectAsync())
        {
            // This brain has no credentials: each message's turn ends with a system message. Let the older
            // session's turn end before the newer one starts, so "newest first" is well defined.
            older = await client.CreateSessionAsync();
            await client.PostAsync(older, "How do I list files?\nIn detail please");
            await Eventually.HoldsAsync(async () => Assert.Equal(3, (await ExportCommandAccess.ReadHistoryAsync(client, older)).Count), TimeSpan.FromSeconds(20));
            newer = await client.CreateSessionAsync("Named session");
            await client.PostAsync(newer, "second");
            await Eventually.HoldsAsync(async () => Assert.Equal(3, (await ExportCommandAccess.ReadHistoryAsync(client, newer)).Count), TimeSpan.FromSeconds(20));
        }

        var status = await AnimaProcess.RunAsync(brain.Home.Root, null, "status", "--host", brain.HostArgument);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("version:", status.Stdout);

        await Eventually.HoldsAsync(async () =>
        {
            var sessions = await AnimaProcess.RunAsync(brain.Home.Root, null, "sessions", "--host", brain.HostArgument);
            Assert.Equal(0, sessions.ExitCode);
            var lines = sessions.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("ID", lines[0]);
            Assert.Contains(newer, lines[1]);
            Assert.Contains("Named session", lines[1]);
            Assert.Contains(older, lines[2]);
            Assert.Contains("How do I list files?", lines[2]);
        }, TimeSpan.FromSeconds(20));

        var markdown = await AnimaProcess.RunAsync(brain.Home.Root, null, "export", older, "--host", brain.HostArgument);
        Assert.Equal(0, markdown.ExitCode);
        Assert.Contains("# How do I list files?", markdown.Stdout);
        Assert.Contains("In detail please", markdown.Stdout);

        await Eventually.HoldsAsync(async () =>
        {
            var jsonl = await AnimaProcess.RunAsync(brain.Home.Root, null, "export", older, "--format", "jsonl", "--host", brain.HostArgument);
            var lines = jsonl.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, lines.Length);
            Assert.Contains("\"type\":\"session_started\"", lines[0]);
            Assert.Contains("\"seq\":2", lines[1]);
            Assert.Contains("\"type\":\"user_message\"", lines[1]);
            Assert.Contains("\"type\":\"system_message\"", lines[2]); // this brain has no credentials: the turn says how to set them
            Assert.Contains("./anima login", lines[2]);
        }, TimeSpan.FromSeconds(20));

        var missing = await AnimaProcess.RunAsync(brain.Home.Root, null, "export", "nosuchsession", "--host", brain.HostArgument);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no session 'nosuchsession'", missing.Stderr);

        // Without an id, export and mind take the most recent session, as the TUI and 'ask' do.
        var latest = await AnimaProcess.RunAsync(brain.Home.Root, null, "export", "--host", brain.HostArgument);
        Assert.Equal(0, latest.ExitCode);
        Assert.Contains("# Named session", latest.Stdout);
        var mind = await AnimaProcess.RunAsync(brain.Home.Root, null, "mind", "--host", brain.HostArgument);
        Assert.Equal(0, mind.ExitCode);
        Assert.Contains($"Mind of session {newer}", mind.Stdout);
    }

    [Fact]
    public async Task Export_without_an_id_on_a_brain_with_no_sessions_says_how_to_start_one()
    {
        await using var brain = await RunningBrain.StartAsync();

        var export = await AnimaProcess.RunAsync(brain.Home.Root, null, "export", "--host", brain.HostArgument);

        Assert.Equal(1, export.ExitCode);
        Assert.Contains("no sessions yet", export.Stderr);
        Assert.Contains("./anima ask", export.Stderr);
    }

    [Fact]
    public async Task A_wrong_flag_is_a_usage_error()
    {
        using var home = new TempHome();

        var result = await AnimaProcess.RunAsync(home.Root, null, "sessions", "--frobnicate");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--frobnicate", result.Stderr);
    }
}
