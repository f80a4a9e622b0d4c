package io.concertsale.gateway.shop.session.web;

import io.concertsale.events.data.IssuedTicket;
import io.concertsale.gateway.shop.qr.QrCodes;
import io.concertsale.gateway.shop.session.SessionService;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The QR code of an issued ticket, for the tickets page: only for a code that belongs to the session (whoever knows
 * the session id may see its tickets, nobody else).
 */
@RestController
class TicketQrController {

    static final MediaType SVG = MediaType.valueOf("image/svg+xml");

    private final SessionService sessions;

    TicketQrController(SessionService sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/api/sessions/{id}/tickets/{code}/qr.svg")
    ResponseEntity<String> qrCode(@PathVariable String id, @PathVariable String code) {
        IssuedTicket ticket = sessions.ticket(id, code);
        return ResponseEntity.ok()
                .contentType(SVG)
                .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePrivate())
                .header("X-Content-Type-Options", "nosniff")
                .body(QrCodes.svg(ticket.code(), "QR code of ticket " + ticket.code()));
    }
}
