package io.concertsale.queue;

import io.concertsale.eventkit.config.SaleApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The waiting room: FIFO in the database, admission control, positions and signed admission tokens. */
@SpringBootApplication
public class QueueServiceApplication {

    public static final String NAME = "queue-service";

    public static void main(String[] args) {
        SaleApplication.create(QueueServiceApplication.class, NAME).run(args);
    }
}
