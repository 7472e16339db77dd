using Anima.Actors.Tools;
using Anima.Tests.Support;

namespace Anima.Tests.Tools;

/// <summary>read_file on real files: numbered lines, ranges, and the files it refuses, each with its reason.</summary>
public sealed class ReadFileToolSpecs : IDisposable
{
    private readonly Workspace _workspace = new(new FileToolLimits(MaxFileBytes: 64 * 1024, MaxLines: 3));

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_relative_path_is_read_from_the_sessions_directory_with_numbered_lines()
    {
        _workspace.Write("src/notes.txt", "alpha\r\nbeta\n");

        var result = await _workspace.RunAsync("read_file", new { path = "src/notes.txt" });

        Assert.False(result.IsError);
        Assert.Equal("   1\talpha\n   2\tbeta\n", result.Content);
    }

    [Fact]
    public async Task A_range_gives_those_lines_and_says_where_to_read_on()
    {
        _workspace.Write("long.txt", string.Join("\n", Enumerable.Range(1, 10).Select(i => $"line {i}")) + "\n");

        var middle = await _workspace.RunAsync("read_file", new { path = "long.txt", offset = 4, limit = 2 });
        var first = await _workspace.RunAsync("read_file", new { path = _workspace.PathOf("long.txt") });
        var past = await _workspace.RunAsync("read_file", new { path = "long.txt", offset = 11 });

        Assert.Equal("   4\tline 4\n   5\tline 5\n[lines 4–5 of 10; read on with offset 6]\n", middle.Content);
        Assert.Equal("   1\tline 1\n   2\tline 2\n   3\tline 3\n[lines 1–3 of 10; read on with offset 4]\n", first.Content);
        Assert.True(past.IsError);
        Assert.Equal("long.txt has 10 lines; offset 11 is past its end.", past.Content);
    }

    [Fact]
    public async Task A_very_long_line_is_cut_with_the_count_of_what_was_left_out()
    {
        _workspace.Write("wide.txt", new string('x', 2500));

        var result = await _workspace.RunAsync("read_file", new { path = "wide.txt" });

        Assert.EndsWith("x… [500 more characters]\n", result.Content);
    }

    [Fact]
    public async Task A_binary_file_is_refused_as_binary()
    {
        File.WriteAllBytes(_workspace.PathOf("image.png"), [0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]);

        var result = await _workspace.RunAsync("read_file", new { path = "image.png" });

        Assert.True(result.IsError);
        Assert.StartsWith("image.png looks binary", result.Content);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_with_its_size_and_what_to_use_instead()
    {
        _workspace.Write("huge.log", new string('a', 70 * 1024));

        var result = await _workspace.RunAsync("read_file", new { path = "huge.log" });

        Assert.True(result.IsError);
        Assert.Contains("huge.log is 70 KB, over the 64 KB", result.Content);
        Assert.Contains("anima.tools.files.max-file-size", result.Content);
        Assert.Contains("grep", result.Content);
    }

    [Fact]
    public async Task A_missing_file_or_a_folder_is_an_error_that_says_which()
    {
        Directory.CreateDirectory(_workspace.PathOf("docs"));

        var missing = await _workspace.RunAsync("read_file", new { path = "nope.txt" });
        var folder = await _workspace.RunAsync("read_file", new { path = "docs" });

        Assert.Equal((true, "There is no file nope.txt."), (missing.IsError, missing.Content));
        Assert.Equal((true, "docs is a directory, not a file; use glob to list what is in it."), (folder.IsError, folder.Content));
    }

    [Fact]
    public async Task An_empty_file_says_so()
    {
        _workspace.Write("empty.txt", string.Empty);

        var result = await _workspace.RunAsync("read_file", new { path = "empty.txt" });

        Assert.Equal((false, "empty.txt is empty."), (result.IsError, result.Content));
    }
}
