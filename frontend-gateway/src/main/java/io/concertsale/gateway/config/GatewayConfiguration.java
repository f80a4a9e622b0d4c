package io.concertsale.gateway.config;

import io.concertsale.gateway.deadletter.DeadLetters;
import io.concertsale.gateway.deadletter.client.BrokerDeadLetters;
import io.concertsale.gateway.eventlog.EventLog;
import io.concertsale.gateway.eventlog.client.BrokerEventLog;
import io.concertsale.gateway.payment.CardTokenizer;
import io.concertsale.gateway.payment.client.HttpCardTokenizer;
import io.concertsale.gateway.process.ProcessModels;
import io.concertsale.gateway.process.client.RouterProcessModels;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the clients of the payment provider, of the broker's event log and dead letters and of the router's process
 * models.
 */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    @Bean
    CardTokenizer cardTokenizer(RestClient.Builder builder, GatewayProperties properties) {
        return new HttpCardTokenizer(builder, properties.payments().baseUrl(), properties.payments().timeout());
    }

    @Bean
    EventLog eventLog(GatewayProperties properties, JsonMapper json) {
        return new BrokerEventLog(properties.broker().url(), properties.broker().timeout(), json);
    }

    @Bean
    DeadLetters deadLetters(GatewayProperties properties, JsonMapper json) {
        return new BrokerDeadLetters(properties.broker().url(), properties.broker().timeout(), json);
    }

    @Bean
    ProcessModels processModels(GatewayProperties properties, JsonMapper json) {
        return new RouterProcessModels(properties.router().url(), properties.router().timeout(), json);
    }
}
