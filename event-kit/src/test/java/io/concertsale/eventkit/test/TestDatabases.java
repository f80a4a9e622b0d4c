package io.concertsale.eventkit.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Databases for service tests: a fresh in-memory H2 (the embedded default), or a fresh schema in the local
 * PostgreSQL (the {@code postgres} profile). Register from a {@code @DynamicPropertySource} method.
 */
public final class TestDatabases {

    /** The PostgreSQL the persistent-profile tests use; the build passes it as system properties. */
    public static final String POSTGRES_URL = System.getProperty("test.postgres.url", "jdbc:postgresql://localhost:5432/test");
    public static final String POSTGRES_USER = System.getProperty("test.postgres.user", "postgres");

    private static final List<String> SCHEMAS = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropSchemas, "drop-test-schemas"));
    }

    private TestDatabases() {
    }

    /** A fresh in-memory H2 database for this test context. */
    public static void h2(DynamicPropertyRegistry registry) {
        String name = "test-" + UUID.randomUUID();
        registry.add("sale.db.h2-location", () -> "mem:" + name);
    }

    /**
     * A fresh schema in the local PostgreSQL for this test context; use with {@code @ActiveProfiles("postgres")}.
     */
    public static void postgres(DynamicPropertyRegistry registry) {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        SCHEMAS.add(schema);
        String url = POSTGRES_URL;
        registry.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        registry.add("spring.datasource.username", () -> POSTGRES_USER);
        registry.add("spring.datasource.password", () -> "");
        registry.add("sale.db.schema", () -> schema);
    }

    private static void dropSchemas() {
        if (SCHEMAS.isEmpty()) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
                Statement statement = connection.createStatement()) {
            for (String schema : SCHEMAS) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            // the test database is scratch space: a schema left behind is harmless
        }
    }
}
