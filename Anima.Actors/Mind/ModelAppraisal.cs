using System.Text;
using System.Text.Json;
using Anima.Actors.Providers;
using Anima.Client;

namespace Anima.Actors.Mind;

/// <summary>
/// Appraisal by a small, cheap model: one short call per user message through the agent's own provider code, with
/// the agent's retry rules (transient failures again after backoff, honouring retry-after; refused credentials or a
/// bad request at once), within a deadline. Whatever goes wrong, the caller falls back to <see cref="LexicalAppraisal"/>.
/// </summary>
public static class ModelAppraisal
{
    /// <summary>The same for every call, so the provider could cache it.</summary>
    public const string Instructions = """
        You appraise one message a user sent to their personal AI agent, as the agent would feel it. Answer with JSON
        only, no prose: {"stimuli": [{"name": NAME, "cause": CAUSE}]}. NAME is one of:
        praise (the user approves of the agent's work), criticism (the user disapproves of it or corrects it),
        gratitude (the user thanks the agent), novelty (the message opens a topic unlike the previous messages),
        task-completed (the user says a task is done or now works). CAUSE is a few words quoting or paraphrasing the
        message. List each name at most once; answer {"stimuli": []} when none applies.
        """;

    public static LlmRequest Request(MessageToAppraise message, AppraisalSettings settings)
    {
        var prompt = new StringBuilder();
        if (message.Previous.Count > 0)
        {
            prompt.Append("The user's previous messages, oldest first:\n");
            foreach (var previous in message.Previous)
            {
                prompt.Append("- ").Append(Shorten(previous)).Append('\n');
            }

            prompt.Append('\n');
        }
        else
        {
            prompt.Append("This is the first message of the conversation.\n\n");
        }

        prompt.Append("The new message:\n<message>\n").Append(Shorten(message.Text)).Append("\n</message>");
        return new LlmRequest(
            settings.Model ?? throw new InvalidOperationException("Model appraisal is off (anima.mind.appraisal.model = off)."),
            settings.MaxTokens,
            Instructions,
            [new LlmMessage(LlmRole.User, [new TextContent(prompt.ToString())])],
            []);
    }

    /// <summary>The model's verdicts, or null when its answer is not the JSON asked for.</summary>
    public static IReadOnlyList<Verdict>? Parse(string answer)
    {
        var start = answer.IndexOf('{');
        var end = answer.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(answer.AsMemory(start, end - start + 1));
            if (!document.RootElement.TryGetProperty("stimuli", out var stimuli) || stimuli.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var verdicts = new List<Verdict>();
            foreach (var item in stimuli.EnumerateArray())
            {
                var name = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                if (name is null || !Stimulus.OfMessages.Contains(name) || verdicts.Any(v => v.Stimulus == name))
                {
                    continue;
                }

                var cause = item.TryGetProperty("cause", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()?.Trim() : null;
                verdicts.Add(new Verdict(name, string.IsNullOrEmpty(cause) ? "as the model read it" : Shorten(cause, 120)));
            }

            return verdicts;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Calls the model until it answers, a failure is not worth retrying, the attempts are spent or the deadline
    /// passes. Never throws: the outcome says what went wrong, for the fallback and the log.
    /// </summary>
    public static async Task<ModelAppraisalOutcome> RunAsync(
        ProviderSource providers,
        MessageToAppraise message,
        AppraisalSettings settings,
        BackoffPolicy backoff,
        CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        var request = Request(message, settings);
        var failure = "no attempt was made";
        for (var attempt = 1; attempt <= settings.Attempts; attempt++)
        {
            var (provider, missing) = providers.Current();
            if (provider is null)
            {
                return new ModelAppraisalOutcome(message, null, missing ?? "no credentials");
            }

            try
            {
                LlmResponse? response = null;
                await foreach (var item in provider.StreamAsync(request, deadline.Token).WithCancellation(deadline.Token))
                {
                    response = item as LlmResponse ?? response;
                }

                var verdicts = response is null ? null : Parse(response.Text);
                return verdicts is null
                    ? new ModelAppraisalOutcome(message, null, "the model's answer was not the JSON asked for", response?.Usage)
                    : new ModelAppraisalOutcome(message, verdicts, null, response!.Usage);
            }
            catch (ProviderException ex) when (ex.Kind == ProviderErrorKind.Transient && attempt < settings.Attempts)
            {
                failure = ex.Message;
                var delay = backoff.Delay(attempt, Random.Shared.NextDouble());
                if (ex.RetryAfter is { } retryAfter && retryAfter > delay)
                {
                    delay = retryAfter;
                }

                try
                {
                    await Task.Delay(delay, deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    return new ModelAppraisalOutcome(message, null, $"gave up after {attempt} attempt(s) within {settings.Timeout.TotalSeconds:0} s: {failure}");
                }
            }
            catch (ProviderException ex)
            {
                return new ModelAppraisalOutcome(message, null, ex.Message);
            }
            catch (OperationCanceledException)
            {
                return new ModelAppraisalOutcome(message, null, $"no answer within {settings.Timeout.TotalSeconds:0} s");
            }
            catch (Exception ex)
            {
                return new ModelAppraisalOutcome(message, null, ex.Message);
            }
        }

        return new ModelAppraisalOutcome(message, null, failure);
    }

    private static string Shorten(string text, int max = 2000) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
