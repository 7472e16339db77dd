using Akka.Actor;
using Akka.Hosting;

namespace Anima.Actors.Runtime;

/// <summary>
/// The actors an actor needs, found in Akka.Hosting's registry whenever they are registered: the actor asks in its
/// PreStart (<see cref="IRequiredActor{TActor}.GetAsync"/>, piped to itself) and holds its messages until they are
/// found. So the order in which the brain's rooms are composed does not matter, and once found each is a plain field.
/// </summary>
public static class Registered
{
    /// <summary>Every room registers while the brain starts: waiting longer means the brain was composed without one.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task<IActorRef> FindAsync<TKey>(IRequiredActor<TKey> required)
    {
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            return await required.GetAsync(patience.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new MissingActorRegistryEntryException(
                $"No actor was registered under {typeof(TKey).Name} within {Patience.TotalSeconds:0} s: the brain was composed without it.");
        }
    }

    /// <summary>An actor only some brains have (the mind, Mneme): null when this one has none.</summary>
    public static async Task<IActorRef?> FindIfAnyAsync<TKey>(IRequiredActor<TKey>? required) =>
        required is null ? null : await FindAsync(required).ConfigureAwait(false);
}
