package io.concertsale.eventkit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.eventkit.test.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The postgres profile's connection as a chart sets it (SALE_DB_* variables, among them SALE_DB_SSL_MODE), resolved
 * as Spring resolves it and opened against the local PostgreSQL: the SSL mode reaches the driver.
 */
class PostgresProfileIT {

    @Test
    void theSslModeOfTheEnvironmentReachesTheDriver() throws Exception {
        String plain = url(Map.of("SALE_DB_SSL_MODE", "disable"));
        assertThat(plain).endsWith("&sslmode=disable");
        try (Connection connection = DriverManager.getConnection(plain, TestDatabases.POSTGRES_USER, "")) {
            assertThat(connection.isValid(5)).isTrue();
        }

        // verify-full checks the server's certificate against a CA this machine's user does not have: refused, so
        // the mode was applied (whether or not the server offers SSL at all)
        String verified = url(Map.of("SALE_DB_SSL_MODE", "verify-full"));
        assertThatThrownBy(() -> DriverManager.getConnection(verified, TestDatabases.POSTGRES_USER, "").close())
                .isInstanceOf(SQLException.class);
    }

    @Test
    void withoutASettingTheDriversOwnDefaultPreferApplies() throws Exception {
        assertThat(url(Map.of())).endsWith("&sslmode=prefer");
    }

    /** spring.datasource.url of the postgres profile, pointed at the local test database. */
    private static String url(Map<String, Object> variables) throws IOException {
        URI local = URI.create(TestDatabases.POSTGRES_URL.substring("jdbc:".length()));
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("variables", Map.of(
                "SALE_DB_HOST", local.getHost(), "SALE_DB_PORT", String.valueOf(local.getPort()),
                "SALE_DB_NAME", local.getPath().substring(1), "SALE_DB_SCHEMA", "public")));
        if (!variables.isEmpty()) {
            environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("more", variables));
        }
        new YamlPropertySourceLoader().load("event-kit-postgres", new ClassPathResource("event-kit-postgres.yml"))
                .forEach(environment.getPropertySources()::addLast);
        return environment.getRequiredProperty("spring.datasource.url");
    }
}
