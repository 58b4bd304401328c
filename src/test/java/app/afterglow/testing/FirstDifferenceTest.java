package app.afterglow.testing;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FirstDifferenceTest {
    @Test
    @DisplayName("Two equal transcripts have no difference")
    void equalTranscriptsHaveNone() {
        assertEquals(Optional.empty(), FirstDifference.between(List.of("a", "b"), List.of("a", "b")));
    }

    @Test
    @DisplayName("The first line that differs is named, counted from 1, with both of its versions")
    void firstDifferingLineIsNamed() {
        assertEquals(Optional.of("at line 2:\n        was: b\n        now: B"),
                FirstDifference.between(List.of("a", "b", "c"), List.of("a", "B", "C")));
    }

    @Test
    @DisplayName("A transcript that ends early differs where it ends")
    void aShorterTranscriptDiffersAtItsEnd() {
        assertEquals(Optional.of("at line 2:\n        was: b\n        now: (end)"),
                FirstDifference.between(List.of("a", "b"), List.of("a")));
    }
}
