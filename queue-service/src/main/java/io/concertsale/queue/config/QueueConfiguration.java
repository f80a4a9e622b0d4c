package io.concertsale.queue.config;

import io.concertsale.eventkit.admission.AdmissionTokens;
import io.concertsale.eventkit.jdbc.SaleLock;
import io.concertsale.eventkit.outbox.CatalogFacts;
import io.concertsale.queue.waitingroom.AdmissionLease;
import io.concertsale.queue.waitingroom.Admissions;
import io.concertsale.queue.waitingroom.EntryStore;
import io.concertsale.queue.waitingroom.QueueCounters;
import io.concertsale.queue.waitingroom.SaleStore;
import io.concertsale.queue.waitingroom.WaitingRoom;
import io.concertsale.queue.waitingroom.WaitingRoomFacts;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the waiting room: its sale lock (advisory on PostgreSQL, in memory on the embedded H2), the rules, the
 * admission passes and the lease that lets one instance run them, the token signer, and its facts port, stated through the event catalog.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({QueueProperties.class, AdmissionSecretProperties.class})
class QueueConfiguration {

    @Bean
    AdmissionTokens admissionTokens(AdmissionSecretProperties properties) {
        return new AdmissionTokens(properties.secret());
    }

    /** The waiting room's facts, each record's type found in the event catalog. */
    @Bean
    WaitingRoomFacts waitingRoomFacts(CatalogFacts facts) {
        return facts::publish;
    }

    /**
     * On PostgreSQL, where several instances may share the database, an advisory lock keyed by the schema; on H2, which
     * only this process uses, a lock in memory.
     */
    @Bean
    SaleLock saleLock(DataSource dataSource, @Value("${sale.db.schema}") String schema) throws SQLException {
        return SaleLock.forDatabase(dataSource, "queue-service", schema, SaleLock.DEFAULT_TIMEOUT);
    }

    @Bean
    WaitingRoom waitingRoom(EntryStore entries, SaleStore sales, QueueCounters counters, SaleLock lock,
            WaitingRoomFacts facts, Clock clock, QueueProperties properties) {
        return new WaitingRoom(entries, sales, counters, lock, facts, clock, properties.admission().maxEta());
    }

    @Bean
    Admissions admissions(EntryStore entries, SaleStore sales, QueueCounters counters, SaleLock lock,
            WaitingRoomFacts facts, AdmissionTokens tokens, TransactionTemplate transactions, Clock clock,
            QueueProperties properties, MeterRegistry meters) {
        return new Admissions(entries, sales, counters, lock, facts, tokens, transactions, clock,
                properties.admission().tokenTtl(), properties.admission().expiryGrace(),
                properties.admission().gapWait(), properties.admission().lease(), meters);
    }

    @Bean
    AdmissionLease admissionLease(WaitingRoom waitingRoom, Admissions admissions) {
        return new AdmissionLease(waitingRoom, admissions);
    }
}
