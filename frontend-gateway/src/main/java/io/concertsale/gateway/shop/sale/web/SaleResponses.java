package io.concertsale.gateway.shop.sale.web;

import io.concertsale.gateway.sale.Sale;
import io.concertsale.gateway.sale.SaleStatus;
import java.math.BigDecimal;
import java.util.List;

/** What the public sale endpoints answer. */
final class SaleResponses {

    private SaleResponses() {
    }

    /** {@code GET /api/ticket-types}: one entry per type. */
    record TicketType(String type, String name, BigDecimal price, String currency, int total, int available) {

        static List<TicketType> of(Sale sale) {
            return sale.ticketTypes().stream().map(type -> new TicketType(type.type(), type.name(), type.price(),
                    sale.currency(), type.total(), type.available())).toList();
        }
    }

    /** {@code GET /api/sale}: what fans may know about the sale. */
    record PublicSale(String saleId, String name, String currency, Integer maxTicketsPerCustomer, Integer holdSeconds,
            SaleStatus status, List<TicketType> ticketTypes) {

        static PublicSale of(Sale sale) {
            return new PublicSale(sale.saleId(), sale.name(), sale.currency(), sale.maxTicketsPerCustomer(),
                    sale.holdSeconds(), sale.status(), TicketType.of(sale));
        }

        static PublicSale notOpen() {
            return new PublicSale(null, null, null, null, null, SaleStatus.NOT_OPEN, List.of());
        }
    }
}
