package io.concertsale.gateway.shop.session;

import io.concertsale.eventkit.test.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class SessionStagesH2IT extends SessionStagesContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        collaborators(registry);
    }
}
