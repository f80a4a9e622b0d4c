package io.concertsale.gateway.shop.session;

import io.concertsale.eventkit.test.TestDatabases;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@ActiveProfiles("postgres")
class SessionRowLockPostgresIT extends SessionRowLockContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry);
        collaborators(registry);
        registry.add("spring.datasource.hikari.connection-init-sql",
                () -> "SET lock_timeout = " + LOCK_TIMEOUT.toMillis());
        registry.add("spring.datasource.hikari.connection-timeout", () -> CONNECTION_TIMEOUT.toMillis());
    }
}
