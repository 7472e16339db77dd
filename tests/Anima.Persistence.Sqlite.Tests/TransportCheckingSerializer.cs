using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace Anima.Persistence.Sqlite.Tests;

/// <summary>An event that holds an actor reference, as Akka's own persistence TCK writes one.</summary>
public sealed record ActorRefHolder(IActorRef Ref);

/// <summary>
/// Writes an <see cref="ActorRefHolder"/> by its reference's full path, which needs the system's transport
/// information: it fails, as Akka's serializers may, when a journal serializes outside
/// <see cref="Serialization.WithTransport{T}(ExtendedActorSystem, Func{T})"/>.
/// </summary>
public sealed class TransportCheckingSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public override int Identifier => 4711;

    public override string Manifest(object o) => "ref";

    public override byte[] ToBinary(object obj)
    {
        var transport = Serialization.GetCurrentTransportInformation();
        if (!ReferenceEquals(transport.System, system))
        {
            throw new InvalidOperationException("serialized with another system's transport information");
        }

        return Encoding.UTF8.GetBytes(Serialization.SerializedActorPath(((ActorRefHolder)obj).Ref));
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        new ActorRefHolder(system.Provider.ResolveActorRef(Encoding.UTF8.GetString(bytes)));
}
