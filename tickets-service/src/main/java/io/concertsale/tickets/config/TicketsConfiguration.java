package io.concertsale.tickets.config;

import io.concertsale.eventkit.admission.AdmissionTokens;
import io.concertsale.eventkit.outbox.CatalogFacts;
import io.concertsale.tickets.TicketsFacts;
import io.concertsale.tickets.payment.PaymentProvider;
import io.concertsale.tickets.payment.TicketCodes;
import io.concertsale.tickets.payment.client.HttpPaymentProvider;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * Wires the parts that need settings: admission tokens, the payment provider's client, ticket codes; and the facts
 * port, stated through the event catalog.
 */
@Configuration(proxyBeanMethods = false)
public class TicketsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TicketsConfiguration.class);

    /** The fewest characters an admission token secret may have. */
    static final int MIN_SECRET_LENGTH = 32;

    /** The service's facts, each record's type found in the event catalog. */
    @Bean
    TicketsFacts ticketsFacts(CatalogFacts facts) {
        return facts::publish;
    }

    @Bean
    AdmissionTokens admissionTokens(AdmissionProperties properties) {
        return new AdmissionTokens(admissionSecret(properties.tokenSecret()));
    }

    @Bean
    PaymentProvider paymentProvider(RestClient.Builder restClients, TicketsProperties properties) {
        return new HttpPaymentProvider(restClients, properties.payments());
    }

    @Bean
    TicketCodes ticketCodes() {
        return new TicketCodes(new SecureRandom());
    }

    /**
     * The secret's bytes: the configured one, or a random one (with a warning) when none is configured, in which
     * case only tokens this process signs would verify.
     */
    static byte[] admissionSecret(String configured) {
        if (configured == null || configured.isBlank()) {
            byte[] random = new byte[MIN_SECRET_LENGTH];
            new SecureRandom().nextBytes(random);
            log.warn("No sale.admission.token-secret (SALE_ADMISSION_TOKEN_SECRET) is set: using a random one, so "
                    + "admission tokens signed by the queue service will be rejected. Give both services the same "
                    + "secret of at least {} characters.", MIN_SECRET_LENGTH);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(random).getBytes(StandardCharsets.UTF_8);
        }
        if (configured.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("sale.admission.token-secret (SALE_ADMISSION_TOKEN_SECRET) must have at "
                    + "least " + MIN_SECRET_LENGTH + " characters; it has " + configured.length());
        }
        return configured.getBytes(StandardCharsets.UTF_8);
    }
}
