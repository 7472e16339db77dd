using Anima.Client;
using Anima.Host.Cli;
using Anima.Messages.Sessions;

namespace Anima.Tests.Cli;

public static class ExportCommandAccess
{
    public static Task<List<Journaled>> ReadHistoryAsync(BrainClient client, string sessionId) =>
        ExportCommand.ReadHistoryAsync(client, sessionId, CancellationToken.None);
}
