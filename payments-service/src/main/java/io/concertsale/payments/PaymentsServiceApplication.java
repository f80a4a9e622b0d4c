package io.concertsale.payments;

import io.concertsale.events.Participants;
import io.concertsale.eventkit.config.SaleApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The simulated third-party payment provider: card tokens, asynchronous authorization, money transfers. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PaymentsServiceApplication {

    public static void main(String[] args) {
        SaleApplication.create(PaymentsServiceApplication.class, Participants.PAYMENTS).run(args);
    }
}
