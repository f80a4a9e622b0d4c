package io.concertsale.broker.trigger.web;

import io.concertsale.broker.trigger.InvalidTriggerException;
import io.concertsale.broker.trigger.Subscribers;
import io.concertsale.broker.trigger.Trigger;
import io.concertsale.broker.trigger.TriggerChanges;
import io.concertsale.broker.trigger.TriggerManifests;
import io.concertsale.broker.trigger.TriggerRegistry;
import io.concertsale.broker.trigger.UnknownTriggerException;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The loaded Triggers, and changes at runtime as {@code kubectl apply} and {@code kubectl delete} would make them
 * in a cluster (the Zeebe router uses this locally). Changes are kept on disk and survive restarts.
 */
@RestController
@RequestMapping("/api/triggers")
class TriggerController {

    static final String API_ORIGIN = "api";

    private final TriggerRegistry registry;
    private final Subscribers subscribers;
    private final TriggerChanges changes;

    TriggerController(TriggerRegistry registry, Subscribers subscribers, TriggerChanges changes) {
        this.registry = registry;
        this.subscribers = subscribers;
        this.changes = changes;
    }

    @GetMapping
    List<TriggerView> all() {
        return registry.all().stream().map(this::view).toList();
    }

    @GetMapping("/{name}")
    TriggerView one(@PathVariable String name) {
        return view(registry.find(name).orElseThrow(() -> new UnknownTriggerException(name)));
    }

    /** Adds or replaces a Trigger: the body is its manifest, in YAML or JSON. 201 when new, 200 when replaced. */
    @PutMapping("/{name}")
    ResponseEntity<TriggerView> put(@PathVariable String name, @RequestBody String manifest) {
        Trigger parsed = TriggerManifests.parseTrigger(manifest, API_ORIGIN);
        if (!parsed.name().equals(name)) {
            throw new InvalidTriggerException("The manifest names Trigger '" + parsed.name() + "' but was put at '"
                    + name + "'");
        }
        boolean created = registry.put(parsed);
        changes.put(name, manifest);
        TriggerView view = view(parsed);
        return created ? ResponseEntity.created(URI.create("/api/triggers/" + name)).body(view) : ResponseEntity.ok(view);
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name) {
        registry.remove(name);
        changes.deleted(name);
        return ResponseEntity.noContent().build();
    }

    private TriggerView view(Trigger trigger) {
        return TriggerView.of(trigger, registry, subscribers);
    }
}
