package oriole.recorder.web;

/** A request the view cannot answer as asked (a malformed window, limit or id): a 400 with this message. */
final class BadRequest extends RuntimeException {
    BadRequest(String message) {
        super(message);
    }
}
