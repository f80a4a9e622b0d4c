package io.concertsale.gateway.config;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's own settings ({@code gateway.*}).
 *
 * @param payments where the payment provider tokenizes cards
 * @param sessions how long an idle session lives
 * @param websocket how session updates are pushed
 * @param broker where the backoffice's event log comes from
 * @param router where the backoffice deploys process model versions
 * @param defaultSale the sale opened at start when there is none (values in {@code frontend-gateway.yml})
 */
@ConfigurationProperties("gateway")
public record GatewayProperties(
        @DefaultValue Payments payments,
        @DefaultValue Sessions sessions,
        @DefaultValue WebSocket websocket,
        @DefaultValue Broker broker,
        @DefaultValue Router router,
        DefaultSale defaultSale) {

    /**
     * @param baseUrl the payment provider's address; {@code POST {baseUrl}/api/cards} tokenizes a card
     * @param timeout connect and response timeout of a tokenization
     */
    public record Payments(
            @DefaultValue("http://localhost:8083") URI baseUrl,
            @DefaultValue("5s") Duration timeout) {
    }

    /**
     * @param idleTimeout a session without API requests or an open WebSocket this long is abandoned
     * @param idleCheckInterval how often idle sessions are looked for
     */
    public record Sessions(
            @DefaultValue("15m") Duration idleTimeout,
            @DefaultValue("30s") Duration idleCheckInterval) {
    }

    /**
     * @param allowedOrigins origins allowed to open a WebSocket ({@code *}: any; sessions are bearer ids, no cookies)
     * @param sendTimeLimit a socket that takes longer to accept a message is closed
     * @param bufferSizeLimit updates buffered for a slow socket before the oldest are dropped
     * @param resyncInterval how often open sockets are checked against the database for changes pushed elsewhere
     * @param progressInterval how often waiting sessions get the waiting room's progress (their position), at most
     */
    public record WebSocket(
            @DefaultValue("*") List<String> allowedOrigins,
            @DefaultValue("10s") Duration sendTimeLimit,
            @DefaultValue("256KB") DataSize bufferSizeLimit,
            @DefaultValue("5s") Duration resyncInterval,
            @DefaultValue("1s") Duration progressInterval) {
    }

    /**
     * The local broker's operator APIs, relayed to the backoffice: the event log ({@code GET {baseUrl}/api/events},
     * {@code /api/events/stream}) and the dead letters ({@code {baseUrl}/api/dead-letters}). A Knative broker has
     * neither: leave {@code baseUrl} empty there and the backoffice says they are unavailable.
     *
     * @param baseUrl the broker's address, or empty for none
     * @param timeout connect timeout, and how long a request for recent events may take
     */
    public record Broker(
            @DefaultValue("http://localhost:8090") String baseUrl,
            @DefaultValue("5s") Duration timeout) {

        /** The broker's address, or empty when none is configured. */
        public Optional<URI> url() {
            return baseUrl == null || baseUrl.isBlank() ? Optional.empty()
                    : Optional.of(URI.create(baseUrl.strip()));
        }
    }

    /**
     * The Zeebe CloudEvents router's model API ({@code GET {baseUrl}/models}, {@code POST
     * {baseUrl}/models/{name}/deployments}), relayed to the backoffice's "Process model" panel. Empty: no router, the
     * panel says so.
     *
     * @param baseUrl the router's address, or empty for none
     * @param timeout connect timeout and how long a request may take (a deployment three times this)
     */
    public record Router(
            @DefaultValue("http://localhost:8084") String baseUrl,
            @DefaultValue("5s") Duration timeout) {

        /** The router's address, or empty when none is configured. */
        public Optional<URI> url() {
            return baseUrl == null || baseUrl.isBlank() ? Optional.empty() : Optional.of(URI.create(baseUrl.strip()));
        }
    }

    /** The sale opened at start when the gateway has none. */
    public record DefaultSale(
            @DefaultValue("true") boolean enabled,
            String name,
            String currency,
            List<TicketType> ticketTypes,
            int maxTicketsPerCustomer,
            int holdSeconds,
            Admission admission) {
    }

    public record TicketType(String type, String name, BigDecimal price, int quantity) {
    }

    public record Admission(double ratePerSecond, int maxActiveShoppers, boolean paused) {
    }
}
