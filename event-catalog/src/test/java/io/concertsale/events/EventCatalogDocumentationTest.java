package io.concertsale.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Keeps docs/events.md true to the catalog: the document is generated from the definitions, schemas and examples
 * and must match the committed file. Run with
 * {@code -Dcatalog.update=true} to rewrite it (and the routing files of {@link RoutingFilesTest}) after changing the catalog.
 */
class EventCatalogDocumentationTest {

    private static final Path DOC = Path.of("..", "docs", "events.md");

    @Test
    void eventsDocumentMatchesTheCatalog() throws IOException {
        String generated = render();
        RoutingFilesTest.assertGenerated(DOC, generated);
    }

    static String render() throws IOException {
        StringBuilder doc = new StringBuilder();
        doc.append("""
                # Event catalog

                Every CloudEvent of the sale. Generated from the `event-catalog` module (`EventCatalog`, the payload
                records and their JSON Schemas in `event-catalog/src/main/resources/schemas`) by
                `EventCatalogDocumentationTest`; a test fails when this page and the code disagree, and
                `./mvnw -pl event-catalog test -Dcatalog.update=true` rewrites it. The Knative Triggers and
                EventPolicies of `knative/` and the charts' Trigger types and produced types (their EventPolicies) are
                generated from the same catalog.

                ## Conventions

                - CloudEvents 1.0 over HTTP. Services send in binary mode and accept binary and structured mode.
                - `type` is `Domain.PastTense`; the Zeebe router publishes it as the BPMN message name.
                - `source` names the producer: `urn:concertsale:<service-name>`.
                - `id` is unique per event and never reused; receivers deduplicate on (`source`, `id`).
                - Events of a customer's journey carry the extension `correlationkey` = the customer's sale session
                  id. Broadcasts (about the whole sale) do not.
                - `data` is a JSON object (`datacontenttype: application/json`) that meets the type's JSON Schema
                  (2020-12). Fields may be added; readers ignore fields they do not know.
                - A receiver answers 202 when it handled the event or had handled it before, 400 with
                  `application/problem+json` for an event it can never handle (malformed, a type it does not take,
                  a journey event without `correlationkey`, data that breaks the schema), and 5xx when it failed
                  and wants the event again.
                - A service's event ingress (`/events`) also refuses, with problem type
                  `urn:concertsale:problem:<slug>` and without changing anything:
                  - 401 `unauthorized` with `WWW-Authenticate: Bearer` (`Bearer error="invalid_token"` for a token
                    that does not verify): no OIDC token, or none valid for the service;
                  - 403 `forbidden`: a sender not among `sale.events.identity.senders`;
                  - 503 `identity-unavailable` with `Retry-After`: the issuer's key set cannot be fetched;
                  - 400 `event-from-the-future`: `time`, or the time the data gives the fact, more than
                    `sale.events.max-clock-skew` (60 s by default) ahead of the service's clock;
                  - 400 `source-not-producer`: `source` is not `urn:concertsale:<producer>` of the type's producer
                    in this catalog;
                  - 400 `invalid-data`: a journey event whose data names a `sessionId` other than its
                    `correlationkey`;
                  - 413 `payload-too-large`: a body above the limit (`sale.http.max-body-bytes`, 256KB by default).
                - The broker's ingress answers 401 the same way, and 403 `forbidden` for an event whose type no
                  EventPolicy lets its sender send (while none applies, the default authorization mode decides).

                ## Overview

                | type | producer | consumers | correlated | meaning |
                |---|---|---|---|---|
                """);
        for (EventDefinition definition : EventCatalog.all()) {
            doc.append("| [`").append(definition.type()).append("`](#").append(anchor(definition.type())).append(") | ")
                    .append(definition.producer()).append(" | ").append(String.join(", ", definition.consumers()))
                    .append(" | ").append(definition.journey() ? "yes" : "no (broadcast)").append(" | ")
                    .append(definition.meaning()).append(" |\n");
        }
        for (EventDefinition definition : EventCatalog.all()) {
            JsonNode schema = EventCatalogTest.schema(definition);
            JsonNode example = EventCatalogTest.example(definition);
            doc.append("\n## ").append(definition.type()).append("\n\n")
                    .append(capitalize(definition.meaning())).append(".\n\n")
                    .append("- Producer: ").append(definition.producer()).append("\n")
                    .append("- Consumers: ").append(String.join(", ", definition.consumers())).append("\n");
            for (String consumer : definition.consumers()) {
                definition.reaction(consumer).ifPresent(reaction -> doc.append("  - ").append(consumer).append(' ')
                        .append(reaction).append("\n"));
            }
            doc.append("- Payload record: `").append(definition.dataType().getName()).append("`\n")
                    .append("- Schema: `event-catalog/src/main/resources/").append(definition.schemaResource()).append("`\n\n")
                    .append("| field | type | required |\n|---|---|---|\n");
            for (String[] row : fields("", schema)) {
                doc.append("| `").append(row[0]).append("` | ").append(row[1]).append(" | ").append(row[2]).append(" |\n");
            }
            doc.append("\nExample (binary mode):\n\n```http\nPOST /events HTTP/1.1\n")
                    .append("ce-specversion: 1.0\n")
                    .append("ce-id: ").append("7d6c1f9e-1b7a-4a52-8f0e-2f4f9a6c0b11").append("\n")
                    .append("ce-source: urn:concertsale:").append(definition.producer()).append("\n")
                    .append("ce-type: ").append(definition.type()).append("\n")
                    .append("ce-time: 2026-11-22T18:00:00Z\n");
            if (definition.journey()) {
                doc.append("ce-correlationkey: ").append(example.path("sessionId").asString("3f2c8a4e-5b1d-4c7a-9e2f-0a1b2c3d4e5f"))
                        .append("\n");
            }
            doc.append("Content-Type: application/json\n\n")
                    .append(EventJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(example))
                    .append("\n```\n");
        }
        return doc.toString();
    }

