using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace Anima.Actors.Trust;

/// <summary>
/// Takes the place of one of Akka's serializers in the brain (<see cref="BrainWire"/>), under its identifier: what that
/// serializer carries never travels between the brain and a client, so it reads nothing (a <see cref="WireRefusal"/>,
/// logged) and writes nothing. The manifest a peer sends is never resolved to a type.
/// </summary>
public sealed class RefusingSerializer : SerializerWithStringManifest
{
    private readonly int _identifier;
    private readonly string _carries;
    private readonly string _because;

    /// <param name="identifier">The identifier of the serializer replaced.</param>
    /// <param name="carries">What that serializer carries.</param>
    /// <param name="because">Why no peer of the brain may send that.</param>
    public RefusingSerializer(ExtendedActorSystem system, int identifier, string carries, string because)
        : base(system)
    {
        _identifier = identifier;
        _carries = carries;
        _because = because;
    }

    public override int Identifier => _identifier;

    public override string Manifest(object o) => throw NotOurs(o);

    public override byte[] ToBinary(object obj) => throw NotOurs(obj);

    public override object FromBinary(byte[] bytes, string manifest) => WireRefusal.Logged(system, _carries, _because);

    private static SerializationException NotOurs(object obj) =>
        new($"{obj.GetType()} is not one of Anima's messages: the brain sends only those (and remoting's own) over the wire.");
}
