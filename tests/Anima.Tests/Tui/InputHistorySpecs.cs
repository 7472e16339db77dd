using Anima.Tests.Support;
using Anima.Tui.ViewModel;

namespace Anima.Tests.Tui;

public sealed class InputHistorySpecs
{
    [Fact]
    public void What_was_sent_is_there_after_a_restart_private_to_the_user_line_breaks_and_all()
    {
        using var home = new TempHome();
        var file = InputHistory.FileIn(home.Root);
        var first = InputHistory.Open(file);
        first.Add("hello");
        first.Add("two\nlines");

        var reopened = InputHistory.Open(file);

        Assert.Equal("two\nlines", reopened.Previous(string.Empty));
        Assert.Equal("hello", reopened.Previous("two\nlines"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        }
    }

    [Fact]
    public void The_file_keeps_the_newest_entries_and_a_torn_last_line_is_skipped()
    {
        using var home = new TempHome();
        var file = InputHistory.FileIn(home.Root);
        var history = InputHistory.Open(file);
        for (var i = 0; i < (2 * InputHistory.Keep) + 10; i++)
        {
            history.Add($"message {i}");
        }

        File.AppendAllText(file, "\"cut sh");
        var reopened = InputHistory.Open(file);

        Assert.Equal(InputHistory.Keep, reopened.Entries.Count);
        Assert.Equal($"message {(2 * InputHistory.Keep) + 9}", reopened.Entries[^1]);
        Assert.True(File.ReadAllLines(file).Length <= (2 * InputHistory.Keep) + 1);
    }

    [Fact]
    public void An_unreadable_history_gives_an_empty_one_not_an_error()
    {
        using var home = new TempHome();
        var file = InputHistory.FileIn(home.Root);
        Directory.CreateDirectory(file); // a folder where the file should be

        var history = InputHistory.Open(file);
        history.Add("still works");

        Assert.Equal("still works", history.Previous(string.Empty));
    }
}
