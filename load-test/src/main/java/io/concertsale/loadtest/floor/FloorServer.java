package io.concertsale.loadtest.floor;

import io.concertsale.eventkit.config.SaleApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerPortFileWriter;

/**
 * The floor of the hop benchmark: an empty endpoint ({@link EmptyEndpoint}) on exactly the services' server stack.
 * It is started as a service is ({@link SaleApplication}: {@code event-kit.yml}, then its own {@code hop-floor.yml}),
 * so it gets their settings from the one place they are defined (virtual threads, graceful shutdown, the actuator
 * and its observation of every request), on the same starters (Spring MVC on embedded Tomcat). It has no database:
 * a service's database work belongs to the hop, not to the floor.
 *
 * <p>It listens on a free port and writes it to the file that the {@code PORTFILE} environment variable names
 * (Spring Boot's {@link WebServerPortFileWriter}; {@code application.port} in the working folder without it).
 */
@SpringBootApplication(exclude = DataSourceAutoConfiguration.class)
public class FloorServer {

    public static final String NAME = "hop-floor";

    /** The floor server's application, configured as every service's. */
    public static SpringApplication application() {
        return SaleApplication.create(FloorServer.class, NAME);
    }

    public static void main(String[] args) {
        SpringApplication application = application();
        application.addListeners(new WebServerPortFileWriter());
        application.run(args);
    }
}
