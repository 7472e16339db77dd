namespace Anima.FakeAnthropic;

/// <summary>An API error as the server reports it: <c>{"type":"error","error":{"type":…,"message":…}}</c>.</summary>
public sealed record FakeError(int Status, string Type, string Message, int? RetryAfterSeconds = null);
