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
 * @param follow how the page of a session is told to follow it: WebSocket or polling
 * @param broker where the backoffice's event log comes from
 * @param router where the backoffice deploys process model versions
 * @param defaultSale the sale opened at start when there is none (values in {@code frontend-gateway.yml})
 */
@ConfigurationProperties("gateway")
public record GatewayProperties(
        @DefaultValue Payments payments,
        @DefaultValue Sessions sessions,
        @DefaultValue WebSocket websocket,
        @DefaultValue Follow follow,
        @DefaultValue Broker broker,
        @DefaultValue Router router,
        DefaultSale defaultSale) {

    public GatewayProperties {
        if (sessions != null && follow != null && follow.maxRefresh().plus(sessions.activityGranularity())
                .compareTo(sessions.idleTimeout()) >= 0) {
            throw new IllegalArgumentException("gateway.follow.max-refresh (" + follow.maxRefresh()
                    + ") must be well shorter than gateway.sessions.idle-timeout (" + sessions.idleTimeout()
                    + ", activity written every " + sessions.activityGranularity()
                    + "): a fan who polls would be taken for gone");
        }
    }

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
     * @param commitBatch the most joins, or new sessions, written in one transaction: those that arrive while the
     *        previous ones commit share the next commit (1: each in its own)
     * @param entryConcurrency the most new sessions and joins this instance serves at once; the others wait for a
     *        place (see {@code shop.session.web.EntryLimit}), so that a storm of fans arriving leaves the CPU to the
     *        fans already buying; 0 (the default): as many as the instance has processors
     * @param entryWait how long a new session or a join waits for a place before it is answered {@code 503 busy}
     * @param activityWriteInterval how often the fans' activity (their requests, polls included) is written, for
     *        all of them in one transaction
     */
    public record Sessions(
            @DefaultValue("15m") Duration idleTimeout,
            @DefaultValue("30s") Duration idleCheckInterval,
            @DefaultValue("200") int commitBatch,
            @DefaultValue("0") int entryConcurrency,
            @DefaultValue("20s") Duration entryWait,
            @DefaultValue("1s") Duration activityWriteInterval) {

        public Sessions {
            if (entryConcurrency < 0) {
                throw new IllegalArgumentException("gateway.sessions.entry-concurrency must not be negative");
            }
            if (entryConcurrency == 0) {
                entryConcurrency = Runtime.getRuntime().availableProcessors();
            }
            if (entryWait.isNegative()) {
                throw new IllegalArgumentException("gateway.sessions.entry-wait must not be negative");
            }
            if (activityWriteInterval.isNegative() || activityWriteInterval.isZero()) {
                throw new IllegalArgumentException("gateway.sessions.activity-write-interval must be positive");
            }
        }

        /**
         * How often a session's activity is written, at most: a fifteenth of the idle timeout, within 5 s and a
         * minute (a minute by default). A page polling every few seconds then writes its session once a minute, not
         * at every poll; an idle session is found at most that much later.
         */
        public Duration activityGranularity() {
            Duration fifteenth = idleTimeout.dividedBy(15);
            Duration floor = Duration.ofSeconds(5);
            Duration ceiling = Duration.ofMinutes(1);
            return fifteenth.compareTo(floor) < 0 ? floor : fifteenth.compareTo(ceiling) > 0 ? ceiling : fifteenth;
        }
    }

    /**
     * @param allowedOrigins other origins (patterns) allowed to open a WebSocket: none unless set, so only pages of
     *        the gateway's own origin may; a browser always names the page's origin in the handshake
     * @param sendTimeLimit a socket that takes longer to accept a message is closed
     * @param bufferSizeLimit updates buffered for a slow socket before the oldest are dropped
     * @param resyncInterval how often open sockets are checked against the database for changes pushed elsewhere
     * @param progressInterval how often waiting sessions get the waiting room's progress (their position), at most
     * @param maxSockets the most session WebSockets open at once on this instance: each is an open file, and one
     *        process has only so many (here 20,000, shared with everything else the JVM holds open). A handshake
     *        beyond it is refused with 503; the page then polls
     * @param refusedRetryAfter the {@code Retry-After} of a refused handshake
     */
    public record WebSocket(
            @DefaultValue List<String> allowedOrigins,
            @DefaultValue("10s") Duration sendTimeLimit,
            @DefaultValue("256KB") DataSize bufferSizeLimit,
            @DefaultValue("5s") Duration resyncInterval,
            @DefaultValue("1s") Duration progressInterval,
            @DefaultValue("12000") int maxSockets,
            @DefaultValue("10s") Duration refusedRetryAfter) {

        public WebSocket {
            if (maxSockets < 0) {
                throw new IllegalArgumentException("gateway.websocket.max-sockets must not be negative: " + maxSockets);
            }
        }
    }

    /**
     * How a session's page is told to follow it (the session's {@code follow}, docs/api.md): a waiting fan near the
     * front, and every fan from admission to the tickets, over the WebSocket; a fan further back by polling, about
     * every quarter of its estimated wait, within {@code minRefresh} and {@code maxRefresh}.
     *
     * @param nearEta a waiting fan whose estimated wait is at most this is near the front. Keep it at least twice
     *        {@code minRefresh}, so that a fan just behind it asks again, and moves to the WebSocket, well before its
     *        turn. Waiting fans hold about {@code max(nearPosition, nearEta × admission rate)} WebSockets
     * @param nearPosition a waiting fan at most this far back is near the front, also while admission is paused
     * @param minRefresh the shortest poll interval, and the one for a fan who should be on the WebSocket but could not
     *        open it (whole seconds, at least 1 s)
     * @param maxRefresh the longest poll interval: far back, and while the queue does not move; shorter than
     *        {@code gateway.sessions.idle-timeout} (each poll is activity)
     */
    public record Follow(
            @DefaultValue("30s") Duration nearEta,
            @DefaultValue("1000") long nearPosition,
            @DefaultValue("2s") Duration minRefresh,
            @DefaultValue("2m") Duration maxRefresh) {

        public Follow {
            if (minRefresh.compareTo(Duration.ofSeconds(1)) < 0 || maxRefresh.compareTo(minRefresh) < 0) {
                throw new IllegalArgumentException("gateway.follow needs 1s <= min-refresh <= max-refresh, not "
                        + minRefresh + " and " + maxRefresh);
            }
            if (nearEta.isNegative() || nearPosition < 0) {
                throw new IllegalArgumentException("gateway.follow.near-eta and near-position must not be negative");
            }
        }
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
