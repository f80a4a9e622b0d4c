package io.concertsale.gateway.backoffice.sale;

import io.concertsale.eventkit.test.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class AdminApiH2IT extends AdminApiContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        collaborators(registry);
    }
}
