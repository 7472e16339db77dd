using Anima.Client;
using Anima.Messages.Sessions;
using Anima.Tui.ViewModel;
using Anima.Tui.Views;

namespace Anima.Tests.Tui;

public sealed class CommandModeSpecs
{
    [Theory]
    [InlineData('n', CommandAction.NewSession)]
    [InlineData('s', CommandAction.SessionPicker)]
    [InlineData('i', CommandAction.Interrupt)]
    [InlineData('q', CommandAction.Quit)]
    [InlineData('a', CommandAction.Account)]
    [InlineData('?', CommandAction.Help)]
    [InlineData('t', CommandAction.ToggleTools)]
    [InlineData('r', CommandAction.Retry)]
    [InlineData('N', CommandAction.NewSession)]
    [InlineData('x', CommandAction.Cancel)]
    public void Each_key_after_the_prefix_has_one_meaning(char key, CommandAction expected) =>
        Assert.Equal(expected, CommandKeyMap.Resolve(key));

    [Fact]
    public void Keys_are_unique_and_help_lists_every_one()
    {
        Assert.Equal(CommandKeyMap.Bindings.Count, CommandKeyMap.Bindings.Select(b => b.Key).Distinct().Count());
        var help = HelpDialog.HelpText();
        var status = new StatusState { CommandPending = true };
        foreach (var (key, _, description, brief) in CommandKeyMap.Bindings)
        {
            Assert.Contains($"{key}   {description}", help);
            Assert.Contains($"{key} {brief}", status.Hint);
        }
    }

    [Fact]
    public void The_mode_follows_command_prefix_then_retry_then_turn()
    {
        var status = new StatusState();
        var transcript = new Transcript("s");
        Assert.Equal(TuiMode.Normal, status.Mode(transcript));

        transcript.Apply(new TurnStarted("s"));
        Assert.Equal("THINKING", status.ModeText(transcript));

        transcript.Apply(new RetryNotice("s", 1, 5, TimeSpan.FromSeconds(1), "overloaded"));
        Assert.Equal("RETRYING 1/5", status.ModeText(transcript));

        status.CommandPending = true;
        Assert.Equal("COMMAND", status.ModeText(transcript));

        status.CommandPending = false;
        transcript.Apply(new TurnEnded("s", TurnOutcome.Completed));
        Assert.Equal("NORMAL", status.ModeText(transcript));
    }

    [Fact]
    public void The_connection_text_counts_reconnect_attempts_and_offers_a_retry_when_given_up()
    {
        var status = new StatusState();
        Assert.Equal("CONNECTING", status.ConnectionText);

        status.Apply(new LinkStateChanged(LinkState.Reconnecting, 3, 10, "the brain went away"));
        Assert.Equal("RECONNECTING 3/10", status.ConnectionText);

        status.Apply(new LinkStateChanged(LinkState.Disconnected, 10, 10, "no brain answers"));
        Assert.Equal("DISCONNECTED", status.ConnectionText);
        Assert.Contains("press r to retry", status.Hint);

        status.Apply(new LinkStateChanged(LinkState.Connected, 0, 10, null));
        Assert.Equal("CONNECTED", status.ConnectionText);
    }

    [Fact]
    public void Scrolled_up_with_new_output_below_the_status_bar_says_so_and_how_to_get_there()
    {
        var status = new StatusState();
        Assert.DoesNotContain("new output", status.Hint);

        status.NewOutputBelow = true;

        Assert.Contains("new output below", status.Hint);
        Assert.Contains("End", status.Hint);
    }

    [Fact]
    public void The_interactive_backoff_doubles_from_one_second_to_a_thirty_second_cap()
    {
        var policy = BackoffPolicy.Interactive;
        double[] expected = [1, 2, 4, 8, 16, 30, 30, 30, 30, 30];
        Assert.Equal(10, policy.MaxAttempts);
        for (var attempt = 1; attempt <= expected.Length; attempt++)
        {
            var low = policy.Delay(attempt, 0).TotalSeconds;
            var mid = policy.Delay(attempt, 0.5).TotalSeconds;
            var high = policy.Delay(attempt, 0.999).TotalSeconds;
            Assert.Equal(expected[attempt - 1], mid, 3);
            Assert.InRange(low, expected[attempt - 1] * 0.8 - 0.001, expected[attempt - 1]);
            Assert.InRange(high, expected[attempt - 1], Math.Min(30, expected[attempt - 1] * 1.2) + 0.001);
        }
    }

    [Fact]
    public void Input_history_walks_back_and_returns_to_the_draft()
    {
        var history = new InputHistory();
        history.Add("first");
        history.Add("second");

        Assert.Equal("second", history.Previous("draft"));
        Assert.Equal("first", history.Previous("second"));
        Assert.Null(history.Previous("first"));
        Assert.Equal("second", history.Next());
        Assert.Equal("draft", history.Next());
        Assert.Null(history.Next());
    }
}
