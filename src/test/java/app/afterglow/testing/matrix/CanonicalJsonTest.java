package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The test device signs canonical JSON; these are the spec's own examples of it. */
class CanonicalJsonTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    @DisplayName("GIVEN the spec's examples WHEN encoded THEN keys are sorted by code point, output is compact and non-ASCII stays as it is")
    void specExamples() throws Exception {
        assertEquals("{\"one\":1,\"two\":\"Two\"}", canonical("{\"two\": \"Two\", \"one\": 1}"));
        assertEquals("{\"a\":\"日本語\"}", canonical("{\"a\": \"日本語\"}"));
        assertEquals("{\"日\":1,\"本\":2}", canonical("{\"本\": 2, \"日\": 1}"));
        assertEquals("{\"a\":\"\\u0000\",\"b\":\"\\n\",\"c\":\"\\u001f\"}", canonical("{\"c\":\"\\u001F\",\"b\":\"\\n\",\"a\":\"\\u0000\"}"));
        assertEquals("{\"a\":null}", canonical("{\"a\": null}"));
        assertEquals("{\"auth\":{\"mxid\":\"@john.doe:example.com\",\"profile\":{\"display_name\":\"John Doe\","
                        + "\"three_pids\":[{\"address\":\"john.doe@example.org\",\"medium\":\"email\"},"
                        + "{\"address\":\"123456789\",\"medium\":\"msisdn\"}]},\"success\":true}}",
                canonical("{\"auth\": {\"success\": true, \"mxid\": \"@john.doe:example.com\", \"profile\": "
                        + "{\"display_name\": \"John Doe\", \"three_pids\": [{\"medium\": \"email\", \"address\": "
                        + "\"john.doe@example.org\"}, {\"medium\": \"msisdn\", \"address\": \"123456789\"}]}}}"));
    }

    @Test
    @DisplayName("GIVEN a number with a fraction WHEN encoded THEN it is refused: canonical JSON has integers only")
    void fractionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> canonical("{\"a\": 1.5}"));
    }

    private String canonical(String json) throws Exception {
        return CanonicalJson.encode(mapper.readTree(json));
    }
}
