package io.concertsale.router.deployment;

import java.util.Objects;

/**
 * A model offered for deployment.
 *
 * @param name the file name without {@code .bpmn}, e.g. {@code order-v2}
 * @param info what it holds
 * @param xml its content
 */
public record BundledModel(String name, ModelInfo info, byte[] xml) {

    public BundledModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(info, "info");
        xml = xml.clone();
    }

    @Override
    public byte[] xml() {
        return xml.clone();
    }
}
