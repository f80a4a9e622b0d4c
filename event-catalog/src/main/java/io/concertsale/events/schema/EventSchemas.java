package io.concertsale.events.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.concertsale.events.EventCatalog;
import io.concertsale.events.EventDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The JSON Schema of every event's data (JSON Schema 2020-12), loaded once from the classpath. */
public final class EventSchemas {

    private final Map<String, Schema> schemas = new HashMap<>();

    public EventSchemas() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        for (EventDefinition definition : EventCatalog.all()) {
            try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(definition.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException("No JSON Schema at " + definition.schemaResource());
                }
                schemas.put(definition.type(), registry.getSchema(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The violations of the type's schema, empty when the data is valid. */
    public List<String> violations(String type, JsonNode data) {
        Schema schema = schemas.get(type);
        if (schema == null) {
            throw new IllegalArgumentException("Not in the event catalog: " + type);
        }
        return schema.validate(data).stream().map(Error::toString).toList();
    }
}
