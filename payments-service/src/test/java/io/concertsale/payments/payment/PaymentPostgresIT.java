package io.concertsale.payments.payment;

import io.concertsale.eventkit.test.TestDatabases;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@ActiveProfiles("postgres")
class PaymentPostgresIT extends PaymentContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry);
        sink(registry);
    }
}
