package io.concertsale.gateway.backoffice.process.web;

import io.concertsale.gateway.backoffice.process.ProcessModels;
import io.concertsale.gateway.backoffice.process.ProcessModelsUnavailableException;
import io.concertsale.gateway.web.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The backoffice's "Process model" panel (admin only): which model versions the router offers, which it deployed,
 * and deploying one while the sale runs.
 */
@RestController
@RequestMapping("/api/admin/process")
class AdminProcessController {

    private final ProcessModels models;

    AdminProcessController(ProcessModels models) {
        this.models = models;
    }

    /**
     * {@code available} says whether the router answers; {@code detail} why not. Models and deployments are empty
     * then, so the panel can explain instead of failing.
     */
    @GetMapping
    Map<String, Object> overview() {
        Map<String, Object> overview = new LinkedHashMap<>();
        try {
            JsonNode available = models.models();
            JsonNode deployed = models.deployments();
            overview.put("available", true);
            overview.put("models", available);
            overview.put("deployments", deployed);
        } catch (ProcessModelsUnavailableException e) {
            overview.put("available", false);
            overview.put("detail", e.getMessage());
            overview.put("models", List.of());
            overview.put("deployments", List.of());
        }
        return overview;
    }

    /**
     * The process monitor: the router's {@code available}, {@code detail} and {@code processes} (per definition,
     * newest version first, its elements with the instances there now and how many passed); {@code available} false
     * with the reason when the router cannot be asked.
     */
    @GetMapping("/statistics")
    Object statistics() {
        try {
            return models.statistics();
        } catch (ProcessModelsUnavailableException e) {
            Map<String, Object> unavailable = new LinkedHashMap<>();
            unavailable.put("available", false);
            unavailable.put("detail", e.getMessage());
            unavailable.put("processes", List.of());
            return unavailable;
        }
    }

    /** {@code {"model": "tickets-v2"}}: deploys that bundled model version; 201 with the router's account. */
    @PostMapping("/deployments")
    @ResponseStatus(HttpStatus.CREATED)
    JsonNode deploy(@RequestBody DeployRequest request) {
        if (request == null || request.model() == null || !request.model().matches("[A-Za-z0-9._-]{1,100}")) {
            throw new InvalidRequestException(Map.of("model",
                    "name the model to deploy, e.g. tickets-v2 (letters, digits, '.', '_' or '-')"));
        }
        return models.deploy(request.model());
    }

    record DeployRequest(String model) {
    }
}
