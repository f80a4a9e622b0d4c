package io.concertsale.events.data;

import java.time.Instant;

/** The operator changed the admission rate or cap, or paused or resumed admission. */
public record SaleAdmissionUpdated(String saleId, AdmissionSettings admission, Instant updatedAt) {
}
