package io.concertsale.queue.config;

import io.concertsale.eventkit.admission.AdmissionTokens;
import io.concertsale.eventkit.outbox.CatalogFacts;
import io.concertsale.queue.waitingroom.AdmissionTicker;
import io.concertsale.queue.waitingroom.Admissions;
import io.concertsale.queue.waitingroom.QueueIndex;
import io.concertsale.queue.waitingroom.SaleLock;
import io.concertsale.queue.waitingroom.WaitingRoom;
import io.concertsale.queue.waitingroom.WaitingRoomFacts;
import io.concertsale.queue.waitingroom.store.EntryStore;
import io.concertsale.queue.waitingroom.store.SaleStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the waiting room: its cache and lock, the rules, the admission passes and their ticker, the token signer, and
 * its facts port, stated through the event catalog.
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

    @Bean
    QueueIndex queueIndex() {
        return new QueueIndex();
    }

    @Bean
    SaleLock saleLock() {
        return new SaleLock();
    }

    @Bean
    WaitingRoom waitingRoom(EntryStore entries, SaleStore sales, QueueIndex index, SaleLock lock,
            WaitingRoomFacts facts, Clock clock, QueueProperties properties) {
        return new WaitingRoom(entries, sales, index, lock, facts, clock, properties.admission().maxEta());
    }

    @Bean
    Admissions admissions(EntryStore entries, SaleStore sales, QueueIndex index, SaleLock lock,
            WaitingRoomFacts facts, AdmissionTokens tokens, TransactionTemplate transactions, Clock clock,
            QueueProperties properties, MeterRegistry meters) {
        return new Admissions(entries, sales, index, lock, facts, tokens, transactions, clock,
                properties.admission().tokenTtl(), properties.admission().expiryGrace(),
                properties.admission().gapWait(), meters);
    }

    @Bean
    AdmissionTicker admissionTicker(WaitingRoom waitingRoom, Admissions admissions, QueueProperties properties) {
        return new AdmissionTicker(waitingRoom, admissions, properties.admission().tick(),
                properties.admission().tickerEnabled());
    }
}
