using System.Text.Json.Nodes;
using Anima.FakeAnthropic;

namespace Anima.Tests.Support;

/// <summary>
/// A fake model driven by what the user says, for specs that run the real CLI or TUI (and for trying them by hand):
/// <list type="bullet">
/// <item><c>slow: N …</c> — answers <c>Echo: slow: N …</c> over about N seconds, in 4-character deltas;</item>
/// <item><c>run: COMMAND</c> — calls bash with COMMAND, then answers <c>Echo: run: COMMAND</c> once it has the result;</item>
/// <item><c>pin: TEXT</c> — calls the <c>remember</c> tool with TEXT, then answers <c>Echo: pin: TEXT</c>;</item>
/// <item>anything else — <c>Echo: </c> and the text, at once.</item>
/// </list>
/// </summary>
public static class ScriptedModel
{
    /// <summary>
    /// Makes <paramref name="fake"/> this model. The mind's appraisal (its own small model) is answered aside with
    /// nothing found, so it never takes a response a spec scripted for the agent.
    /// </summary>
    public static void Drive(FakeAnthropicServer fake)
    {
        fake.DefaultResponder = Respond;
        fake.WithQuietAppraisal();
    }

    public static FakeResponse Respond(RecordedRequest request)
    {
        var (text, afterTool) = LastUserTurn(request);
        var echo = "Echo: " + text;
        if (text.StartsWith("run: ", StringComparison.Ordinal) && !afterTool)
        {
            var command = text["run: ".Length..];
            var input = new JsonObject { ["command"] = command }.ToJsonString();
            return FakeResponse.ToolUse(("toolu_" + Guid.NewGuid().ToString("N")[..12], "bash", input));
        }

        if (text.StartsWith("pin: ", StringComparison.Ordinal) && !afterTool)
        {
            var input = new JsonObject { ["text"] = text["pin: ".Length..] }.ToJsonString();
            return FakeResponse.ToolUse(("toolu_" + Guid.NewGuid().ToString("N")[..12], "remember", input));
        }

        if (text.StartsWith("slow: ", StringComparison.Ordinal)
            && int.TryParse(text["slow: ".Length..].Split(' ')[0], out var seconds))
        {
            var deltas = Math.Max(1, (echo.Length + 3) / 4);
            return FakeResponse.Slow(echo, TimeSpan.FromSeconds(seconds) / deltas);
        }

        return FakeResponse.Text(echo);
    }

    /// <summary>The user's last words, and whether tool results came after them (the model called a tool since).</summary>
    private static (string Text, bool AfterTool) LastUserTurn(RecordedRequest request)
    {
        var afterTool = false;
        for (var i = request.Messages.Count - 1; i >= 0; i--)
        {
            var message = request.Messages[i];
            if (message?["role"]?.GetValue<string>() != "user")
            {
                continue;
            }

            switch (message["content"])
            {
                case JsonValue value:
                    return (value.GetValue<string>(), afterTool);
                case JsonArray blocks:
                    var text = blocks.LastOrDefault(b => b?["type"]?.GetValue<string>() == "text" && !RecordedRequest.IsInnerState(b))?["text"]?.GetValue<string>();
                    if (text is not null)
                    {
                        return (text, afterTool);
                    }

                    afterTool |= blocks.Any(b => b?["type"]?.GetValue<string>() == "tool_result");
                    break;
            }
        }

        return ("(no text)", afterTool);
    }
}
