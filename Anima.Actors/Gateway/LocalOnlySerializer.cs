using Akka.Actor;
using System.Runtime.Serialization;
using Akka.Serialization;

namespace Anima.Actors.Gateway;

/// <summary>
/// Takes the place of Akka's general-purpose JSON serializer (Newtonsoft, id 1) in the brain. That serializer reads
/// whatever type a payload names: a remote system used it to hand the brain session commands and pub-sub
/// subscriptions that were never meant to cross the wire. The brain's messages to clients are Anima's own
/// (<c>AnimaSerializer</c>, id 4242) or Akka's internal ones; session commands are local messages and need no
/// serializer. So nothing is read with it, and anything that would be written with it is an error that names its type.
/// </summary>
public sealed class LocalOnlySerializer : Serializer
{
    public const int SerializerId = 4243;

    /// <summary>
    /// The brain's composition adds this (BrainHost), not the shared defaults: specs of the journal on the brain's
    /// configuration persist arbitrary test objects with Akka's default serializer.
    /// </summary>
    public static Akka.Configuration.Config InPlaceOfNewtonsoft { get; } = Akka.Configuration.ConfigurationFactory.ParseString(
        $"akka.actor.serializers.json = \"{typeof(LocalOnlySerializer).FullName}, {typeof(LocalOnlySerializer).Assembly.GetName().Name}\"");

    public LocalOnlySerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <summary>Akka passes the settings it keeps for the serializer it replaces (<c>serialization-settings.json</c>).</summary>
    public LocalOnlySerializer(ExtendedActorSystem system, Akka.Configuration.Config settings)
        : base(system)
    {
    }

    public override int Identifier => SerializerId;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) =>
        throw new SerializationException(
            $"{obj.GetType()} is not one of Anima's messages: the brain sends only those (and Akka's own) over the wire.");

    public override object FromBinary(byte[] bytes, Type type) =>
        throw new SerializationException("The brain reads no general-purpose JSON from the wire.");
}
