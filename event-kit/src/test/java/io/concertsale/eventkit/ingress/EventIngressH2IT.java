package io.concertsale.eventkit.ingress;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import io.concertsale.eventkit.test.TestDatabases;

@SpringBootTest(classes = EventIngressTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=event-kit,ingress-test")
class EventIngressH2IT extends EventIngressContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        sink(registry);
    }
}
