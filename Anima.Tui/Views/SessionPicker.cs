using System.Collections.ObjectModel;
using Anima.Client.Text;
using Anima.Messages.Clients;
using Anima.Tui.ViewModel;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Anima.Tui.Views;

/// <summary>Recent sessions with title, message count and age; Enter switches.</summary>
public sealed class SessionPicker : Overlay
{
    private readonly ListView _list = new() { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill() };
    private IReadOnlyList<SessionSummary> _sessions = [];

    public SessionPicker()
        : base("Sessions (Enter switches, Esc closes)", 80, 60)
    {
        Add(_list);
    }

    public event Action<SessionSummary>? Chosen;

    public void Show(IReadOnlyList<SessionSummary> sessions, string? currentId, DateTimeOffset now)
    {
        _sessions = sessions;
        var rows = new ObservableCollection<string>(sessions.Select(s => Row(s, s.SessionId == currentId, now)));
        _list.SetSource(rows);
        Open();
        _list.SetFocus();
        if (sessions.Count > 0)
        {
            _list.SelectedItem = 0;
        }
    }

    public static string Row(SessionSummary session, bool current, DateTimeOffset now)
    {
        var title = string.IsNullOrWhiteSpace(session.Title) ? "(untitled)" : session.Title;
        return $"{(current ? "●" : " ")} {session.SessionId,-12} {TextColumns.Fit(title, 40)} {session.MessageCount,4} msgs  {Age(now - session.UpdatedAt)}";
    }

    public static string Age(TimeSpan age) => age switch
    {
        { TotalMinutes: < 1 } => "just now",
        { TotalHours: < 1 } => $"{(int)age.TotalMinutes} min ago",
        { TotalDays: < 1 } => $"{(int)age.TotalHours} h ago",
        _ => $"{(int)age.TotalDays} d ago",
    };

    protected override bool OnKeyDown(Key key)
    {
        if (key == Key.Enter && _list.SelectedItem is int index && index >= 0 && index < _sessions.Count)
        {
            var chosen = _sessions[index];
            Close();
            Chosen?.Invoke(chosen);
            return true;
        }

        return base.OnKeyDown(key);
    }
}