    private static List<String[]> fields(String prefix, JsonNode schema) {
        List<String[]> rows = new ArrayList<>();
        List<String> required = schema.path("required").valueStream().map(JsonNode::asString).toList();
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            JsonNode field = property.getValue();
            String name = prefix + property.getKey();
            JsonNode object = field.has("oneOf") ? field.path("oneOf").get(1) : field;
            rows.add(new String[] {name, describe(field), required.contains(property.getKey()) ? "yes" : "no"});
            if (isType(object, "object")) {
                rows.addAll(fields(name + ".", object));
            } else if (isType(object.path("items"), "object")) {
                rows.addAll(fields(name + "[].", object.path("items")));
            }
        }
        return rows;
    }

    private static boolean isType(JsonNode schema, String type) {
        JsonNode declared = schema.path("type");
        return declared.isString() && declared.asString().equals(type);
    }

    private static String describe(JsonNode field) {
        if (field.has("oneOf")) {
            return "object or null";
        }
        JsonNode type = field.path("type");
        String base = type.isArray() ? type.valueStream().map(JsonNode::asString).reduce((a, b) -> a + " or " + b).orElse("")
                : type.asString();
        if (field.has("format")) {
            base += " (" + field.path("format").asString() + ")";
        }
        if (field.has("enum")) {
            base += ": " + field.path("enum").valueStream().map(JsonNode::asString).reduce((a, b) -> a + ", " + b).orElse("");
        }
        if (field.has("minimum")) {
            base += ", ≥ " + field.path("minimum").asString();
        }
        if (field.has("pattern")) {
            base += ", `" + field.path("pattern").asString() + "`";
        }
        if ("array".equals(base) && field.has("items")) {
            base = "array of " + field.path("items").path("type").asString();
        }
        return base;
    }

    private static String anchor(String type) {
        return type.toLowerCase().replace(".", "");
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
