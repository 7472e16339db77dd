using Anima.Tui.Views;

namespace Anima.Tests.Tui;

[Collection("headless terminal")]
public sealed class MainWindowSpecs
{
    [Fact]
    public void On_a_narrow_terminal_the_chat_and_input_take_the_whole_width_and_the_sidebar_comes_back_when_it_widens()
    {
        var window = new MainWindow();
        using var terminal = new HeadlessTerminal(window, 40, 20);
        window.Sidebar.Show("id     s1");

        Assert.False(window.Sidebar.Visible);
        Assert.Equal(40, window.Chat.Frame.Width);
        Assert.Equal(40, window.Input.Frame.Width);
        Assert.DoesNotContain("id     s1", terminal.Screen());

        terminal.Resize(120, 40);

        Assert.True(window.Sidebar.Visible);
        Assert.Equal(120 - MainWindow.SidebarWidth, window.Chat.Frame.Width);
        Assert.Contains("id     s1", terminal.Screen());
    }
}
