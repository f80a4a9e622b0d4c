package io.concertsale.gateway.shop.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.gateway.config.GatewayProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which fans are told to hold a WebSocket, and how often the others poll. Settings: 30 s, 1,000, 2..30 s. */
class FollowPolicyTest {

    private final FollowPolicy policy = new FollowPolicy(new GatewayProperties.Follow(Duration.ofSeconds(30), 1_000,
            Duration.ofSeconds(2), Duration.ofSeconds(30)));

    private Follow waiting(long position, Long etaSeconds) {
        return policy.follow(Stage.QUEUED, new QueuePosition(position, etaSeconds), true);
    }

    @ParameterizedTest
    @EnumSource(names = {"ADMITTED", "RESERVED", "PAYMENT_PENDING", "PAID", "COMPLETED"})
    void fromAdmissionToTheTicketsTheFanHoldsAWebSocket(Stage stage) {
        assertThat(policy.follow(stage, null, true)).isEqualTo(Follow.websocket(2));
    }

    @ParameterizedTest
    @EnumSource(names = {"NEW", "ABANDONED", "REJECTED", "EXPIRED"})
    void beforeJoiningAndAfterAnExitTheFanPollsSeldom(Stage stage) {
        assertThat(policy.follow(stage, null, true)).isEqualTo(Follow.poll(30));
    }

    @Test
    void aFanWhoseTurnIsNearHoldsAWebSocket() {
        assertThat(waiting(1, 0L)).isEqualTo(Follow.websocket(2));
        assertThat(waiting(6_000, 30L)).as("within the ETA horizon").isEqualTo(Follow.websocket(2));
        assertThat(waiting(1_000, 500L)).as("within the first positions").isEqualTo(Follow.websocket(2));
        assertThat(waiting(1_000, null)).as("within the first positions, admission paused")
                .isEqualTo(Follow.websocket(2));
    }

    @Test
    void aFanFurtherBackPollsEveryQuarterOfTheWaitWithinTheBounds() {
        assertThat(waiting(6_200, 31L)).as("just behind the horizon").isEqualTo(Follow.poll(7));
        assertThat(waiting(20_000, 100L)).isEqualTo(Follow.poll(25));
        assertThat(waiting(90_000, 450L)).as("far back: the upper bound").isEqualTo(Follow.poll(30));
    }

    @Test
    void theLowerBoundHoldsWhenAQuarterOfTheWaitIsShorter() {
        FollowPolicy shortHorizon = new FollowPolicy(new GatewayProperties.Follow(Duration.ofSeconds(4), 10,
                Duration.ofSeconds(2), Duration.ofSeconds(30)));

        assertThat(shortHorizon.follow(Stage.QUEUED, new QueuePosition(50, 5L), true)).isEqualTo(Follow.poll(2));
    }

    @Test
    void whileTheQueueStandsStillAFanFarBackPollsAtTheUpperBound() {
        assertThat(waiting(5_000, null)).isEqualTo(Follow.poll(30));
    }

    @Test
    void beforeTheWaitingRoomReportedAnythingAFanFarBackAsksAgainSoon() {
        assertThat(policy.follow(Stage.QUEUED, new QueuePosition(5_000, null), false)).isEqualTo(Follow.poll(2));
        assertThat(policy.follow(Stage.QUEUED, null, false)).isEqualTo(Follow.poll(2));
    }

    @Test
    void anUnknownEtaReportedAsNegativeCountsAsUnknown() {
        assertThat(waiting(5_000, -1L)).isEqualTo(Follow.poll(30));
    }

    @Test
    void refreshBoundsAreWholeSecondsRoundedUp() {
        FollowPolicy fractional = new FollowPolicy(new GatewayProperties.Follow(Duration.ofSeconds(30), 1_000,
                Duration.ofMillis(1500), Duration.ofMillis(2500)));

        assertThat(fractional.follow(Stage.NEW, null, true)).isEqualTo(Follow.poll(3));
        assertThat(fractional.follow(Stage.ADMITTED, null, true)).isEqualTo(Follow.websocket(2));
    }
}
