package io.concertsale.gateway;

import io.concertsale.events.Participants;
import io.concertsale.eventkit.config.SaleApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The fans' entry point: browser API, WebSocket push, the session read model built from events, and the admin API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FrontendGatewayApplication {

    public static final String NAME = Participants.GATEWAY;

    public static void main(String[] args) {
        SaleApplication.create(FrontendGatewayApplication.class, NAME).run(args);
    }
}
