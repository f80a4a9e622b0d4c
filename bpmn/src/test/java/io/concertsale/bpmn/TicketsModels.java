package io.concertsale.bpmn;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The bundled models, as the router finds them: classpath resources {@code bpmn/tickets-v1.bpmn} and on. */
final class TicketsModels {

    static final List<String> ALL = List.of("tickets-v1", "tickets-v2", "tickets-v3", "tickets-v4");

    private TicketsModels() {
    }

    static String resource(String model) {
        return "bpmn/" + model + ".bpmn";
    }

    static BpmnModelInstance read(String model) {
        try (InputStream in = TicketsModels.class.getClassLoader().getResourceAsStream(resource(model))) {
            if (in == null) {
                throw new IllegalArgumentException("No model on the classpath at " + resource(model));
            }
            return Bpmn.readModelFromStream(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
