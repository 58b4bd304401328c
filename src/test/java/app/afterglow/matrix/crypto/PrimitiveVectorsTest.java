package app.afterglow.matrix.crypto;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Published vectors through our wrappers: RFC 7748, RFC 8032, RFC 5869 and the Matrix canonical JSON examples. */
class PrimitiveVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("GIVEN RFC 7748's Alice and Bob keys WHEN each agrees with the other's public key THEN both get the published shared secret")
    void x25519MatchesRfc7748() {
        Curve25519KeyPair alice = new Curve25519KeyPair(HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        Curve25519KeyPair bob = new Curve25519KeyPair(HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", HEX.formatHex(alice.publicKey()));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", HEX.formatHex(bob.publicKey()));
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertEquals(shared, HEX.formatHex(alice.agree(bob.publicKey())));
        assertEquals(shared, HEX.formatHex(bob.agree(alice.publicKey())));
    }

    @Test
    @DisplayName("GIVEN a low-order Curve25519 point WHEN agreeing with it THEN a CryptoException is thrown instead of an all-zero secret")
    void x25519RejectsLowOrderPoint() {
        assertThrows(CryptoException.class, () -> Curve25519KeyPair.generate().agree(new byte[32]));
    }

    @Test
    @DisplayName("GIVEN RFC 8032's test keys WHEN signing THEN the published public keys and signatures come out and verify")
    void ed25519MatchesRfc8032() {
        Ed25519KeyPair first = new Ed25519KeyPair(HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", HEX.formatHex(first.publicKey()));
        byte[] empty = new byte[0];
        String firstSignature = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
        assertEquals(firstSignature, HEX.formatHex(first.sign(empty)));
        assertTrue(Ed25519.verify(first.publicKeyBase64(), empty, Base64s.encode(HEX.parseHex(firstSignature))));

        Ed25519KeyPair second = new Ed25519KeyPair(HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
        assertEquals("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", HEX.formatHex(second.publicKey()));
        String secondSignature = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";
        assertEquals(secondSignature, HEX.formatHex(second.sign(new byte[] {0x72})));
        assertFalse(Ed25519.verify(second.publicKeyBase64(), new byte[] {0x73}, Base64s.encode(HEX.parseHex(secondSignature))));
    }

    @Test
    @DisplayName("GIVEN a malformed key or signature WHEN verifying THEN the answer is simply false")
    void ed25519VerifyIsFalseOnGarbage() {
        assertFalse(Ed25519.verify("not base64!", new byte[0], "AAAA"));
        assertFalse(Ed25519.verify(Base64s.encode(new byte[31]), new byte[0], Base64s.encode(new byte[64])));
        assertFalse(Ed25519.verify(Ed25519KeyPair.generate().publicKeyBase64(), new byte[0], Base64s.encode(new byte[10])));
    }

    @Test
    @DisplayName("GIVEN RFC 5869 test case 1 WHEN deriving with HKDF-SHA-256 THEN the published output comes out")
    void hkdfMatchesRfc5869() {
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
        byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                HEX.formatHex(Primitives.hkdf(ikm, salt, info, 42)));
    }

    @Test
    @DisplayName("GIVEN the Matrix spec's canonical JSON examples WHEN encoded THEN keys are sorted by code point with no whitespace and no needless escapes")
    void canonicalJsonMatchesSpecExamples() throws Exception {
        assertCanonical("{\"one\":1,\"two\":\"Two\"}", "{ \"one\": 1, \"two\": \"Two\" }");
        assertCanonical("{\"a\":\"1\",\"b\":\"2\"}", "{ \"b\": \"2\", \"a\": \"1\" }");
        assertCanonical("{\"auth\":{\"mxid\":\"@john.doe:example.com\",\"profile\":{\"display_name\":\"John Doe\",\"three_pids\":"
                        + "[{\"address\":\"john.doe@example.org\",\"medium\":\"email\"},{\"address\":\"123456789\",\"medium\":\"msisdn\"}]},"
                        + "\"success\":true}}",
                "{\"auth\": {\"success\": true, \"mxid\": \"@john.doe:example.com\", \"profile\": {\"display_name\": \"John Doe\","
                        + " \"three_pids\": [{\"medium\": \"email\", \"address\": \"john.doe@example.org\"},"
                        + " {\"medium\": \"msisdn\", \"address\": \"123456789\"}]}}}");
        assertCanonical("{\"a\":\"日本語\"}", "{\"a\": \"日本語\"}");
        assertCanonical("{\"日\":1,\"本\":2}", "{\"本\": 2, \"日\": 1}");
        assertCanonical("{\"a\":\"日\"}", "{\"a\": \"\\u65E5\"}");
        assertCanonical("{\"a\":null}", "{\"a\": null}");
        assertCanonical("{\"\uFB01\":1,\"\uD83D\uDE00\":2}", "{\"\uD83D\uDE00\": 2, \"\uFB01\": 1}");
    }

    @Test
    @DisplayName("GIVEN padded and unpadded base64 WHEN decoded THEN both read the same bytes, and we write without padding")
    void base64AcceptsPadding() {
        byte[] bytes = {1, 2, 3, 4};
        assertEquals("AQIDBA", Base64s.encode(bytes));
        assertArrayEquals(bytes, Base64s.decode("AQIDBA"));
        assertArrayEquals(bytes, Base64s.decode("AQIDBA=="));
        assertThrows(CryptoException.class, () -> Base64s.decode("A*IDBA"));
    }

    private static void assertCanonical(String expected, String input) throws Exception {
        assertEquals(expected, new String(CanonicalJson.encode(JSON.readTree(input)), StandardCharsets.UTF_8));
    }
}
