package io.concertsale.tickets;

import io.concertsale.eventkit.test.TestDatabases;
import java.util.HashMap;
import java.util.Map;

/** Recovery of checkouts on PostgreSQL (profile {@code postgres}): a fresh schema both runs use in turn. */
class PaymentRecoveryPostgresIT extends PaymentRecoveryContract {

    private final Map<String, Object> database = new HashMap<>(Map.of("spring.profiles.active", "postgres"));

    PaymentRecoveryPostgresIT() {
        TestDatabases.postgres((name, value) -> database.put(name, value.get()));
    }

    @Override
    Map<String, Object> database() {
        return database;
    }
}
