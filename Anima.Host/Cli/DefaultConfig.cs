namespace Anima.Host.Cli;

/// <summary>The anima.conf that <c>anima install</c> writes: every line commented, the defaults shown.</summary>
public static class DefaultConfig
{
    public const string Text = """
        # Anima configuration (HOCON). Uncomment a line to override the embedded default.
        # Environment variables win over this file: ANIMA_PORT, ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN,
        # ANTHROPIC_BASE_URL. Restart the brain after editing: systemctl --user restart anima

        anima {
          # production (port 42134, db/anima.db) or development (port 42135, db/anima-development.db)
          # environment = production

          brain {
            # hostname = "127.0.0.1"
            # port = 42134
          }

          agent {
            # model = "claude-sonnet-4-5"
            # max-tokens = 16000
            # context-budget = 100000     # tokens of conversation per call
            # thinking-budget = 4096      # 0 turns extended thinking off
            # max-tool-rounds = 25
          }

          sessions {
            # snapshot-every = 1000
            # passivate-after = 5m
          }

          tools {
            # working-directory = "~"       # where the shell starts for a session with no directory of its own (default: your home)
            # bash-timeout = 30s
          }

          # The mind: hormones (stimuli and gains, half-life, inner voice), desires, appraisal and Psyche (see hocon/mind.hocon)
          # mind.hormones.frustration {
          #   half-life = 10m
          #   stimuli { tool-error = 10, tool-success = -3, user-message = -2, user-interrupt = 5 }
          # }
          # mind.appraisal.model = "claude-haiku-4-5"   # reads each of your messages (one short call); off: a lexicon
          # mind.psyche.learning-rate = 0.05             # how far one episode moves a gain (a share of its seed)
          # mind.enabled = on                            # off: the agent runs without a mind
        }

        """;
}
