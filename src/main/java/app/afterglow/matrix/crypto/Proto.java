package app.afterglow.matrix.crypto;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The protobuf-like key/value encoding of libolm's messages: a version byte, then fields whose tag
 * is a varint with the wire type in its low three bits (0 an unsigned varint, 2 a length-prefixed
 * string). Unknown fields of those two types are skipped, as libolm does.
 */
final class Proto {
    static final int PROTOCOL_VERSION = 3;

    private Proto() {
    }

    /** Builds one message; the caller appends the MAC (and signature) itself. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer(int version) {
            out.write(version);
        }

        Writer bytes(int tag, byte[] value) {
            varint(tag);
            varint(value.length);
            out.writeBytes(value);
            return this;
        }

        Writer integer(int tag, long value) {
            varint(tag);
            varint(value);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void varint(long value) {
            long rest = value;
            while (rest >= 0x80) {
                out.write((int) (rest & 0x7F) | 0x80);
                rest >>>= 7;
            }
            out.write((int) rest);
        }
    }

    /** The fields of one message body, by tag. */
    static final class Fields {
        final int version;
        private final Map<Integer, Object> values;

        private Fields(int version, Map<Integer, Object> values) {
            this.version = version;
            this.values = values;
        }

        boolean has(int tag) {
            return values.containsKey(tag);
        }

        byte[] bytes(int tag, String what) {
            Object value = values.get(tag);
            if (!(value instanceof byte[] bytes)) {
                throw new CryptoException("message has no " + what);
            }
            return bytes;
        }

        byte[] key(int tag, String what) {
            byte[] key = bytes(tag, what);
            if (key.length != Curve25519KeyPair.KEY_LENGTH) {
                throw new CryptoException("message has a malformed " + what);
            }
            return key;
        }

        long unsigned(int tag, String what) {
            Object value = values.get(tag);
            if (!(value instanceof Long number)) {
                throw new CryptoException("message has no " + what);
            }
            return number;
        }
    }

    /** Reads {@code data[0, end)}; the caller has cut off any MAC and signature. */
    static Fields parse(byte[] data, int end) {
        if (end < 1 || end > data.length) {
            throw new CryptoException("message too short");
        }
        int version = data[0] & 0xFF;
        Map<Integer, Object> values = new HashMap<>();
        int[] pos = {1};
        while (pos[0] < end) {
            long tag = readVarint(data, pos, end);
            if (tag > Integer.MAX_VALUE) {
                throw new CryptoException("malformed message field");
            }
            switch ((int) (tag & 7)) {
                case 0 -> values.put((int) tag, readVarint(data, pos, end));
                case 2 -> {
                    long length = readVarint(data, pos, end);
                    if (length > end - pos[0]) {
                        throw new CryptoException("message field runs past the end");
                    }
                    byte[] value = new byte[(int) length];
                    System.arraycopy(data, pos[0], value, 0, value.length);
                    pos[0] += value.length;
                    values.put((int) tag, value);
                }
                default -> throw new CryptoException("malformed message field");
            }
        }
        return new Fields(version, values);
    }

    // Only 32-bit values are meaningful here (counters, lengths); anything longer is malformed.
    private static long readVarint(byte[] data, int[] pos, int end) {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos[0] >= end) {
                throw new CryptoException("message ends inside a number");
            }
            int b = data[pos[0]++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (value > 0xFFFFFFFFL) {
                    throw new CryptoException("message number out of range");
                }
                return value;
            }
        }
        throw new CryptoException("message number out of range");
    }
}
