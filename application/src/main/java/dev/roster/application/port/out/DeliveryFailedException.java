package dev.roster.application.port.out;

/** A sink could not hand a batch over: the receiver refused it, failed, or did not answer in time. */
public final class DeliveryFailedException extends RuntimeException {

    /** @param reason what went wrong, in a few words fit for the operators' views ({@code "HTTP 503"}) */
    public DeliveryFailedException(String reason) {
        super(reason);
    }

    public DeliveryFailedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
