using Akka.Hosting;
using Anima.Actors.Protocol;
using Anima.Actors.Providers;
using Anima.Client;

namespace Anima.Actors.Mind;

/// <summary>The mind's three subscribers, each on the bus by itself: Psyche, Thymos (which asks Psyche for its matrix once) and the appraisal.</summary>
public static class MindHosting
{
    /// <param name="providers">For the appraisal's model calls; null appraises by the lexicon alone.</param>
    public static AkkaConfigurationBuilder AddMind(
        this AkkaConfigurationBuilder builder, MindConfig config, IClock clock, BackoffPolicy retry, ProviderSource? providers) =>
        !config.Enabled
            ? builder
            : builder.WithActors((system, registry, resolver) =>
            {
                var psyche = system.ActorOf(Psyche.Props(config), "psyche");
                registry.Register<PsycheKey>(psyche);
                var sessions = resolver.GetService<IRequiredActor<SessionRegistryKey>>();
                registry.Register<ThymosKey>(system.ActorOf(Thymos.Props(config, clock, sessions, psyche), "thymos"));
                var backoff = retry with { MaxAttempts = config.Appraisal.Attempts };
                registry.Register<AppraisalKey>(system.ActorOf(Appraisal.Props(config.Appraisal, providers, backoff, clock), "appraisal"));
            });
}
