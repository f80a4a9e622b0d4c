package io.concertsale.gateway.shop;

import io.concertsale.eventkit.outbox.CatalogFacts;
import io.concertsale.gateway.config.GatewayProperties;
import io.concertsale.gateway.shop.payment.CardTokenizer;
import io.concertsale.gateway.shop.payment.client.HttpCardTokenizer;
import io.concertsale.gateway.shop.session.SessionFacts;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** Wires the shop's ports: the sessions' facts, stated through the event catalog, and the payment provider's client. */
@Configuration(proxyBeanMethods = false)
class ShopConfiguration {

    /** The facts of customers' sessions, each record's type found in the event catalog. */
    @Bean
    SessionFacts sessionFacts(CatalogFacts facts) {
        return facts::publish;
    }

    @Bean
    CardTokenizer cardTokenizer(RestClient.Builder builder, GatewayProperties properties) {
        return new HttpCardTokenizer(builder, properties.payments().baseUrl(), properties.payments().timeout());
    }
}
