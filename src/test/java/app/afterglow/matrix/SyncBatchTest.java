package app.afterglow.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading raw /sync JSON, without HTTP. */
class SyncBatchTest {
    private static final String BOT = "@afterglow:local";

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    @Test
    @DisplayName("GIVEN a sync with the bot's own messages among a person's WHEN it is read THEN only the person's remain, in order, with the gap flag and token")
    void ownEventsAreDropped() throws Exception {
        SyncBatch batch = SyncBatch.parse(json("""
                {'next_batch': 's42', 'rooms': {'join': {'!dm:local': {
                  'state': {'events': [{'type': 'm.room.member', 'event_id': '$s', 'sender': '@alice:local',
                                        'state_key': '@alice:local', 'content': {'membership': 'join', 'displayname': 'Alice'}}]},
                  'timeline': {'limited': true, 'prev_batch': 's30', 'events': [
                    {'type': 'm.room.message', 'event_id': '$1', 'sender': '@alice:local', 'content': {'msgtype': 'm.text', 'body': '3'}},
                    {'type': 'm.room.message', 'event_id': '$2', 'sender': '@afterglow:local', 'content': {'msgtype': 'm.text', 'body': 'next'}},
                    {'type': 'm.room.message', 'sender': '@alice:local', 'content': {'body': 'no event id'}},
                    {'type': 'm.room.message', 'event_id': '$3', 'sender': '@alice:local', 'content': {'msgtype': 'm.text', 'body': 'skip'}}]}}}}}
                """), BOT);

        assertEquals("s42", batch.nextBatch());
        SyncBatch.JoinedRoom room = batch.joined().get(0);
        assertEquals(List.of("$1", "$3"), room.timeline().stream().map(RoomEvent::eventId).toList());
        assertTrue(room.limited());
        assertEquals(Optional.of("s30"), room.prevBatch());
        assertEquals(Optional.empty(), room.joinedAt());
        assertEquals("Alice", room.state().get(0).content().path("displayname").asText());
    }

    @Test
    @DisplayName("GIVEN the bot's own messages between a person's WHEN the sync is read THEN each is placed before the "
            + "person's event that follows it, with its transaction id; its state events and one at the end follow no event")
    void ownMessagesArePlacedAmongThePersons() throws Exception {
        SyncBatch batch = SyncBatch.parse(json("""
                {'next_batch': 's42', 'rooms': {'join': {'!dm:local': {'timeline': {'events': [
                    {'type': 'm.room.encrypted', 'event_id': '$q2', 'sender': '@afterglow:local', 'content': {},
                     'unsigned': {'transaction_id': 'outbox-7-0'}},
                    {'type': 'm.room.encrypted', 'event_id': '$a', 'sender': '@alice:local', 'content': {}},
                    {'type': 'm.room.member', 'event_id': '$m', 'sender': '@afterglow:local', 'state_key': '@afterglow:local',
                     'content': {'membership': 'join'}},
                    {'type': 'm.room.encrypted', 'event_id': '$b', 'sender': '@alice:local', 'content': {}},
                    {'type': 'm.room.encrypted', 'event_id': '$q3', 'sender': '@afterglow:local', 'content': {}}]}}}}}
                """), BOT);

        assertEquals(List.of(new SyncBatch.Echo(Optional.of("$a"), "$q2", "outbox-7-0"),
                        new SyncBatch.Echo(Optional.empty(), "$q3", "")),
                batch.joined().get(0).echoes());
    }

    @Test
    @DisplayName("GIVEN a gap paged back, ending with one of the bot's messages WHEN the sync's timeline follows it "
            + "THEN that message stands before the timeline's first event")
    void gapThenTimelineKeepsTheRoomsOrder() throws Exception {
        SyncBatch.Stretch gap = SyncBatch.stretch("!dm:local", List.of(
                json("{'type': 'm.room.encrypted', 'event_id': '$a', 'sender': '@alice:local', 'content': {}}"),
                json("{'type': 'm.room.encrypted', 'event_id': '$q', 'sender': '@afterglow:local', 'content': {}}")), BOT);
        SyncBatch.Stretch timeline = SyncBatch.stretch("!dm:local", List.of(
                json("{'type': 'm.room.encrypted', 'event_id': '$b', 'sender': '@alice:local', 'content': {}}")), BOT);

        SyncBatch.Stretch whole = gap.then(timeline);
        assertEquals(List.of("$a", "$b"), whole.events().stream().map(RoomEvent::eventId).toList());
        assertEquals(List.of(new SyncBatch.Echo(Optional.of("$b"), "$q", "")), whole.echoes());
    }

    @Test
    @DisplayName("GIVEN a room the bot joined during the timeline WHEN it is read THEN it knows how much came before the join")
    void joinPointIsFound() throws Exception {
        SyncBatch batch = SyncBatch.parse(json("""
                {'next_batch': 's9', 'rooms': {'join': {'!g:local': {'timeline': {'events': [
                  {'type': 'm.room.message', 'event_id': '$old', 'sender': '@bob:local', 'content': {'msgtype': 'm.text', 'body': '!afterglow help'}},
                  {'type': 'm.room.member', 'event_id': '$j', 'sender': '@afterglow:local', 'state_key': '@afterglow:local', 'content': {'membership': 'join'}},
                  {'type': 'm.room.message', 'event_id': '$new', 'sender': '@bob:local', 'content': {'msgtype': 'm.text', 'body': '!afterglow settings'}}]}}}}}
                """), BOT);

        SyncBatch.JoinedRoom room = batch.joined().get(0);
        assertEquals(Optional.of(1), room.joinedAt());
        assertEquals(List.of("$new"), room.sinceJoin().stream().map(RoomEvent::eventId).toList());
    }

    @Test
    @DisplayName("GIVEN invites WHEN they are read THEN each names its inviter and says whether it is direct and encrypted; rooms left are listed")
    void invitesAndLeaves() throws Exception {
        SyncBatch batch = SyncBatch.parse(json("""
                {'next_batch': 's5', 'rooms': {
                  'invite': {
                    '!plain:local': {'invite_state': {'events': [
                      {'type': 'm.room.member', 'sender': '@alice:local', 'state_key': '@afterglow:local', 'content': {'membership': 'invite', 'is_direct': true}}]}},
                    '!secret:local': {'invite_state': {'events': [
                      {'type': 'm.room.encryption', 'sender': '@bob:local', 'state_key': '', 'content': {'algorithm': 'm.megolm.v1.aes-sha2'}},
                      {'type': 'm.room.member', 'sender': '@bob:local', 'state_key': '@afterglow:local', 'content': {'membership': 'invite'}}]}}},
                  'leave': {'!gone:local': {}}}}
                """), BOT);

        assertEquals(List.of(new SyncBatch.Invite("!plain:local", Optional.of("@alice:local"), true, false),
                new SyncBatch.Invite("!secret:local", Optional.of("@bob:local"), false, true)), batch.invites());
        assertEquals(List.of("!gone:local"), batch.left());
        assertFalse(batch.invites().get(1).direct());
    }

    @Test
    @DisplayName("GIVEN an answer that is no sync response WHEN it is read THEN it is refused rather than taken for an empty batch")
    void notASyncAnswer() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> SyncBatch.parse(json("{'errcode': 'M_UNKNOWN'}"), BOT));
    }
}
