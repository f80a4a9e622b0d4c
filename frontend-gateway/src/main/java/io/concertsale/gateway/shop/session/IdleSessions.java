package io.concertsale.gateway.shop.session;

import io.concertsale.gateway.config.GatewayProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Abandons sessions whose customer went away: no API request and no open WebSocket for the idle timeout. Each one
 * ends {@code ABANDONED} with reason {@code SESSION_EXPIRED} and emits {@code Queue.CustomerAbandoned}, so the queue
 * frees the place and the tickets service releases any hold. A session waiting for its payment's outcome is left to
 * the tickets service's hold expiry (the customer may be making a money transfer).
 */
@Component
public class IdleSessions {

    private static final Logger log = LoggerFactory.getLogger(IdleSessions.class);
    private static final int BATCH = 500;

    private final SessionStore sessions;
    private final SessionService service;
    private final ConnectedSessions sockets;
    private final GatewayProperties.Sessions settings;
    private final Clock clock;

    public IdleSessions(SessionStore sessions, SessionService service, ConnectedSessions sockets,
            GatewayProperties properties, Clock clock) {
        this.sessions = sessions;
        this.service = service;
        this.sockets = sockets;
        this.settings = properties.sessions();
        this.clock = clock;
    }

    /** Abandons the sessions idle for longer than the idle timeout. */
    public void check() {
        abandonIdleSince(clock.instant().minus(settings.idleTimeout()));
    }

    /**
     * Abandons every session idle since before the cutoff.
     *
     * @return how many it abandoned
     */
    public int abandonIdleSince(Instant cutoff) {
        Set<String> connected = sockets.connected();
        // an open WebSocket is activity too: written with the requests noted in memory, before anyone is judged idle
        connected.forEach(service::touch);
        service.writeActivity();
        int abandoned = 0;
        List<String> idle;
        do {
            idle = sessions.idleSince(cutoff, Stage.EXPIRES_WHEN_IDLE, BATCH);
            int before = abandoned;
            for (String id : idle) {
                if (!connected.contains(id) && service.abandonIfIdle(id, cutoff)) {
                    abandoned++;
                }
            }
            if (abandoned == before) {
                break;
            }
        } while (idle.size() == BATCH);
        if (abandoned > 0) {
            log.info("Abandoned {} idle sessions", abandoned);
        }
        return abandoned;
    }
}
