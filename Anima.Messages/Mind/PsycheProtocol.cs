using Anima.Messages.Clients;

namespace Anima.Messages.Mind;

/// <summary>A request about the agent's character, answered by Psyche.</summary>
public interface IPsycheRequest : IClientRequest;

/// <summary>The agent's character: its gain matrix now and how far it drifted from the seed; replied with <see cref="PsycheReport"/>.</summary>
public sealed record GetPsyche : IPsycheRequest;

/// <summary>Every version of the matrix, oldest first; replied with <see cref="PsycheHistory"/>.</summary>
public sealed record GetPsycheHistory : IPsycheRequest;

/// <summary>Return the matrix to <paramref name="Version"/> (0 is the seed), as a new version; replied with <see cref="PsycheReport"/>.</summary>
public sealed record RollbackPsyche(int Version) : IPsycheRequest;

/// <summary>The matrix at <paramref name="Version"/>, with its bounds: a gain stays within MaxDrift × |seed| of its seed.</summary>
public sealed record PsycheReport(int Version, IReadOnlyList<GainEntry> Gains, double LearningRate, double MaxDrift) : IClientReply;

/// <summary>One version: what made it (an episode or a rollback), when, and what moved.</summary>
public sealed record PsycheVersion(int Version, string Kind, string Cause, string? SessionId, IReadOnlyList<GainChange> Changes, DateTimeOffset At);

public sealed record PsycheHistory(IReadOnlyList<PsycheVersion> Versions) : IClientReply;
