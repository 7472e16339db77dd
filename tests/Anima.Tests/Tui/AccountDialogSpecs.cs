using Anima.Client.Configuration;
using Anima.Tests.Support;
using Anima.Tui.ViewModel;
using Anima.Tui.Views;

namespace Anima.Tests.Tui;

[Collection("headless terminal")]
public sealed class AccountDialogSpecs
{
    private static readonly Credentials EnvironmentKey = new("sk-ant-api03-environment-0000", null, Credentials.ApiKeyVariable);

    [Fact]
    public void With_a_key_in_the_environment_and_one_stored_the_dialog_says_the_environment_s_is_used_underscores_and_all()
    {
        using var home = new TempHome();
        Credentials.Store(home.Home, "sk-ant-api03-stored-111111111");
        var window = new MainWindow();
        using var terminal = new HeadlessTerminal(window);

        window.Account.Show(AccountText.State(home.Home, EnvironmentKey));
        var screen = terminal.Screen();

        Assert.Contains("from ANTHROPIC_API_KEY", screen);
        Assert.Contains("a brain started from here uses it over the key stored", screen);
    }

    [Fact]
    public void Storing_a_key_while_the_environment_has_one_says_the_environment_s_wins()
    {
        using var home = new TempHome();
        Credentials.Store(home.Home, "sk-ant-api03-stored-111111111");

        Assert.Contains("ANTHROPIC_API_KEY is set in this terminal", AccountText.AfterStore(home.Home, EnvironmentKey));
        Assert.Contains("The brain uses it from the next turn", AccountText.AfterStore(home.Home, environment: null));
        Assert.Contains($"In use: {Credentials.FromFile(home.Home)!.Masked}", AccountText.State(home.Home, environment: null));
    }

    [Theory]
    [InlineData("my cat is called Zorblax")]
    [InlineData("sk-ant-api03 pasted twice sk-ant-api03")]
    [InlineData("   ")]
    public void What_cannot_be_a_key_is_refused_with_a_reason(string typed) =>
        Assert.NotNull(Credentials.Problem(typed));

    [Theory]
    [InlineData("sk-ant-api03-AbC_12-xyz")]
    [InlineData("  sk-ant-api03-pasted-with-a-newline\n")]
    public void A_key_as_pasted_is_accepted(string pasted) =>
        Assert.Null(Credentials.Problem(pasted));

    [Fact]
    public void A_session_title_with_underscores_shows_them_in_the_sidebar()
    {
        var window = new MainWindow();
        using var terminal = new HeadlessTerminal(window);

        window.Sidebar.Show("title  my_notes_v2");

        Assert.Contains("my_notes_v2", terminal.Screen());
    }

    [Fact]
    public void Without_credentials_the_brain_names_the_tui_s_own_way_to_set_them()
    {
        using var home = new TempHome();

        var message = Credentials.MissingMessage(home.Home);

        Assert.Contains("Ctrl+a a", message);
        Assert.Contains("./anima login", message);
    }
}
