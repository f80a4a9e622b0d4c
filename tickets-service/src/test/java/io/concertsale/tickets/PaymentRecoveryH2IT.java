package io.concertsale.tickets;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** Recovery of checkouts on the embedded default database: an H2 file database both runs open in turn. */
class PaymentRecoveryH2IT extends PaymentRecoveryContract {

    @TempDir
    Path folder;

    @Override
    Map<String, Object> database() {
        return Map.of("sale.db.h2-location", "file:" + folder.resolve("tickets-service"));
    }
}
