namespace Anima.Messages.Sessions;

/// <summary>
/// A session event with the identity the journal gave it: its sequence number is how clients
/// resume without duplicates or gaps.
/// </summary>
public sealed record Journaled(string SessionId, long Seq, ISessionEvent Event) : IAnimaMessage;
