package io.concertsale.gateway.backoffice.sale.web;

import io.concertsale.gateway.sale.SaleService;
import io.concertsale.gateway.shop.session.SessionService;
import io.concertsale.gateway.web.InvalidRequestException;
import jakarta.validation.Valid;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The operator's API (HTTP Basic, user {@code admin}): open (reset) a sale, tune admission, watch the counters. */
@RestController
@RequestMapping("/api/admin/sale")
class AdminSaleController {

    private final SaleService sales;
    private final SessionService sessions;

    AdminSaleController(SaleService sales, SessionService sessions) {
        this.sales = sales;
        this.sessions = sessions;
    }

    /** Resets every service and opens this sale. */
    @PutMapping
    AdminSaleResponses.SaleSetup open(@Valid @RequestBody SaleRequests.OpenSale request) {
        Set<String> types = new HashSet<>();
        for (int i = 0; i < request.ticketTypes().size(); i++) {
            if (!types.add(request.ticketTypes().get(i).type())) {
                throw new InvalidRequestException(Map.of("ticketTypes[" + i + "].type", "is offered twice"));
            }
        }
        return AdminSaleResponses.SaleSetup.of(sales.open(request.toSetup()));
    }

    @GetMapping
    AdminSaleResponses.Counters counters() {
        Map<String, Long> byStage = new LinkedHashMap<>();
        sessions.countByStage().forEach((stage, count) -> byStage.put(stage.name(), count));
        return sales.current().map(sale -> AdminSaleResponses.Counters.of(sale, byStage))
                .orElseGet(() -> AdminSaleResponses.Counters.notOpen(byStage));
    }

    @PutMapping("/admission")
    AdminSaleResponses.SaleSetup admission(@Valid @RequestBody SaleRequests.Admission request) {
        return AdminSaleResponses.SaleSetup.of(sales.updateAdmission(request.toSettings()));
    }
}
