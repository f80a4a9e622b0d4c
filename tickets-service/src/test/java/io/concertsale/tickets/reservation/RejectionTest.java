package io.concertsale.tickets.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.tickets.inventory.TicketType;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectionTest {

    static TicketType type(String code, int available) {
        return new TicketType("sale", code, null, BigDecimal.TEN, 10, available, 10 - available, 0);
    }

    @Test
    void fewerLeftThanAskedForMayBeAskedAgainAndSaysHowManyAreLeft() {
        TicketType standing = type("STANDING", 1);

        Rejection rejection = Rejection.shortfall(standing, 2, List.of(standing, type("VIP", 0)));

        assertThat(rejection.reason()).isEqualTo(Rejection.Reason.NOT_ENOUGH_AVAILABLE);
        assertThat(rejection.retryable()).isTrue();
        assertThat(rejection.available()).isEqualTo(1);
        assertThat(rejection.message()).contains("Only 1 STANDING");
    }

    @Test
    void typeSoldOutWhileOthersAreLeftMayBeAskedAgain() {
        TicketType standing = type("STANDING", 0);

        Rejection rejection = Rejection.shortfall(standing, 1, List.of(standing, type("VIP", 3)));

        assertThat(rejection.reason()).isEqualTo(Rejection.Reason.SOLD_OUT);
        assertThat(rejection.retryable()).isTrue();
    }

    @Test
    void everythingSoldOutIsFinal() {
        TicketType standing = type("STANDING", 0);

        Rejection rejection = Rejection.shortfall(standing, 1, List.of(standing, type("VIP", 0)));

        assertThat(rejection.reason()).isEqualTo(Rejection.Reason.SOLD_OUT);
        assertThat(rejection.retryable()).isFalse();
        assertThat(rejection.available()).isZero();
    }

    @Test
    void eventRepeatsTheRequest() {
        ReservationRequest request = new ReservationRequest("s-1", "VIP", 3, "token");

        var event = Rejection.overLimit(3, 2, 7).event(request);

        assertThat(event.sessionId()).isEqualTo("s-1");
        assertThat(event.ticketType()).isEqualTo("VIP");
        assertThat(event.quantity()).isEqualTo(3);
        assertThat(event.reason()).isEqualTo("OVER_LIMIT");
        assertThat(event.retryable()).isTrue();
        assertThat(event.available()).isEqualTo(7);
    }
}
