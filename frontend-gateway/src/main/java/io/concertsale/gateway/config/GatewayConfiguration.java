package io.concertsale.gateway.config;

import io.concertsale.gateway.payment.CardTokenizer;
import io.concertsale.gateway.payment.client.HttpCardTokenizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** Wires the client of the payment provider. */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    @Bean
    CardTokenizer cardTokenizer(RestClient.Builder builder, GatewayProperties properties) {
        return new HttpCardTokenizer(builder, properties.payments().baseUrl(), properties.payments().timeout());
    }
}
