package io.concertsale.payments.config;

import io.concertsale.eventkit.outbox.CatalogFacts;
import io.concertsale.payments.payment.PaymentFacts;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the payments' facts port, stated through the event catalog. */
@Configuration(proxyBeanMethods = false)
class PaymentsConfiguration {

    /** The payments' facts, each record's type found in the event catalog, correlated by the merchant's key. */
    @Bean
    PaymentFacts paymentFacts(CatalogFacts facts) {
        return facts::publish;
    }
}
