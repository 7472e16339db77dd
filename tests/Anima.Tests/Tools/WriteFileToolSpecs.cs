using Anima.Tests.Support;

namespace Anima.Tests.Tools;

/// <summary>write_file on real files: whole files, folders created, never a half-written file left behind.</summary>
public sealed class WriteFileToolSpecs : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_new_file_is_created_with_its_missing_folders()
    {
        var result = await _workspace.RunAsync("write_file", new { path = "a/b/c.txt", content = "one\ntwo\n" });

        Assert.False(result.IsError);
        Assert.Equal("Created a/b/c.txt: 2 lines, 8 bytes.", result.Content);
        Assert.Equal("one\ntwo\n", _workspace.Read("a/b/c.txt"));
    }

    [Fact]
    public async Task An_existing_file_is_replaced_whole_keeps_its_permissions_and_leaves_no_temporary_file()
    {
        _workspace.Write("run.sh", "echo old\n");
        File.SetUnixFileMode(_workspace.PathOf("run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await _workspace.RunAsync("write_file", new { path = "run.sh", content = "echo new" });

        Assert.Equal("Replaced run.sh: 1 lines, 8 bytes.", result.Content);
        Assert.Equal("echo new", _workspace.Read("run.sh"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_workspace.PathOf("run.sh")));
        Assert.Equal(["run.sh"], Directory.GetFiles(_workspace.Root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_write_stopped_midway_leaves_the_old_file_and_no_temporary_file()
    {
        _workspace.Write("keep.txt", "precious");
        using var interrupt = new CancellationTokenSource();
        await interrupt.CancelAsync();

        var result = await _workspace.RunAsync("write_file", """{"path":"keep.txt","content":"half of it"}""", interrupt.Token);

        Assert.True(result.Interrupted);
        Assert.Equal("precious", _workspace.Read("keep.txt"));
        Assert.Equal(["keep.txt"], Directory.GetFiles(_workspace.Root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_folder_is_not_overwritten()
    {
        Directory.CreateDirectory(_workspace.PathOf("docs"));

        var result = await _workspace.RunAsync("write_file", new { path = "docs", content = "x" });

        Assert.Equal((true, "docs is a directory; give the path of a file inside it."), (result.IsError, result.Content));
        Assert.True(Directory.Exists(_workspace.PathOf("docs")));
    }

    [Fact]
    public async Task Content_is_required_but_may_be_empty()
    {
        var missing = await _workspace.RunAsync("write_file", new { path = "x.txt" });
        var empty = await _workspace.RunAsync("write_file", new { path = "x.txt", content = "" });

        Assert.Equal((true, """Invalid input for write_file ('content' must be a string): {"path":"x.txt"}"""), (missing.IsError, missing.Content));
        Assert.Equal("Created x.txt: 0 lines, 0 bytes.", empty.Content);
    }
}
