package io.concertsale.gateway.shop.session.web;

import io.concertsale.gateway.config.GatewayProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * {@code /ws/sessions/{id}}: one plain WebSocket per browser tab, several per session allowed, as many at once as the
 * {@link SocketBudget} allows.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

    private final SessionSockets sockets;
    private final SocketBudget budget;
    private final GatewayProperties properties;

    WebSocketConfiguration(SessionSockets sockets, SocketBudget budget, GatewayProperties properties) {
        this.sockets = sockets;
        this.budget = budget;
        this.properties = properties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(sockets, "/ws/sessions/*")
                .addInterceptors(budget)
                .setAllowedOriginPatterns(properties.websocket().allowedOrigins().toArray(String[]::new));
    }
}
