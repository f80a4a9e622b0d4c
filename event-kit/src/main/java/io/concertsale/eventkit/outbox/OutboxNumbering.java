package io.concertsale.eventkit.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Keeps the outbox's numbers ({@code outbox_event.seq}, the relay's order and each row's key) ahead of every row in
 * the outbox. H2 keeps the position of an identity column apart from the rows; should a killed process leave it
 * behind rows it numbered, the next event would get the number of an event still waiting to be sent: its insert
 * fails on the key (and with it the change that emitted it), or it goes out ahead of older events. Checked once at
 * start, before any event is written. A PostgreSQL sequence never goes back (it is in the write-ahead log), and
 * several replicas share it: there it is left alone.
 *
 * <p>The numbers of events already sent and deleted may come again; nothing outside the outbox sees them (an event's
 * identity is its CloudEvent {@code id}, a UUID of its own, see {@code EventIds}).
 */
public final class OutboxNumbering {

    private static final Logger log = LoggerFactory.getLogger(OutboxNumbering.class);

    private OutboxNumbering() {
    }

    /**
     * On H2, moves the outbox's numbering past the highest number in the outbox if it is not already.
     *
     * @return the number the next event gets if it was moved, or -1
     */
    public static long keepAheadOfRows(DataSource dataSource, JdbcClient jdbc) {
        if (!isH2(dataSource)) {
            return -1;
        }
        long highest = jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM outbox_event").query(Long.class).single();
        if (highest == 0) {
            return -1;
        }
        long next = jdbc.sql("""
                        SELECT identity_base FROM information_schema.columns
                        WHERE table_schema = CURRENT_SCHEMA AND table_name = 'outbox_event' AND column_name = 'seq'""")
                .query(Long.class).single();
        if (next > highest) {
            return -1;
        }
        jdbc.sql("ALTER TABLE outbox_event ALTER COLUMN seq RESTART WITH " + (highest + 1)).update();
        log.warn("The outbox would have numbered the next event {}, but events up to {} still wait in it (the"
                + " database was not closed cleanly); numbering goes on from {}", next, highest, highest + 1);
        return highest + 1;
    }

    private static boolean isH2(DataSource dataSource) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return "H2".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell which database the outbox is in", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
