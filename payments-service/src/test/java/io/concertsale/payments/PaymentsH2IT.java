package io.concertsale.payments;

import io.concertsale.eventkit.test.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class PaymentsH2IT extends PaymentsContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        sink(registry);
    }
}
