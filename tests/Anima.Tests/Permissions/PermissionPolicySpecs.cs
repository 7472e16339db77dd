using Anima.Actors.Tools;
using Anima.Messages.Sessions;
using Anima.Tests.Support;

namespace Anima.Tests.Permissions;

/// <summary>The modes: what runs at once and what asks, for each kind of tool.</summary>
public sealed class PermissionPolicySpecs : IDisposable
{
    private readonly TempHome _temp = new();
    private readonly ToolRegistry _tools = ToolRegistry.BuiltIn(TimeSpan.FromSeconds(5), new WebGet(TimeSpan.FromSeconds(1)));
    private readonly string _work;

    public PermissionPolicySpecs() => _work = Directory.CreateDirectory(Path.Combine(_temp.Root, "work")).FullName;

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(PermissionMode.Ask)]
    [InlineData(PermissionMode.AutoEdit)]
    public void Read_only_tools_never_ask_even_outside_the_directory(PermissionMode mode)
    {
        Assert.True(Check("read_file", """{"path":"/etc/hostname"}""", mode).Allowed);
        Assert.True(Check("glob", """{"pattern":"**/*"}""", mode).Allowed);
        Assert.True(Check("grep", """{"pattern":"x"}""", mode).Allowed);
        Assert.True(Check("web_get", """{"url":"https://example.com"}""", mode).Allowed);
    }

    [Fact]
    public void Ask_mode_asks_for_bash_and_every_file_edit()
    {
        var bash = Check("bash", """{"command":"ls"}""", PermissionMode.Ask);
        Assert.False(bash.Allowed);
        Assert.Equal("bash asks first in ask mode", bash.Reason);
        Assert.Equal("bash(ls)", bash.Rule);
        Assert.False(Check("write_file", """{"path":"a.txt","content":"x"}""", PermissionMode.Ask).Allowed);
        Assert.False(Check("edit_file", """{"path":"a.txt","old_string":"x","new_string":"y"}""", PermissionMode.Ask).Allowed);
    }

    [Fact]
    public void Auto_edit_runs_edits_inside_the_directory_and_asks_for_bash_and_paths_outside()
    {
        Assert.True(Check("write_file", """{"path":"src/new.txt","content":"x"}""", PermissionMode.AutoEdit).Allowed);
        Assert.True(Check("edit_file", $$"""{"path":"{{_work}}/a.txt","old_string":"x","new_string":"y"}""", PermissionMode.AutoEdit).Allowed);
        Assert.False(Check("bash", """{"command":"ls"}""", PermissionMode.AutoEdit).Allowed);

        var outside = Check("write_file", """{"path":"../escape.txt","content":"x"}""", PermissionMode.AutoEdit);
        Assert.False(outside.Allowed);
        Assert.Contains("outside the session's directory", outside.Reason);
        Assert.False(Check("write_file", """{"path":"~/.bashrc","content":"x"}""", PermissionMode.AutoEdit).Allowed);
        Assert.False(Check("write_file", """{"path":"/etc/passwd","content":"x"}""", PermissionMode.AutoEdit).Allowed);
    }

    [Fact]
    public void Auto_edit_asks_for_a_path_that_a_symbolic_link_leads_outside()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_temp.Root, "outside")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(_work, "link"), outside);
        File.CreateSymbolicLink(Path.Combine(_work, "file-link"), Path.Combine(outside, "target.txt"));

        Assert.False(Check("write_file", """{"path":"link/x.txt","content":"x"}""", PermissionMode.AutoEdit).Allowed);
        Assert.False(Check("write_file", """{"path":"file-link","content":"x"}""", PermissionMode.AutoEdit).Allowed);
    }

    [Fact]
    public void Trust_runs_everything()
    {
        Assert.True(Check("bash", """{"command":"rm -rf build; make"}""", PermissionMode.Trust).Allowed);
        Assert.True(Check("write_file", """{"path":"/tmp/x","content":"x"}""", PermissionMode.Trust).Allowed);
    }

    [Fact]
    public void A_rule_runs_what_it_matches_in_ask_mode_and_nothing_else()
    {
        AllowRule[] rules = [AllowRule.Parse("bash(git status)", out _)!, AllowRule.Parse("write_file", out _)!];

        Assert.True(Check("bash", """{"command":"git status -s"}""", PermissionMode.Ask, rules).Allowed);
        Assert.False(Check("bash", """{"command":"git status; rm -rf ~"}""", PermissionMode.Ask, rules).Allowed);
        Assert.True(Check("write_file", """{"path":"/tmp/anywhere","content":"x"}""", PermissionMode.Ask, rules).Allowed);
        Assert.False(Check("edit_file", """{"path":"a","old_string":"x","new_string":"y"}""", PermissionMode.Ask, rules).Allowed);
    }

    [Fact]
    public void A_tool_not_known_to_be_read_only_asks_and_a_broken_call_is_left_to_fail()
    {
        var mcp = new ToolRegistry([new UnknownTool()]);
        Assert.False(mcp.Check("mcp__srv__do", "{}", PermissionMode.Ask, [], [], _work).Allowed);
        Assert.True(mcp.Check("mcp__srv__do", "{}", PermissionMode.Ask, [AllowRule.Parse("mcp__srv", out _)!], [], _work).Allowed);
        Assert.True(_tools.Check("no_such_tool", "{}", PermissionMode.Ask, [], [], _work).Allowed);
        Assert.True(_tools.Check("bash", "not json", PermissionMode.Ask, [], [], _work).Allowed);
    }

    private PermissionCheck Check(string tool, string input, PermissionMode mode, IReadOnlyList<AllowRule>? rules = null) =>
        _tools.Check(tool, input, mode, rules ?? [], [], _work);

    /// <summary>A tool that says nothing of its access, as an MCP server's.</summary>
    private sealed class UnknownTool : ITool
    {
        public string Name => "mcp__srv__do";

        public string Description => "does something";

        public System.Text.Json.JsonElement InputSchema { get; } = ToolRegistry.Schema("""{"type":"object"}""");

        public Task<ToolResult> RunAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new ToolResult("done", false));
    }
}
