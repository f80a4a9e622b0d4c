package io.concertsale.broker.store;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.types.Time;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A compact binary form of a CloudEvent for the delivery log: the context attributes and extensions as strings (as
 * the HTTP binding carries them) and the data as bytes. Decoding gives back an equal event; extension values come
 * back as strings, which is what every subscriber receives over HTTP anyway.
 */
final class EventCodec {

    private static final int NO_DATA = -1;

    private EventCodec() {
    }

    static void write(CloudEvent event, Output out) {
        out.string(event.getSpecVersion().toString());
        out.string(event.getId());
        out.string(event.getSource().toString());
        out.string(event.getType());
        out.nullableString(event.getDataContentType());
        out.nullableString(event.getDataSchema() == null ? null : event.getDataSchema().toString());
        out.nullableString(event.getSubject());
        out.nullableString(event.getTime() == null ? null : Time.writeTime(event.getTime()));
        List<String> names = new ArrayList<>(event.getExtensionNames());
        out.integer(names.size());
        for (String name : names) {
            out.string(name);
            out.string(String.valueOf(event.getExtension(name)));
        }
        byte[] data = event.getData() == null ? null : event.getData().toBytes();
        if (data == null) {
            out.integer(NO_DATA);
        } else {
            out.bytes(data);
        }
    }

    static CloudEvent read(ByteBuffer in) {
        CloudEventBuilder builder = CloudEventBuilder.fromSpecVersion(SpecVersion.parse(Input.string(in)))
                .withId(Input.string(in))
                .withSource(URI.create(Input.string(in)))
                .withType(Input.string(in));
        String contentType = Input.nullableString(in);
        if (contentType != null) {
            builder.withDataContentType(contentType);
        }
        String schema = Input.nullableString(in);
        if (schema != null) {
            builder.withDataSchema(URI.create(schema));
        }
        String subject = Input.nullableString(in);
        if (subject != null) {
            builder.withSubject(subject);
        }
        String time = Input.nullableString(in);
        if (time != null) {
            builder.withTime(Time.parseTime(time));
        }
        int extensions = in.getInt();
        for (int i = 0; i < extensions; i++) {
            builder.withExtension(Input.string(in), Input.string(in));
        }
        int length = in.getInt();
        if (length != NO_DATA) {
            byte[] data = new byte[length];
            in.get(data);
            builder.withData(data);
        }
        return builder.build();
    }

    /** Writes primitives into a growing buffer. */
    static final class Output {

        private byte[] bytes;
        private int size;

        Output(int capacity) {
            bytes = new byte[Math.max(64, capacity)];
        }

        void integer(int value) {
            ensure(4);
            bytes[size++] = (byte) (value >>> 24);
            bytes[size++] = (byte) (value >>> 16);
            bytes[size++] = (byte) (value >>> 8);
            bytes[size++] = (byte) value;
        }

        void byteValue(byte value) {
            ensure(1);
            bytes[size++] = value;
        }

        void longValue(long value) {
            integer((int) (value >>> 32));
            integer((int) value);
        }

        void bytes(byte[] value) {
            integer(value.length);
            ensure(value.length);
            System.arraycopy(value, 0, bytes, size, value.length);
            size += value.length;
        }

        void string(String value) {
            bytes(value.getBytes(StandardCharsets.UTF_8));
        }

        void nullableString(String value) {
            if (value == null) {
                integer(-1);
            } else {
                string(value);
            }
        }

        void putInt(int position, int value) {
            bytes[position] = (byte) (value >>> 24);
            bytes[position + 1] = (byte) (value >>> 16);
            bytes[position + 2] = (byte) (value >>> 8);
            bytes[position + 3] = (byte) value;
        }

        int size() {
            return size;
        }

        byte[] array() {
            return bytes;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                byte[] larger = new byte[Math.max(bytes.length * 2, size + more)];
                System.arraycopy(bytes, 0, larger, 0, size);
                bytes = larger;
            }
        }
    }

    /** Reads what {@link Output} wrote. */
    static final class Input {

        private Input() {
        }

        static String string(ByteBuffer in) {
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw new IllegalStateException("A string of " + length + " bytes does not fit the record");
            }
            String value = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
            in.position(in.position() + length);
            return value;
        }

        static String nullableString(ByteBuffer in) {
            int length = in.getInt(in.position());
            if (length == -1) {
                in.getInt();
                return null;
            }
            return string(in);
        }
    }
}
