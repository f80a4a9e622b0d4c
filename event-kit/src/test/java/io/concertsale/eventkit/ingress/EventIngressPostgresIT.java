package io.concertsale.eventkit.ingress;

import io.concertsale.eventkit.test.TestDatabases;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = EventIngressTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=event-kit,ingress-test")
@ActiveProfiles("postgres")
class EventIngressPostgresIT extends EventIngressContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry);
        sink(registry);
    }
}
