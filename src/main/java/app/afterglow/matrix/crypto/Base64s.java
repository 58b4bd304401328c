package app.afterglow.matrix.crypto;

import java.util.Base64;

/** Base64 as Matrix and libolm write it (unpadded), read leniently (padding optional). */
final class Base64s {
    private Base64s() {
    }

    static String encode(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    static String encodeUrl(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] decode(String text) {
        if (text == null) {
            throw new CryptoException("missing base64 value");
        }
        try {
            return Base64.getDecoder().decode(stripPadding(text));
        } catch (IllegalArgumentException e) {
            throw new CryptoException("malformed base64");
        }
    }

    static byte[] decodeUrl(String text) {
        if (text == null) {
            throw new CryptoException("missing base64 value");
        }
        try {
            return Base64.getUrlDecoder().decode(stripPadding(text));
        } catch (IllegalArgumentException e) {
            throw new CryptoException("malformed base64url");
        }
    }

    /** Decodes a key of a fixed length, so a short or long key fails here rather than deep in a primitive. */
    static byte[] decodeKey(String text, int length, String what) {
        byte[] key = decode(text);
        if (key.length != length) {
            throw new CryptoException(what + " must be " + length + " bytes");
        }
        return key;
    }

    // The JDK decoder accepts unpadded input, but rejects a padded one with the wrong amount of
    // padding; stripping it first accepts both spellings alike.
    private static String stripPadding(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        return text.substring(0, end);
    }
}
