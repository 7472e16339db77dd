namespace Anima.Client.Trust;

/// <summary>
/// The bench's baseline for what TLS costs: with <c>ANIMA_BENCH_PLAIN_TCP=1</c> in their environment, a brain and its
/// clients speak plain Akka.Remote over TCP, so the bench compares the same build in the same run. Not for use: any
/// process on the machine then reaches the gateway (the token, the admission mailbox and the screened wire still
/// hold, but not the handshake that keeps unauthenticated bytes away from Akka's protocol); the brain says so.
/// </summary>
public static class PlainTcpBaseline
{
    public const string Variable = "ANIMA_BENCH_PLAIN_TCP";

    public static bool On { get; } = Environment.GetEnvironmentVariable(Variable) == "1";
}
