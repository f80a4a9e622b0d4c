package io.concertsale.gateway.shop.session;

import io.concertsale.gateway.config.GatewayProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Tells each session's page how to follow it ({@link Follow}), so that one gateway's WebSockets go to the fans who
 * need them: every socket is an open file, a process has only so many, and a fan at position 90,000 does not need
 * one for the hour it waits. Its page polls, less often the longer the wait, and moves to the WebSocket before its
 * turn comes.
 *
 * <ul>
 * <li>{@code ADMITTED} to {@code COMPLETED}: the WebSocket (shopping, paying, and the notices after the purchase).</li>
 * <li>{@code QUEUED} near the front: position at most {@code nearPosition}, or estimated wait at most
 * {@code nearEta}: the WebSocket.</li>
 * <li>{@code QUEUED} further back: poll every quarter of the estimated wait, within {@code minRefresh} and
 * {@code maxRefresh}; every {@code maxRefresh} while the queue does not move (admission paused or halted); every
 * {@code minRefresh} before the waiting room has said anything about this sale (it will in a moment).</li>
 * <li>{@code NEW} and the exits: poll every {@code maxRefresh}: nothing changes until the fan acts, or ever again.</li>
 * </ul>
 *
 * A fan told {@code WEBSOCKET} who cannot open one polls every {@code minRefresh}.
 */
@Component
public class FollowPolicy {

    /** A far-back fan polls about this often per estimated wait. */
    static final int POLLS_PER_WAIT = 4;

    private final long nearEtaSeconds;
    private final long nearPosition;
    private final long minRefreshSeconds;
    private final long maxRefreshSeconds;

    @Autowired
    public FollowPolicy(GatewayProperties properties) {
        this(properties.follow());
    }

    FollowPolicy(GatewayProperties.Follow settings) {
        this.nearEtaSeconds = settings.nearEta().toSeconds();
        this.nearPosition = settings.nearPosition();
        this.minRefreshSeconds = ceilSeconds(settings.minRefresh().toMillis());
        this.maxRefreshSeconds = Math.max(minRefreshSeconds, ceilSeconds(settings.maxRefresh().toMillis()));
    }

    /**
     * @param stage the session's stage
     * @param standing a waiting session's position and estimated wait (estimated from its join number until the
     *        waiting room placed it), null when not waiting
     * @param progressKnown whether the waiting room reported on this sale yet
     */
    public Follow follow(Stage stage, QueuePosition standing, boolean progressKnown) {
        return switch (stage) {
            case ADMITTED, RESERVED, PAYMENT_PENDING, PAID, COMPLETED -> Follow.websocket(minRefreshSeconds);
            case NEW, ABANDONED, REJECTED, EXPIRED -> Follow.poll(maxRefreshSeconds);
            case QUEUED -> waiting(standing, progressKnown);
        };
    }

    private Follow waiting(QueuePosition standing, boolean progressKnown) {
        if (standing == null) {
            return Follow.poll(minRefreshSeconds);
        }
        Long eta = standing.etaSeconds() == null || standing.etaSeconds() < 0 ? null : standing.etaSeconds();
        if (standing.position() <= nearPosition || (eta != null && eta <= nearEtaSeconds)) {
            return Follow.websocket(minRefreshSeconds);
        }
        if (eta == null) {
            return Follow.poll(progressKnown ? maxRefreshSeconds : minRefreshSeconds);
        }
        long share = eta / POLLS_PER_WAIT;
        return Follow.poll(Math.max(minRefreshSeconds, Math.min(maxRefreshSeconds, share)));
    }

    private static long ceilSeconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
