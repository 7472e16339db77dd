using Anima.Messages.Clients;

namespace Anima.Messages.Memory;

/// <summary>
/// Forget memory <paramref name="Id"/> (as <c>anima memory</c> lists it) everywhere; the brain journals it first.
/// Replied with <see cref="ForgetRecorded"/>, or a <see cref="RequestFailed"/> when there is no such memory.
/// </summary>
/// <param name="By">Who asked: the client's name, journaled with the forget.</param>
public sealed record ForgetMemory(long Id, string By) : IClientRequest;

/// <summary>
/// Memory <paramref name="Id"/> is forgotten and the forget journaled: what it was (its <paramref name="Kind"/>,
/// session and first words) and how many summaries went with it (they are made again without it).
/// </summary>
public sealed record ForgetRecorded(long Id, string Kind, string SessionId, string Text, int Summaries) : IClientReply;
