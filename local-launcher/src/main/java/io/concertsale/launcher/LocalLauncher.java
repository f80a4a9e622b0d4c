package io.concertsale.launcher;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar local-launcher/target/local-launcher.jar}: runs the whole sale until Ctrl-C.
 */
public final class LocalLauncher {

    private static final Logger log = LoggerFactory.getLogger(LocalLauncher.class);

    private LocalLauncher() {
    }

    public static void main(String[] args) throws InterruptedException {
        LaunchOptions options = LaunchOptions.parse(Arrays.asList(args), System.getenv());
        LocalSale sale = LocalSale.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping the sale...");
            sale.close();
            stopped.countDown();
        }, "sale-shutdown"));
        log.info(banner(sale));
        stopped.await();
    }

    static String banner(LocalSale sale) {
        return """

                ================================================================
                 The concert ticket sale is running (started in %.1f s)

                   Shop        %s/
                   Backoffice  %s/backoffice   user admin, password %s
                   Broker      %s   event log %s/api/events
                   Queue       %s   Tickets %s   Payments %s
                   Zeebe       %s (%s)   router %s
                   Model       %s
                   Data        %s

                 Press Ctrl-C to stop.
                ================================================================
                """.formatted(sale.startup().toMillis() / 1000.0,
                sale.url(LocalSale.Part.GATEWAY), sale.url(LocalSale.Part.GATEWAY), sale.adminPassword(),
                sale.brokerIngress(), sale.url(LocalSale.Part.BROKER), sale.url(LocalSale.Part.QUEUE),
                sale.url(LocalSale.Part.TICKETS), sale.url(LocalSale.Part.PAYMENTS),
                sale.zeebeAddress(), sale.embeddedEngine().map(engine -> "embedded, gRPC"
                        + (sale.options().zeebe().grpcOnAllInterfaces() ? " open on all interfaces" : "")
                        + engine.restAddress().map(rest -> "; REST " + rest).orElse("")).orElse("external"),
                sale.url(LocalSale.Part.ROUTER),
                sale.options().modelName() == null ? "none deployed (deploy one from the backoffice)"
                        : sale.options().modelName() + " deployed",
                sale.options().dataDir().toAbsolutePath().normalize());
    }
}
