package io.concertsale.gateway.backoffice;

import io.concertsale.gateway.backoffice.deadletter.DeadLetters;
import io.concertsale.gateway.backoffice.deadletter.client.BrokerDeadLetters;
import io.concertsale.gateway.backoffice.eventlog.EventLog;
import io.concertsale.gateway.backoffice.eventlog.client.BrokerEventLog;
import io.concertsale.gateway.backoffice.process.ProcessModels;
import io.concertsale.gateway.backoffice.process.client.RouterProcessModels;
import io.concertsale.gateway.config.AdminCredential;
import io.concertsale.gateway.config.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the backoffice's clients: the broker's event log and dead letters and the router's process models, each
 * asked with the operator's credential.
 */
@Configuration(proxyBeanMethods = false)
class BackofficeConfiguration {

    @Bean
    EventLog eventLog(GatewayProperties properties, AdminCredential admin, JsonMapper json) {
        return new BrokerEventLog(properties.broker().url(), properties.broker().timeout(), admin.authorization(),
                json);
    }

    @Bean
    DeadLetters deadLetters(GatewayProperties properties, AdminCredential admin, JsonMapper json) {
        return new BrokerDeadLetters(properties.broker().url(), properties.broker().timeout(), admin.authorization(),
                json);
    }

    @Bean
    ProcessModels processModels(GatewayProperties properties, AdminCredential admin, JsonMapper json) {
        return new RouterProcessModels(properties.router().url(), properties.router().timeout(),
                admin.authorization(), json);
    }
}
