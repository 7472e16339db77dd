using Anima.Actors.Configuration;
using Anima.Client.Configuration;
using Anima.Host.Brain;
using Anima.Tests.Support;

namespace Anima.Tests.Faults;

/// <summary>anima.conf mistakes that used to pass silently, or fail with a message that said nothing.</summary>
public sealed class ConfigFaultSpecs : IDisposable
{
    private readonly TempHome _home = new();

    public ConfigFaultSpecs() => Directory.CreateDirectory(_home.Home.Config);

    public void Dispose() => _home.Dispose();

    [Theory]
    [InlineData("anima {\n  agent {\n    max-tokens = 100\n", "line 2: '{' is never closed")]
    [InlineData("anima {\n  agent.max-tokens = 100\n}\n}\n", "line 4: '}' closes nothing")]
    [InlineData("anima.agent.model = \"a } in a string is fine\"\nanima.tools {\n  bash-timeout = 0s # }\n}\n", "anima.tools.bash-timeout = 0s is not a duration above zero")]
    [InlineData("anima.tools.web-get-timeout = -5s", "anima.tools.web-get-timeout = -5s is not a duration above zero")]
    [InlineData("anima.agent.retry-min-backoff = 2m\nanima.agent.retry-max-backoff = 30s", "anima.agent.retry-min-backoff (2m) is longer than anima.agent.retry-max-backoff (30s)")]
    [InlineData("anima.brain.hostname = \"not a host!\"", "anima.brain.hostname = \"not a host!\" is not a host name or an IP address")]
    [InlineData("anima.agent.max-resumes = 0", "anima.agent.max-resumes = 0 is not a whole number > 0")]
    [InlineData("anima.agent.max-repeated-failures = -1", "anima.agent.max-repeated-failures = -1 is not a whole number ≥ 0")]
    [InlineData("anima.tools.files.max-file-size = 0", "anima.tools.files.max-file-size = 0 is not a size above zero")]
    [InlineData("include \"/etc/passwd\"", "include \"/etc/passwd\": /etc/passwd is not valid HOCON: ")]
    [InlineData("include \"nowhere.conf\"", "include \"nowhere.conf\": there is no file")]
    public void A_mistake_is_refused_with_where_it_is(string text, string expected)
    {
        File.WriteAllText(_home.Home.ConfigFile, text);

        var refused = Assert.Throws<AnimaConfigException>(() => AnimaConfig.LoadUser(_home.Home));

        Assert.Contains(expected, refused.Message);
        Assert.Contains(_home.Home.ConfigFile, refused.Message);
        Assert.DoesNotContain("Object reference", refused.Message);
    }

    [Theory]
    [InlineData("anima.mind.hormones.frustration.half-life = 0s", ": anima.mind.hormones.frustration.half-life")]
    [InlineData("anima.db.synchronous = sometimes", ": anima.db.synchronous = sometimes is not one of normal, full, extra, off.")]
    public void A_mistake_in_a_rooms_own_section_stops_the_brain_before_it_writes_anything(string text, string expected)
    {
        File.WriteAllText(_home.Home.ConfigFile, text);
        var settings = AnimaConfig.ForBrain(_home.Home, "production", port: 0);

        var refused = Assert.Throws<AnimaConfigException>(() => BrainParts.Prepare(settings));

        Assert.StartsWith(_home.Home.ConfigFile + expected, refused.Message);
        Assert.False(File.Exists(settings.DatabaseFile));
        Assert.False(File.Exists(_home.Home.TokenFile));
    }

    [Fact]
    public void An_include_next_to_the_file_is_read()
    {
        File.WriteAllText(Path.Combine(_home.Home.Config, "model.conf"), "anima.agent.model = \"claude-from-include\"");
        File.WriteAllText(_home.Home.ConfigFile, "include \"model.conf\"\nanima.agent.max-tokens = 1234");

        var config = AnimaConfig.LoadUser(_home.Home);

        Assert.Equal("claude-from-include", config.GetString("anima.agent.model"));
        Assert.Equal(1234, config.GetInt("anima.agent.max-tokens"));
    }

    [Fact]
    public void An_anima_conf_that_is_a_folder_is_refused()
    {
        Directory.CreateDirectory(_home.Home.ConfigFile);

        var refused = Assert.Throws<AnimaConfigException>(() => AnimaConfig.LoadUser(_home.Home));

        Assert.Equal($"{_home.Home.ConfigFile} is a folder, not a file, so none of your settings would apply. Move it away; 'anima install' writes a commented anima.conf.", refused.Message);
    }

    [Fact]
    public void Each_unknown_setting_is_named_with_the_nearest_known_one()
    {
        File.WriteAllText(_home.Home.ConfigFile, """
            anima.agnet.model = "claude"
            anima.agent.max_tokens = 500
            anima.agent.model = "claude-sonnet-4-5"
            anima.tools.working-directory = "/tmp"
            anima.mind.hormones.cortisol { half-life = 5m, stimuli { tool-error = 5 } }
            anima.mind.psyche.episodes.shy { first = novelty, then = criticism, adjust { testosterone.novelty = weaker } }
            anima.zzzzzz = 1
            akka.loglevel = DEBUG
            """);

        var warnings = AnimaConfig.UserWarnings(_home.Home);

        Assert.Equal(
        [
            $"{_home.Home.ConfigFile}: anima.agnet.model is not a setting Anima knows, so it is ignored (did you mean anima.agent.model?).",
            $"{_home.Home.ConfigFile}: anima.agent.max_tokens is not a setting Anima knows, so it is ignored (did you mean anima.agent.max-tokens?).",
            $"{_home.Home.ConfigFile}: anima.zzzzzz is not a setting Anima knows, so it is ignored.",
        ], warnings);
        AnimaConfig.LoadUser(_home.Home); // warned about, not refused
    }

    [Fact]
    public void The_defaults_pass_their_own_checks_and_know_every_setting_they_hold()
    {
        // Every commented setting of the file 'anima install' writes, switched on.
        var settingLine = new System.Text.RegularExpressions.Regex(@"^(\s*)#\s*([a-z][a-z.-]*\s*(=|\{)|\})");
        var uncommented = Anima.Host.Cli.DefaultConfig.Text.Split('\n')
            .Select(line => settingLine.IsMatch(line) ? settingLine.Replace(line, "$1$2") : line);
        File.WriteAllText(_home.Home.ConfigFile, string.Join('\n', uncommented));

        Assert.Empty(AnimaConfig.UserWarnings(_home.Home));
        Assert.Equal("~", AnimaConfig.LoadUser(_home.Home).GetString("anima.tools.working-directory"));
    }
}
