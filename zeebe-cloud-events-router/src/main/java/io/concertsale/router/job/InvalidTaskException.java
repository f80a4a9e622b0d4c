package io.concertsale.router.job;

/**
 * A task the worker can never serve as modelled, such as one without a {@code type} header: retrying cannot help,
 * so the job fails with no retries left and the incident says why.
 */
public class InvalidTaskException extends RuntimeException {

    public InvalidTaskException(String message) {
        super(message);
    }
}
