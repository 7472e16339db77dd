using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Anima.Client.Text;
using Anima.Messages.Serialization;
using Anima.Messages.Sessions;

namespace Anima.Host.Cli;

/// <summary>A session written out for people (markdown) or programs (one JSON object per event).</summary>
public static class Transcript
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JsonText.AsWritten,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Jsonl(IEnumerable<Journaled> events)
    {
        var text = new StringBuilder();
        foreach (var journaled in events)
        {
            text.Append(JsonSerializer.Serialize(new Line(journaled.Seq, journaled.Event), Json)).Append('\n');
        }

        return text.ToString();
    }

    public static string Markdown(string sessionId, string? title, IEnumerable<Journaled> events)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(string.IsNullOrWhiteSpace(title) ? $"Session {sessionId}" : title).Append("\n\n");
        foreach (var journaled in events)
        {
            var at = journaled.Event.At.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss");
            switch (journaled.Event)
            {
                case SessionStarted:
                    md.Append("_Session ").Append(sessionId).Append(" started ").Append(at).Append("_\n\n");
                    break;
                case UserMessage user:
                    md.Append("## You · ").Append(at).Append("\n\n").Append(user.Text.TrimEnd()).Append("\n\n");
                    break;
                case AgentMessage agent:
                    md.Append("## Anima · ").Append(at).Append("\n\n");
                    if (agent.Text.Length > 0)
                    {
                        md.Append(agent.Text.TrimEnd()).Append("\n\n");
                    }

                    break;
                case ToolCall call:
                    md.Append("**Tool call** `").Append(call.Name).Append("` (").Append(call.CallId).Append(")\n\n")
                        .Append(MarkdownText.Fence(call.InputJson, "json")).Append("\n\n");
                    break;
                case ToolResponse response:
                    md.Append(response.IsError ? "**Tool error**" : "**Tool result**").Append(" (").Append(response.CallId).Append(")\n\n")
                        .Append(MarkdownText.Fence(response.Content.TrimEnd(), string.Empty)).Append("\n\n");
                    break;
                case SystemMessage system:
                    md.Append("> **System:** ").Append(system.Text.ReplaceLineEndings("\n> ")).Append("\n\n");
                    break;
                case ApprovalRequested request:
                    md.Append("_Asked before running ").Append(request.ToolName).Append(" (").Append(request.CallId).Append("): ").Append(request.Reason).Append("_\n\n");
                    break;
                case ApprovalAnswered answer:
                    md.Append('_').Append(answer.Decision switch
                    {
                        ApprovalDecision.Deny => "Declined",
                        ApprovalDecision.Always => $"Approved, and {answer.Rule} allowed for the session,",
                        _ => "Approved",
                    }).Append(" by ").Append(answer.By).Append(" (").Append(answer.CallId).Append(")_\n\n");
                    break;
                case PermissionModeChanged mode:
                    md.Append("_Permission mode: ").Append(PermissionModes.Name(mode.Mode)).Append(" (").Append(mode.By).Append(", ").Append(at).Append(")_\n\n");
                    break;
            }
        }

        return md.ToString();
    }

    private sealed record Line(long Seq, ISessionEvent Event);
}
