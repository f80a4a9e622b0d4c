package io.concertsale.queue.waitingroom;

import io.concertsale.eventkit.test.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class WaitingRoomH2IT extends WaitingRoomContract {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        sink(registry);
    }
}
