package io.concertsale.gateway.shop.session;

import io.concertsale.eventkit.test.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class SessionRowLockH2IT extends SessionRowLockContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        collaborators(registry);
        registry.add("spring.datasource.hikari.connection-init-sql",
                () -> "SET LOCK_TIMEOUT " + LOCK_TIMEOUT.toMillis());
        registry.add("spring.datasource.hikari.connection-timeout", () -> CONNECTION_TIMEOUT.toMillis());
    }
}
