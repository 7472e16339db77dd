using Akka.Configuration;

namespace Anima.Actors.Trust;

/// <summary>
/// What the brain reads from the wire, behind mutual TLS and the admission mailbox, and that it never dials out
/// (<see cref="InboundOnlyTransport"/>). A peer with a valid certificate
/// reaches Akka's serializers, and the mailbox cannot judge a message that has no sender or is a system message; so the
/// serializers of everything a client never sends are replaced (<see cref="RefusingSerializer"/>), and remoting's own are
/// screened (<see cref="ScreenedMiscMessages"/>, <see cref="ScreenedSystemMessages"/>). Left readable: Anima's client
/// protocol (AnimaSerializer, which refuses what only a brain sends), selections of the gateway, primitives, and the
/// persistence serializers the journal writes with. The brain's composition (BrainHost) adds this, not the shared
/// defaults: specs of the journal on the brain's configuration persist test objects with Akka's default serializer.
/// </summary>
public static class BrainWire
{
    public static Config Hocon { get; } = ConfigurationFactory.ParseString($$"""
        akka.remote.dot-netty.tcp.transport-class = "{{Name<InboundOnlyTransport>()}}"
        akka.actor {
          serializers {
            json = "{{Name<RefusingSerializer>()}}"
            akka-cluster = "{{Name<RefusingSerializer>()}}"
            reliable-delivery = "{{Name<RefusingSerializer>()}}"
            akka-pubsub = "{{Name<RefusingSerializer>()}}"
            akka-singleton = "{{Name<RefusingSerializer>()}}"
            akka-cluster-client = "{{Name<RefusingSerializer>()}}"
            akka-stream-ref = "{{Name<RefusingSerializer>()}}"
            akka-misc = "{{Name<ScreenedMiscMessages>()}}"
            akka-system-msg = "{{Name<ScreenedSystemMessages>()}}"
          }
          serialization-settings {
            json {
              identifier = 1
              carries = "general-purpose JSON"
              because = "it reads whatever type a payload names, and clients speak Anima's own protocol"
            }
            akka-cluster {
              identifier = 5
              carries = "a cluster message"
              because = "the brain is a cluster of one, and no client may join it, down it or gossip with it"
            }
            reliable-delivery {
              identifier = 36
              carries = "a reliable-delivery message"
              because = "nothing of the brain uses it"
            }
            akka-pubsub {
              identifier = 9
              carries = "a pub-sub message"
              because = "the bus is the brain's own, and clients hear it through their connection"
            }
            akka-singleton {
              identifier = 14
              carries = "a cluster singleton message"
              because = "nothing of the brain uses it"
            }
            akka-cluster-client {
              identifier = 15
              carries = "a cluster client message"
              because = "clients speak Anima's own protocol to the gateway"
            }
            akka-stream-ref {
              identifier = 30
              carries = "a stream reference"
              because = "nothing of the brain uses it"
            }
          }
        }
        """);

    private static string Name<T>() => $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}";
}
