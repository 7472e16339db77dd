using Anima.Actors.Tools;

namespace Anima.Tests.Permissions;

/// <summary>Allow rules: a bash prefix lets one simple command through, never a second one riding along.</summary>
public sealed class AllowRuleSpecs
{
    [Theory]
    [InlineData("git status")]
    [InlineData("git status --short")]
    [InlineData("  git   status  ")]
    [InlineData("git status 'file with spaces.txt'")]
    [InlineData("'git' \"status\"")]
    [InlineData("git status *.cs")]
    public void A_prefix_rule_allows_the_command_with_any_arguments(string command) =>
        Assert.True(Rule("bash(git status)").Allows("bash", Bash(command)));

    [Theory]
    [InlineData("git status; rm -rf ~")]
    [InlineData("git status && rm -rf ~")]
    [InlineData("git status || rm -rf ~")]
    [InlineData("git status | sh")]
    [InlineData("git status & rm -rf ~")]
    [InlineData("git status\nrm -rf ~")]
    [InlineData("git status $(rm -rf ~)")]
    [InlineData("git status `rm -rf ~`")]
    [InlineData("git status \"$(rm -rf ~)\"")]
    [InlineData("git status \"`rm -rf ~`\"")]
    [InlineData("git status > ~/.bashrc")]
    [InlineData("git status < /etc/passwd")]
    [InlineData("git status <(rm -rf ~)")]
    [InlineData("git status ${IFS}x")]
    [InlineData("git status \\; rm")]
    [InlineData("git status 'unclosed")]
    [InlineData("(git status)")]
    [InlineData("{ git status; }")]
    [InlineData("git statusx")]
    [InlineData("git")]
    [InlineData("git stat")]
    [InlineData("sudo git status")]
    [InlineData("FOO=bar git status")]
    [InlineData("git status # ; rm")]
    public void A_prefix_rule_never_allows_more_than_its_one_command(string command) =>
        Assert.False(Rule("bash(git status)").Allows("bash", Bash(command)));

    [Fact]
    public void A_prefix_rule_is_for_bash_only()
    {
        Assert.False(Rule("bash(git status)").Allows("write_file", Bash("git status")));
        Assert.Null(AllowRule.Parse("write_file(src)", out var problem));
        Assert.Contains("only bash takes a prefix", problem);
    }

    [Theory]
    [InlineData("bash(git status; rm)")]
    [InlineData("bash($(x))")]
    [InlineData("bash()")]
    [InlineData("")]
    [InlineData("rm -rf")]
    public void A_rule_that_is_not_a_name_or_plain_prefix_is_refused_with_a_reason(string text)
    {
        Assert.Null(AllowRule.Parse(text, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void A_tool_rule_allows_that_tool_and_an_mcp_server_rule_all_of_its_tools_only()
    {
        Assert.True(Rule("web_get").Allows("web_get", null));
        Assert.False(Rule("web_get").Allows("web_get_other", null));
        Assert.True(Rule("mcp__github").Allows("mcp__github__create_issue", null));
        Assert.False(Rule("mcp__github").Allows("mcp__githubx__create_issue", null));
        Assert.False(Rule("mcp__github").Allows("bash", Bash("ls")));
        Assert.True(Rule("mcp__github__create_issue").Allows("mcp__github__create_issue", null));
        Assert.False(Rule("mcp__github__create_issue").Allows("mcp__github__delete_repo", null));
        Assert.True(Rule("bash").Allows("bash", Bash("anything; at all")));
    }

    [Theory]
    [InlineData("git status --short", "bash(git status)")]
    [InlineData("ls -la", "bash(ls)")]
    [InlineData("npm test", "bash(npm test)")]
    [InlineData("cat ./notes.txt", "bash(cat)")]
    [InlineData("ls; rm -rf ~", null)]
    [InlineData("echo $HOME", null)]
    public void Always_offers_the_program_and_its_subcommand_and_nothing_for_a_compound_command(string command, string? rule) =>
        Assert.Equal(rule, AllowRule.SuggestFor("bash", Bash(command)));

    private static AllowRule Rule(string text) => AllowRule.Parse(text, out var problem) ?? throw new InvalidOperationException(problem);

    private static ToolInput Bash(string command) =>
        ToolInput.Parse(System.Text.Json.JsonSerializer.Serialize(new { command }))!;
}
