package io.concertsale.broker.store;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The framing of the broker's files: each record is its body's length, the body's CRC-32C, then the body, which
 * starts with a byte naming the kind of record. A record whose frame or checksum does not hold was torn by a crash
 * while it was written (or the file was damaged) and is never read as data.
 */
final class Records {

    static final int HEADER = 8;
    private static final int MAX_BODY = 64 * 1024 * 1024;

    private Records() {
    }

    /** Starts a record: room for the frame, then the kind. */
    static EventCodec.Output begin(byte kind, int capacity) {
        EventCodec.Output out = new EventCodec.Output(capacity);
        out.integer(0);
        out.integer(0);
        out.byteValue(kind);
        return out;
    }

    /** Fills in the frame's length and checksum and returns the whole record. */
    static byte[] finish(EventCodec.Output out) {
        int bodyLength = out.size() - HEADER;
        CRC32C crc = new CRC32C();
        crc.update(out.array(), HEADER, bodyLength);
        out.putInt(0, bodyLength);
        out.putInt(4, (int) crc.getValue());
        return Arrays.copyOf(out.array(), out.size());
    }

    /** The next record's body (positioned at its kind), or null when what follows is not a whole, intact record. */
    static ByteBuffer next(ByteBuffer in) {
        if (in.remaining() < HEADER) {
            return null;
        }
        int length = in.getInt();
        int checksum = in.getInt();
        if (length < 1 || length > MAX_BODY || length > in.remaining()) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(in.array(), in.arrayOffset() + in.position(), length);
        if ((int) crc.getValue() != checksum) {
            return null;
        }
        ByteBuffer body = in.slice(in.position(), length);
        in.position(in.position() + length);
        return body;
    }
}
