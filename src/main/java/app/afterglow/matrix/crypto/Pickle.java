package app.afterglow.matrix.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Our own pickle layout: a format version byte, a byte naming what is pickled (so an account is
 * never read back as a session), then fixed-width big-endian fields. No encryption: the storage
 * that keeps pickles seals them.
 */
final class Pickle {
    static final int FORMAT_VERSION = 1;
    static final int ACCOUNT = 'A';
    static final int SESSION = 'S';
    static final int GROUP_OUTBOUND = 'O';
    static final int GROUP_INBOUND = 'I';

    private Pickle() {
    }

    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer(int kind) {
            out.write(FORMAT_VERSION);
            out.write(kind);
        }

        Writer bytes(byte[] value) {
            out.writeBytes(value);
            return this;
        }

        Writer integer(int value) {
            out.write(value >>> 24);
            out.write(value >>> 16);
            out.write(value >>> 8);
            out.write(value);
            return this;
        }

        Writer bool(boolean value) {
            out.write(value ? 1 : 0);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    static final class Reader {
        private final ByteBuffer in;

        Reader(byte[] pickle, int kind) {
            if (pickle == null || pickle.length < 2) {
                throw new CryptoException("pickle too short");
            }
            if ((pickle[0] & 0xFF) != FORMAT_VERSION) {
                throw new CryptoException("unknown pickle version " + (pickle[0] & 0xFF));
            }
            if ((pickle[1] & 0xFF) != kind) {
                throw new CryptoException("pickle holds another kind of object");
            }
            in = ByteBuffer.wrap(pickle, 2, pickle.length - 2);
        }

        byte[] bytes(int length) {
            try {
                byte[] value = new byte[length];
                in.get(value);
                return value;
            } catch (BufferUnderflowException e) {
                throw new CryptoException("pickle truncated");
            }
        }

        int integer() {
            try {
                return in.getInt();
            } catch (BufferUnderflowException e) {
                throw new CryptoException("pickle truncated");
            }
        }

        int count(int max) {
            int count = integer();
            if (count < 0 || count > max) {
                throw new CryptoException("pickle holds an impossible count");
            }
            return count;
        }

        boolean bool() {
            byte value = bytes(1)[0];
            if (value != 0 && value != 1) {
                throw new CryptoException("pickle holds a malformed flag");
            }
            return value == 1;
        }

        void end() {
            if (in.hasRemaining()) {
                throw new CryptoException("pickle has trailing bytes");
            }
        }
    }
}
