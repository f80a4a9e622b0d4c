package io.concertsale.gateway.shop.sale.web;

import io.concertsale.gateway.sale.SaleService;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What fans may know about the sale: ticket types, prices, availability. */
@RestController
class SaleController {

    private final SaleService sales;

    SaleController(SaleService sales) {
        this.sales = sales;
    }

    @GetMapping("/api/ticket-types")
    List<SaleResponses.TicketType> ticketTypes() {
        return sales.current().map(SaleResponses.TicketType::of).orElse(List.of());
    }

    @GetMapping("/api/sale")
    SaleResponses.PublicSale sale() {
        return sales.current().map(SaleResponses.PublicSale::of).orElseGet(SaleResponses.PublicSale::notOpen);
    }
}
