package io.concertsale.gateway.shop.session;

import io.concertsale.eventkit.test.TestDatabases;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@ActiveProfiles("postgres")
class SessionStagesPostgresIT extends SessionStagesContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry);
        collaborators(registry);
    }
}
