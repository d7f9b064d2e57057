package oriole.recorder.web;

/** The view cannot answer now (the database is slow, down or busy with other requests): a 503 with this message. */
final class Unavailable extends RuntimeException {
    Unavailable(String message) {
        super(message);
    }
}
