package io.concertsale.queue.waitingroom;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** Restarts on the same H2 file database, as the service runs by default. */
class WaitingRoomRestartH2IT extends WaitingRoomRestartContract {

    @TempDir
    Path dataDir;

    @Override
    Map<String, Object> database() {
        return Map.of("sale.db.h2-location", "file:" + dataDir.resolve("queue-service").toAbsolutePath());
    }
}
