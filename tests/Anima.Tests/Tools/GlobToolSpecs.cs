using Anima.Actors.Tools;
using Anima.Tests.Support;

namespace Anima.Tests.Tools;

/// <summary>glob on a real folder tree: patterns as git reads them, .gitignore respected, the list capped.</summary>
public sealed class GlobToolSpecs : IDisposable
{
    private readonly Workspace _workspace = new(new FileToolLimits(MaxResults: 3));

    public GlobToolSpecs() => _workspace
        .Write(".gitignore", "bin/\n*.log\n!keep.log\n/top.txt\n")
        .Write("top.txt", "ignored at the root only")
        .Write("README.md", "readme")
        .Write("src/App.cs", "class App {}")
        .Write("src/top.txt", "not ignored: the rule is anchored")
        .Write("src/bin/Debug.cs", "ignored: inside bin/")
        .Write("src/Deep/Nested/Thing.cs", "class Thing {}")
        .Write("src/Deep/.gitignore", "Nested/Thing.cs\n")
        .Write("debug.log", "ignored")
        .Write("keep.log", "re-included")
        .Write(".git/HEAD", "ref: refs/heads/main");

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_name_pattern_finds_files_at_any_depth_and_leaves_out_what_gitignore_excludes()
    {
        var result = await _workspace.RunAsync("glob", new { pattern = "*.cs" });

        Assert.Equal("src/App.cs\n", result.Content);
    }

    [Fact]
    public async Task Anchored_negated_and_folder_rules_apply_as_in_git()
    {
        var logs = await _workspace.RunAsync("glob", new { pattern = "*.log" });
        var texts = await _workspace.RunAsync("glob", new { pattern = "**/*.txt" });
        var git = await _workspace.RunAsync("glob", new { pattern = "HEAD" });

        Assert.Equal("keep.log\n", logs.Content);
        Assert.Equal("src/top.txt\n", texts.Content);
        Assert.StartsWith("No files match 'HEAD'", git.Content);
    }

    [Fact]
    public async Task A_search_below_the_root_still_obeys_the_gitignore_above_it_in_the_repository()
    {
        var result = await _workspace.RunAsync("glob", new { pattern = "*", path = "src" });

        Assert.Equal("src/App.cs\nsrc/top.txt\nsrc/Deep/.gitignore\n", result.Content);
    }

    [Fact]
    public async Task More_matches_than_the_limit_are_cut_with_a_count()
    {
        var result = await _workspace.RunAsync("glob", new { pattern = "**" });

        Assert.Equal(".gitignore\nREADME.md\nkeep.log\n[3 more files match; narrow the pattern or the path]\n", result.Content);
    }

    [Fact]
    public async Task A_missing_folder_is_an_error()
    {
        var result = await _workspace.RunAsync("glob", new { pattern = "*", path = "nowhere" });

        Assert.Equal((true, "There is no folder nowhere."), (result.IsError, result.Content));
    }
}
