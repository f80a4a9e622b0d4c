package io.concertsale.queue.waitingroom;

import io.concertsale.eventkit.test.TestDatabases;
import java.util.HashMap;
import java.util.Map;

/** Restarts on the same PostgreSQL schema, as the service runs with the {@code postgres} profile. */
class WaitingRoomRestartPostgresIT extends WaitingRoomRestartContract {

    private final Map<String, Object> database = new HashMap<>();

    WaitingRoomRestartPostgresIT() {
        TestDatabases.postgres((name, value) -> database.put(name, value.get()));
        database.put("spring.profiles.active", "postgres");
    }

    @Override
    Map<String, Object> database() {
        return database;
    }
}
