package io.concertsale.router.deployment.web;

import io.concertsale.router.deployment.BundledModel;
import io.concertsale.router.deployment.BundledModels;
import io.concertsale.router.deployment.DeploymentRecord;
import io.concertsale.router.deployment.Deployments;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The bundled models ({@code router.models-location}) and their deployment. */
@RestController
@RequestMapping("/models")
class ModelController {

    /** A bundled model as listed. */
    record ModelView(String name, String resource, List<String> processIds, List<String> messages) {

        static ModelView of(BundledModel model) {
            return new ModelView(model.name(), model.info().resource(), model.info().processIds(),
                    model.info().messages());
        }
    }

    private final BundledModels models;
    private final Deployments deployments;

    ModelController(BundledModels models, Deployments deployments) {
        this.models = models;
        this.deployments = deployments;
    }

    @GetMapping
    List<ModelView> all() {
        return models.all().stream().map(ModelView::of).toList();
    }

    /** Deploys the model and ensures its Triggers: 201, 404 for an unknown name. */
    @PostMapping("/{name}/deployments")
    ResponseEntity<DeploymentRecord> deploy(@PathVariable String name) {
        DeploymentRecord record = deployments.deployBundled(name);
        return ResponseEntity.created(URI.create("/deployments/" + record.deploymentKey())).body(record);
    }
}
