using Anima.Actors.Tools;
using Anima.Tests.Support;

namespace Anima.Tests.Tools;

/// <summary>grep on a real folder tree: regex matches as path:line, .gitignore and binary files skipped, output capped.</summary>
public sealed class GrepToolSpecs : IDisposable
{
    private readonly Workspace _workspace = new(new FileToolLimits(MaxResults: 4));

    public GrepToolSpecs() => _workspace
        .Write(".gitignore", "generated/\n")
        .Write("src/a.cs", "// TODO: one\nclass A {}\n// todo: two\n")
        .Write("src/b.txt", "TODO in text\n")
        .Write("generated/c.cs", "// TODO: never seen\n");

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Matching_lines_come_back_as_path_line_text_and_ignored_folders_are_not_searched()
    {
        var result = await _workspace.RunAsync("grep", new { pattern = @"TODO:?\s" });

        Assert.Equal("src/a.cs:1: // TODO: one\nsrc/b.txt:1: TODO in text\n", result.Content);
    }

    [Fact]
    public async Task A_glob_narrows_the_files_and_ignore_case_widens_the_match()
    {
        var result = await _workspace.RunAsync("grep", new { pattern = "todo", glob = "*.cs", ignore_case = true });

        Assert.Equal("src/a.cs:1: // TODO: one\nsrc/a.cs:3: // todo: two\n", result.Content);
    }

    [Fact]
    public async Task A_single_file_can_be_searched_and_binary_files_are_skipped()
    {
        File.WriteAllBytes(_workspace.PathOf("src/blob.bin"), [(byte)'T', (byte)'O', (byte)'D', (byte)'O', 0]);

        var file = await _workspace.RunAsync("grep", new { pattern = "class", path = "src/a.cs" });
        var all = await _workspace.RunAsync("grep", new { pattern = "TODO", path = "src" });

        Assert.Equal("src/a.cs:2: class A {}\n", file.Content);
        Assert.DoesNotContain("blob.bin", all.Content);
    }

    [Fact]
    public async Task More_matches_than_the_limit_are_counted_not_shown()
    {
        _workspace.Write("many.txt", string.Concat(Enumerable.Repeat("hit\n", 10)));

        var result = await _workspace.RunAsync("grep", new { pattern = "^hit$", path = "many.txt" });

        Assert.Equal("many.txt:1: hit\nmany.txt:2: hit\nmany.txt:3: hit\nmany.txt:4: hit\n[6 more matching lines not shown (10 in 1 files); narrow the pattern, the path or the glob]\n", result.Content);
    }

    [Fact]
    public async Task An_invalid_regex_and_no_match_are_told_apart()
    {
        var invalid = await _workspace.RunAsync("grep", new { pattern = "(unclosed" });
        var nothing = await _workspace.RunAsync("grep", new { pattern = "zebra" });

        Assert.True(invalid.IsError);
        Assert.StartsWith("'(unclosed' is not a valid regular expression", invalid.Content);
        Assert.False(nothing.IsError);
        Assert.Equal("No matches for /zebra/ under " + _workspace.Root + ".", nothing.Content);
    }
}
