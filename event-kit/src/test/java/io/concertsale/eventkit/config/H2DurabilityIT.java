package io.concertsale.eventkit.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The embedded database as every service opens it ({@code spring.datasource.url} of {@code event-kit.yml}): a
 * process killed with SIGKILL right after commits keeps every one of them.
 */
class H2DurabilityIT {

    @TempDir
    Path folder;

    /** The JDBC URL of event-kit.yml for a database file in the folder. */
    static String configuredUrl(Path database) throws IOException {
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("event-kit",
                new ClassPathResource("event-kit.yml"))) {
            Object url = source.getProperty("spring.datasource.url");
            if (url != null) {
                return url.toString().replace("${sale.db.h2-location}", "file:" + database.toAbsolutePath());
            }
        }
        throw new IllegalStateException("event-kit.yml sets no spring.datasource.url");
    }

    @Test
    void everyCommitAProcessKilledWithSigkillHadAcknowledgedIsInTheDatabaseAfterwards() throws Exception {
        String url = configuredUrl(folder.resolve("durability"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CommittingWriter.class.getName(), url).redirectErrorStream(true).start();
        Set<Long> acknowledged = new HashSet<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < 3_000 && (line = lines.readLine()) != null) {
                if (line.startsWith("committed ")) {
                    acknowledged.add(Long.parseLong(line.substring("committed ".length())));
                }
            }
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).hasSize(3_000);

        Set<Long> stored = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM committed")) {
            while (rows.next()) {
                stored.add(rows.getLong(1));
            }
        }
        assertThat(stored).containsAll(acknowledged);
    }

    /** Commits one row per transaction and says so on standard output after each commit, until it is killed. */
    public static final class CommittingWriter {

        public static void main(String[] args) throws SQLException {
            try (Connection connection = DriverManager.getConnection(args[0], "sa", "")) {
                connection.createStatement().execute("CREATE TABLE committed (id BIGINT PRIMARY KEY)");
                connection.setAutoCommit(false);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO committed (id) VALUES (?)");
                for (long id = 1; ; id++) {
                    insert.setLong(1, id);
                    insert.executeUpdate();
                    connection.commit();
                    System.out.println("committed " + id);
                    System.out.flush();
                }
            }
        }
    }
}
