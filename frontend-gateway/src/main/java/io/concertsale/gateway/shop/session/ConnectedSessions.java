package io.concertsale.gateway.shop.session;

import java.util.Set;

/** The sessions whose customer has a WebSocket open on this instance: they count as active, not idle. */
public interface ConnectedSessions {

    Set<String> connected();
}
