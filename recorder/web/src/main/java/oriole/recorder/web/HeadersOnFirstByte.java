package oriole.recorder.web;

import java.io.FilterOutputStream;
import java.io.IOException;

/** Sends the status and headers when the first byte, a flush or the end arrives: not before. */
final class HeadersOnFirstByte extends FilterOutputStream {

    private final ResponseDeadlines.Write sendHeaders;
    private boolean sent;

    HeadersOnFirstByte(ResponseDeadlines.WatchedBody body, ResponseDeadlines.Write sendHeaders) {
        super(body);
        this.sendHeaders = () -> body.during(sendHeaders);
    }

    boolean headersSent() {
        return sent;
    }

    private void sendOnce() throws IOException {
        if (!sent) {
            sent = true;
            sendHeaders.run();
        }
    }

    @Override
    public void write(int b) throws IOException {
        sendOnce();
        out.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        sendOnce();
        out.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
        sendOnce();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        sendOnce();
        out.close();
    }
}
