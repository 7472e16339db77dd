using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Anima.FakeAnthropic;

/// <summary>Writes one scripted response as the documented SSE stream of the Messages API.</summary>
internal static class FakeSseWriter
{
    public static async Task WriteAsync(HttpResponse http, FakeResponse response, RecordedRequest request, string id, CancellationToken ct)
    {
        http.StatusCode = 200;
        http.ContentType = "text/event-stream; charset=utf-8";
        http.Headers.CacheControl = "no-cache";

        // Events are buffered and written together unless the script needs them on the wire before a pause.
        var pending = new StringBuilder();

        void Event(string name, JsonObject data) =>
            pending.Append("event: ").Append(name).Append("\ndata: ").Append(data.ToJsonString()).Append("\n\n");

        async Task FlushAsync()
        {
            if (pending.Length > 0)
            {
                await http.WriteAsync(pending.ToString(), ct);
                pending.Clear();
            }

            await http.Body.FlushAsync(ct);
        }

        // Returns true when the script ends the stream here (error event); never returns when it hangs.
        async Task<bool> InterruptAsync()
        {
            if (response.StreamError is { } error)
            {
                Event("error", FakeMessageJson.Error(error));
                await FlushAsync();
                return true;
            }

            if (response.HangAfterFirstBlock)
            {
                await FlushAsync();
                await Task.Delay(Timeout.Infinite, ct);
            }

            return false;
        }

        Event("message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = FakeMessageJson.StartedMessage(response, request, id),
        });
        Event("ping", new JsonObject { ["type"] = "ping" });

        if (response.Content.Count == 0 && await InterruptAsync())
        {
            return;
        }

        for (var index = 0; index < response.Content.Count; index++)
        {
            var block = response.Content[index];
            Event("content_block_start", new JsonObject
            {
                ["type"] = "content_block_start",
                ["index"] = index,
                ["content_block"] = FakeMessageJson.StartBlock(block),
            });

            foreach (var delta in FakeMessageJson.Deltas(block, response.ChunkSize))
            {
                if (response.DeltaDelay > TimeSpan.Zero)
                {
                    await FlushAsync();
                    await Task.Delay(response.DeltaDelay, ct);
                }

                Event("content_block_delta", new JsonObject
                {
                    ["type"] = "content_block_delta",
                    ["index"] = index,
                    ["delta"] = delta,
                });
            }

            if (index == 0 && await InterruptAsync())
            {
                return;
            }

            Event("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index });
        }

        Event("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = response.StopReason, ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = FakeMessageJson.OutputTokens(response) },
        });
        Event("message_stop", new JsonObject { ["type"] = "message_stop" });
        await FlushAsync();
    }
}
