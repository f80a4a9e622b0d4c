package io.concertsale.events.data;

/** One ticket: its unique code and type. */
public record IssuedTicket(String code, String ticketType) {
}
