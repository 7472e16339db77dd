using Akka.Actor;
using Akka.Hosting;
using Anima.Actors.Mind;
using Anima.Actors.Protocol;
using Anima.Actors.Runtime;
using Anima.Actors.Sessions;

namespace Anima.Actors.Gateway;

/// <summary>The actors the gateway hands its clients' requests to: the sessions, their list, the mind (Nobody in a brain without one), MCP.</summary>
public sealed record GatewayPeers(IActorRef Sessions, IActorRef Index, IActorRef Mind, IActorRef Mcp)
{
    /// <summary>Found in the registry whenever each is registered (<see cref="Registered"/>).</summary>
    /// <param name="mind">Null for a brain without a mind.</param>
    public static async Task<GatewayPeers> FindAsync(
        IRequiredActor<SessionRegistryKey> sessions, IRequiredActor<SessionIndexKey> index, IRequiredActor<ThymosKey>? mind, IRequiredActor<McpKey> mcp) =>
        new(
            await Registered.FindAsync(sessions).ConfigureAwait(false),
            await Registered.FindAsync(index).ConfigureAwait(false),
            await Registered.FindIfAnyAsync(mind).ConfigureAwait(false) ?? ActorRefs.Nobody,
            await Registered.FindAsync(mcp).ConfigureAwait(false));
}
