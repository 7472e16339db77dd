using System.Text;
using Anima.Client;
using Anima.Messages.Sessions;

namespace Anima.Tui.ViewModel;

/// <summary>The sidebar's text: the session, its context and last turn, the mind, the brain, and whether the reader scrolled up.</summary>
public static class SidebarText
{
    public static string For(SessionView? session, string brainAddress, bool following, int width)
    {
        if (session is null)
        {
            return $"brain {brainAddress}\n\nno session yet";
        }

        var t = session.Transcript;
        var text = new StringBuilder();
        var title = t.Title ?? session.Summary?.Title;
        text.Append("id     ").Append(t.SessionId).Append('\n');
        text.Append("title  ").Append(string.IsNullOrWhiteSpace(title) ? "(untitled)" : title).Append("\n\n");
        text.Append("messages  ").Append(t.MessageCount).Append('\n');
        text.Append("tools     ").Append(session.Permissions.Mode is { } mode ? PermissionModes.Name(mode) : "…").Append(" (Ctrl+a p)\n");
        if (session.Permissions.Waiting.Count > 0)
        {
            text.Append("approval  ").Append(session.Permissions.Waiting[0].ToolName).Append(" waits (Ctrl+a y)\n");
        }

        text.Append("context   ").Append(ContextWindowInfo.Describe(session.Context, t.LastUsage)).Append("\n\n");
        text.Append("last turn\n");
        if (t.LastUsage is { } usage)
        {
            text.Append($"  in     {usage.InputTokens:N0}\n  out    {usage.OutputTokens:N0}\n");
            if (usage.CacheReadTokens > 0 || usage.CacheWriteTokens > 0)
            {
                // Two lines: at the sidebar's 32 columns one line of both wrapped mid-figure.
                text.Append($"  cache  {usage.CacheReadTokens:N0} read\n         {usage.CacheWriteTokens:N0} written\n");
            }
        }
        else
        {
            text.Append("  —\n");
        }

        var ledger = session.Usage is { Calls: > 0 } ? session.Usage : null;
        if (t.SessionUsage is { } total && total.InputTokens + total.CacheReadTokens + total.CacheWriteTokens > 0)
        {
            // One cache share: the ledger's (every call, as the cost below) when the brain gave it, else the agent's.
            text.Append("session\n").Append(TokenShare.Describe(total, withShare: ledger is null)).Append('\n');
        }

        if (ledger is { } cost)
        {
            // From the brain's ledger: every call of the session, the mind's and memory's too, at the configured prices.
            if (t.SessionUsage is not { } shown || shown.InputTokens + shown.CacheReadTokens + shown.CacheWriteTokens == 0)
            {
                text.Append("session\n");
            }

            text.Append("  cost   ").Append(UsageText.Cost(cost)).Append('\n');
            text.Append("  cache  ").Append(UsageText.CachedPercent(cost)).Append(" of input\n");
        }

        if (session.Mind is { Count: > 0 } mind)
        {
            text.Append("\nmind\n").Append(MindBars.Render(mind));
            if (session.Desires is { Count: > 0 } desires)
            {
                text.Append("wants\n").Append(MindBars.Wants(desires, width - 2));
            }
        }

        text.Append("\nbrain ").Append(brainAddress).Append('\n');
        if (t.Pending.Count > 0)
        {
            text.Append("queued ").Append(t.Pending.Count).Append('\n');
        }

        if (!following)
        {
            text.Append("\n(scrolled up: PageDown)\n");
        }

        return text.ToString();
    }
}
