using Anima.Client.Configuration;
using Anima.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Anima.Tests.Faults;

/// <summary>
/// A brain started on state it cannot use says what is wrong and what to do in one line and exits 1. Each of these
/// used to end in an unhandled exception, a stack trace and exit 134 (abort); a database deleted under a running
/// brain went unnoticed and the next start showed no sessions.
/// </summary>
[Collection("processes")]
public sealed class BadStateSpecs : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task A_database_that_is_not_SQLite_is_named_with_what_to_do()
    {
        Directory.CreateDirectory(_home.Home.Db);
        await File.WriteAllTextAsync(DatabaseFile, "these are my notes, not a database\n" + new string('.', 200));

        var line = await FailedStartAsync();

        Assert.Equal($"anima: {DatabaseFile} is not a SQLite database. Move it away (the brain then starts a new, empty one) or put back the right file.", line);
    }

    [Fact]
    public async Task A_database_cut_short_is_called_damaged_with_how_to_recover_it()
    {
        Directory.CreateDirectory(_home.Home.Db);
        using (var connection = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE notes (text TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) INSERT INTO notes SELECT printf('%.1000c', 'x') FROM n;";
            command.ExecuteNonQuery();
        }

        await using (var file = new FileStream(DatabaseFile, FileMode.Open))
        {
            file.SetLength(file.Length / 2);
        }

        var line = await FailedStartAsync();

        Assert.StartsWith($"anima: {DatabaseFile} is damaged (", line);
        Assert.Contains("cut short", line);
        Assert.Contains(".recover", line);
    }

    [Fact]
    public async Task A_read_only_home_is_named_with_what_to_do()
    {
        Assert.True(SmallDisk.WhyUnavailable is null, SmallDisk.WhyUnavailable);
        Directory.CreateDirectory(_home.Root);

        // The home bind-mounted read-only onto itself, in the brain's own mount namespace.
        var line = await FailedStartAsync(
            ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && exec \"$@\"", _home.Root]);

        Assert.StartsWith($"anima: The brain cannot write its state in {_home.Root} (Read-only file system", line);
        Assert.Contains("point ANIMA_HOME at a writable folder", line);
    }

    [Fact]
    public async Task A_home_the_brain_may_not_write_is_named_with_what_to_do()
    {
        Assert.True(SmallDisk.WhyUnavailable is null, SmallDisk.WhyUnavailable);
        Assert.True(Environment.UserName == "root", "making a folder someone else's needs root (CI runs as root)");
        Directory.CreateDirectory(_home.Root);
        // Someone else's folder (r-x for us); the brain runs in a user namespace of its own, so even root has no
        // power over it.
        using (var chown = System.Diagnostics.Process.Start("chown", ["12345:12345", _home.Root])!)
        {
            await chown.WaitForExitAsync();
            Assert.Equal(0, chown.ExitCode);
        }

        File.SetUnixFileMode(_home.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var line = await FailedStartAsync(["unshare", "--user", "sh", "-c", "exec \"$@\"", "sh"]);

        Assert.StartsWith($"anima: The brain cannot write its state in {_home.Root} (Access to the path", line);
        Assert.Contains("Make it writable for the user the brain runs as", line);
    }

    [Fact]
    public async Task A_database_deleted_while_the_brain_runs_stops_it_saying_so()
    {
        await using var brain = await RunningBrain.StartAsync(_home);
        await using (var client = await brain.ConnectAsync())
        {
            await client.CreateSessionAsync("about to lose its file");
        }

        File.Delete(DatabaseFile);

        await brain.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, brain.Process.ExitCode);
        Assert.Contains($"anima: {DatabaseFile} was deleted or moved while the brain was running. Put the file back, or restart the brain", brain.Process.Stderr);
    }

    [Fact]
    public async Task Start_warns_about_unknown_settings_and_names_a_host_it_cannot_find()
    {
        Directory.CreateDirectory(_home.Home.Config);
        await File.WriteAllTextAsync(_home.Home.ConfigFile, "anima.agnet.model = \"x\"\nanima.brain.hostname = \"nosuch.invalid\"\n");

        await using var brain = AnimaProcess.Start(_home.Root, null, "start", "--port", FreePort.Next().ToString());
        await brain.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, brain.ExitCode);
        var lines = brain.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal($"anima: warning: {_home.Home.ConfigFile}: anima.agnet.model is not a setting Anima knows, so it is ignored (did you mean anima.agent.model?).", lines[0]);
        Assert.StartsWith("anima: anima.brain.hostname = \"nosuch.invalid\" does not name this machine (", lines[1]);
        Assert.EndsWith("Use an address such as 127.0.0.1.", lines[1]);
    }

    private string DatabaseFile => _home.Home.DatabaseFile(Anima.Client.Configuration.AnimaEnvironment.Production);

    /// <summary>Starts a brain that must refuse to start; its one line of stderr.</summary>
    private async Task<string> FailedStartAsync(IReadOnlyList<string>? wrapper = null)
    {
        await using var brain = AnimaProcess.Start(_home.Root, null, wrapper ?? [], "start", "--port", FreePort.Next().ToString());
        await brain.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(brain.ExitCode == 1, $"exit {brain.ExitCode}\n{brain.Stderr}");
        return Assert.Single(brain.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
