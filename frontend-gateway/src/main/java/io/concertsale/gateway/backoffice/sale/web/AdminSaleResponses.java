package io.concertsale.gateway.backoffice.sale.web;

import io.concertsale.events.data.AdmissionSettings;
import io.concertsale.gateway.sale.Sale;
import io.concertsale.gateway.sale.SaleStatus;
import io.concertsale.gateway.sale.TicketTypeState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the admin sale endpoints answer. */
final class AdminSaleResponses {

    private AdminSaleResponses() {
    }

    /** {@code PUT /api/admin/sale} and {@code PUT /api/admin/sale/admission}: the sale's setup. */
    record SaleSetup(String saleId, String name, String currency, List<TicketTypeSetup> ticketTypes,
            int maxTicketsPerCustomer, int holdSeconds, AdmissionSettings admission, Instant openedAt,
            SaleStatus status) {

        static SaleSetup of(Sale sale) {
            return new SaleSetup(sale.saleId(), sale.name(), sale.currency(), sale.ticketTypes().stream()
                    .map(type -> new TicketTypeSetup(type.type(), type.name(), type.price(), type.total())).toList(),
                    sale.maxTicketsPerCustomer(), sale.holdSeconds(), sale.admission(), sale.openedAt(),
                    sale.status());
        }
    }

    record TicketTypeSetup(String type, String name, BigDecimal price, int quantity) {
    }

    /** {@code GET /api/admin/sale}: live counters of the running sale. */
    record Counters(
            String saleId,
            SaleStatus status,
            long queued,
            long admittedTotal,
            long activeShoppers,
            Double ratePerSecond,
            Integer maxActiveShoppers,
            Boolean paused,
            List<TicketTypeCounters> ticketTypes,
            long reserved,
            long sold,
            long remaining,
            Map<String, Long> sessionsByStage,
            Instant progressAt,
            Instant availabilityAt) {

        static Counters of(Sale sale, Map<String, Long> sessionsByStage) {
            return new Counters(sale.saleId(), sale.status(), sale.progress().waiting(),
                    sale.progress().admittedTotal(), sale.progress().activeShoppers(),
                    sale.admission().ratePerSecond(), sale.admission().maxActiveShoppers(), sale.admission().paused(),
                    sale.ticketTypes().stream().map(TicketTypeCounters::of).toList(), sale.reserved(), sale.sold(),
                    sale.remaining(), new LinkedHashMap<>(sessionsByStage), sale.progress().at(),
                    sale.availabilityAt());
        }

        static Counters notOpen(Map<String, Long> sessionsByStage) {
            return new Counters(null, SaleStatus.NOT_OPEN, 0, 0, 0, null, null, null, List.of(), 0, 0, 0,
                    new LinkedHashMap<>(sessionsByStage), null, null);
        }
    }

    record TicketTypeCounters(String type, String name, BigDecimal price, int total, int available, int reserved,
            int sold) {

        static TicketTypeCounters of(TicketTypeState type) {
            return new TicketTypeCounters(type.type(), type.name(), type.price(), type.total(), type.available(),
                    type.reserved(), type.sold());
        }
    }
}
