package io.concertsale.gateway.shop.session.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.concertsale.gateway.config.GatewayProperties;
import io.concertsale.gateway.sale.QueueProgress;
import io.concertsale.gateway.sale.SaleService;
import io.concertsale.gateway.shop.session.FollowPolicy;
import io.concertsale.gateway.shop.session.Session;
import io.concertsale.gateway.shop.session.SessionService;
import io.concertsale.gateway.shop.session.Stage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

/**
 * The socket registry against races with the database check (a load test found sockets closed wrongly), and its
 * budget of open sockets.
 */
class SessionSocketsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SessionService sessions = mock(SessionService.class);
    private final SaleService sales = mock(SaleService.class);
    private final GatewayProperties properties = properties(100);
    private final SocketBudget budget = new SocketBudget(properties, new SimpleMeterRegistry());
    private SessionSockets sockets = sockets(properties, budget);
    private final Map<WebSocketSession, List<CloseStatus>> closed = new ConcurrentHashMap<>();

    private static GatewayProperties properties(int maxSockets) {
        GatewayProperties.Follow follow = new GatewayProperties.Follow(Duration.ofSeconds(30), 1_000,
                Duration.ofSeconds(2), Duration.ofSeconds(30));
        return new GatewayProperties(null, null, new GatewayProperties.WebSocket(List.of("*"), Duration.ofSeconds(10),
                DataSize.ofKilobytes(256), Duration.ofSeconds(5), Duration.ofSeconds(1), maxSockets,
                Duration.ofSeconds(10)), follow, null, null, null);
    }

    private SessionSockets sockets(GatewayProperties settings, SocketBudget socketBudget) {
        return new SessionSockets(sessions, sales, new FollowPolicy(settings), socketBudget, JSON, settings);
    }

    private WebSocketSession socket(String sessionId) {
        WebSocketSession socket = mock(WebSocketSession.class);
        Map<String, Object> attributes = new HashMap<>();
        when(socket.getUri()).thenReturn(URI.create("ws://localhost/ws/sessions/" + sessionId));
        when(socket.getAttributes()).thenReturn(attributes);
        when(socket.isOpen()).thenReturn(true);
        when(socket.getId()).thenReturn("socket-" + sessionId);
        try {
            org.mockito.Mockito.doAnswer(call -> {
                closed.computeIfAbsent(socket, key -> new ArrayList<>()).add(call.getArgument(0));
                return null;
            }).when(socket).close(any(CloseStatus.class));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        when(sessions.find(sessionId)).thenReturn(Optional.of(
                new Session(sessionId, Stage.QUEUED, Instant.now(), Instant.now(), 1)));
        return socket;
    }

    @Test
    void socketThatConnectsWhileTheResyncQueryRunsStaysOpen() throws Exception {
        when(sales.progress()).thenReturn(QueueProgress.NONE);
        WebSocketSession early = socket("early");
        WebSocketSession late = socket("late");
        sockets.afterConnectionEstablished(early);
        when(sessions.versions(anyCollection())).thenAnswer(call -> {
            List<Object> asked = List.copyOf(call.getArgument(0, Collection.class));
            sockets.afterConnectionEstablished(late);
            Map<String, Long> versions = new HashMap<>();
            for (Object id : asked) {
                versions.put((String) id, 1L);
            }
            return versions;
        });

        sockets.resync();

        assertThat(closed).doesNotContainKey(late).doesNotContainKey(early);
        assertThat(sockets.connected()).containsExactlyInAnyOrder("early", "late");
    }

    @Test
    void socketOfASessionThatNoLongerExistsIsClosed() throws Exception {
        when(sales.progress()).thenReturn(QueueProgress.NONE);
        WebSocketSession gone = socket("gone");
        sockets.afterConnectionEstablished(gone);
        when(sessions.versions(anyCollection())).thenReturn(Map.of());

        sockets.resync();

        assertThat(closed.get(gone)).containsExactly(SessionSockets.UNKNOWN_SESSION);
    }

    @Test
    void socketThatFindsTheBudgetSpentOnceOpenIsClosedWithTryAgainLaterAndGivesNothingBack() throws Exception {
        when(sales.progress()).thenReturn(QueueProgress.NONE);
        GatewayProperties one = properties(1);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SocketBudget single = new SocketBudget(one, meters);
        sockets = sockets(one, single);
        WebSocketSession first = socket("first");
        WebSocketSession second = socket("second");

        sockets.afterConnectionEstablished(first);
        sockets.afterConnectionEstablished(second);
        sockets.afterConnectionClosed(second, SocketBudget.NO_SOCKET_TO_SPARE);

        assertThat(closed.get(second)).containsExactly(SocketBudget.NO_SOCKET_TO_SPARE);
        assertThat(closed.get(second).getFirst().getCode()).isEqualTo(1013);
        assertThat(closed).doesNotContainKey(first);
        assertThat(sockets.connected()).containsExactly("first");
        assertThat(meters.get(SocketBudget.OPEN_METER).gauge().value()).isEqualTo(1);
        assertThat(meters.get(SocketBudget.REFUSED_METER).counter().count()).isEqualTo(1);

        sockets.afterConnectionClosed(first, CloseStatus.NORMAL);
        WebSocketSession third = socket("third");
        sockets.afterConnectionEstablished(third);

        assertThat(closed).doesNotContainKey(third);
        assertThat(sockets.connected()).containsExactly("third");
        assertThat(meters.get(SocketBudget.OPEN_METER).gauge().value()).isEqualTo(1);
    }
}
