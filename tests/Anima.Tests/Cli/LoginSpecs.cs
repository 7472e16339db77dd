using Anima.Client.Configuration;
using Anima.FakeAnthropic;
using Anima.Tests.Support;

namespace Anima.Tests.Cli;

/// <summary><c>anima login</c> with the key piped in, checked against the fake provider at its base URL.</summary>
[Collection("processes")]
public sealed class LoginSpecs
{
    [Fact]
    public async Task A_key_the_api_accepts_is_stored_privately_one_it_refuses_or_a_sentence_is_not()
    {
        await using var llm = await FakeAnthropicServer.StartAsync(new FakeAnthropicOptions { ApiKey = "sk-ant-api03-good-3333" });
        using var home = new TempHome();
        var environment = new Dictionary<string, string> { ["ANTHROPIC_BASE_URL"] = llm.BaseUrl };

        var sentence = await AnimaProcess.RunAsync(new AnimaProcess.RunOptions(home.Root, environment, Stdin: "my cat is called Zorblax\n"), "login");
        Assert.Equal(1, sentence.ExitCode);
        Assert.Contains("not an API key", sentence.Stderr);
        Assert.Empty(llm.Requests); // refused before asking the API

        var refused = await AnimaProcess.RunAsync(new AnimaProcess.RunOptions(home.Root, environment, Stdin: "sk-ant-api03-bad-4444\n"), "login");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("refused this key", refused.Stderr);
        Assert.False(File.Exists(home.Home.CredentialsFile));

        var accepted = await AnimaProcess.RunAsync(new AnimaProcess.RunOptions(home.Root, environment, Stdin: "sk-ant-api03-good-3333\n"), "login");
        Assert.Equal(0, accepted.ExitCode);
        Assert.Equal("sk-ant-api03-good-3333", Credentials.FromFile(home.Home)!.ApiKey);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(home.Home.CredentialsFile));
    }
}
