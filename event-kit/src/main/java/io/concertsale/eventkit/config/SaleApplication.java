package io.concertsale.eventkit.config;

import java.util.Map;
import org.springframework.boot.SpringApplication;

/**
 * Creates a service's {@link SpringApplication} with its configuration files named after the service
 * ({@code event-kit.yml}, then {@code <service-name>.yml}), so that every service can run alone or share one
 * JVM with the others in the local launcher without their settings colliding.
 */
public final class SaleApplication {

    private SaleApplication() {
    }

    /** The value of {@code spring.config.name} for a service. */
    public static String configNames(String serviceName) {
        return "event-kit," + serviceName;
    }

    public static SpringApplication create(Class<?> source, String serviceName) {
        SpringApplication application = new SpringApplication(source);
        application.setDefaultProperties(Map.of(
                "spring.config.name", configNames(serviceName),
                "spring.application.name", serviceName));
        return application;
    }
}
