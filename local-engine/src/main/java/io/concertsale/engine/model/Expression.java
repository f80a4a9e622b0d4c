package io.concertsale.engine.model;

import java.util.Map;
import java.util.Objects;
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.camunda.feel.api.ParseResult;
import org.camunda.feel.syntaxtree.ParsedExpression;

/**
 * A value in a model as Zeebe reads it: text that starts with {@code =} is a FEEL expression (parsed once, at
 * deployment), anything else is the text itself.
 */
public final class Expression {

    private static final FeelEngineApi FEEL = FeelEngineBuilder.forJava().build();

    private final String text;
    private final ParsedExpression parsed;

    private Expression(String text, ParsedExpression parsed) {
        this.text = text;
        this.parsed = parsed;
    }

    /** Parses the text; a FEEL expression that does not parse is refused with the parser's message. */
    public static Expression of(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        if (!trimmed.startsWith("=")) {
            return new Expression(text, null);
        }
        ParseResult result = FEEL.parseExpression(trimmed.substring(1));
        if (result.isFailure()) {
            throw new IllegalArgumentException("The FEEL expression '" + trimmed + "' does not parse: "
                    + result.failure().message());
        }
        return new Expression(text, result.parsedExpression());
    }

    /**
     * The value in a context: the text for a static value, the FEEL result (Java types: String, Number, Boolean,
     * java.time values, List, Map) for an expression.
     *
     * @param context the visible variables by name
     * @throws EvaluationException when FEEL cannot evaluate it
     */
    public Object evaluate(Map<String, Object> context) {
        if (parsed == null) {
            return text;
        }
        EvaluationResult result = FEEL.evaluate(parsed, context);
        if (result.isFailure()) {
            throw new EvaluationException("Failed to evaluate expression '" + text.strip() + "': "
                    + result.failure().message());
        }
        return result.result();
    }

    @Override
    public String toString() {
        return text;
    }

    /** An expression that FEEL could not evaluate in the instance's context. */
    public static class EvaluationException extends RuntimeException {

        public EvaluationException(String message) {
            super(message);
        }
    }
}
