using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Anima.Actors.Configuration;
using Anima.Client.Configuration;
using Anima.Messages.Serialization;

namespace Anima.Actors.Sessions;

/// <summary>
/// The brain's Akka settings for an actor system built without Akka.Hosting — TestKit specs of single actors, the
/// bench: a one-node cluster with the bus, Anima's serializer and the journal on the brain's file. The brain itself
/// is composed with typed builders (Anima.Host's BrainComposition); this is their HOCON for those, without the
/// wire's TLS and screening, and without the brain's actors.
/// </summary>
public static class UnhostedBrain
{
    public static Config Config(BrainSettings settings) =>
        ConfigurationFactory.ParseString($$"""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp {
              hostname = "{{settings.Hostname}}"
              port = {{settings.Port}}
              maximum-frame-size = {{ClientConfig.MaxFrameBytes}}b
              send-buffer-size = {{ClientConfig.MaxFrameBytes}}b
              receive-buffer-size = {{ClientConfig.MaxFrameBytes}}b
            }
            """)
            .WithFallback(settings.Config)
            .WithFallback(AnimaSerializerConfig.Hocon)
            .WithFallback(DistributedPubSub.DefaultConfig())
            .WithFallback(SessionJournal.Config(settings));
}
