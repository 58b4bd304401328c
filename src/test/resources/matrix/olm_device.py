"""The cryptography of a person's Matrix device for the stand-in's tests, in Debian's libolm.

It is deliberately independent of the bot's own crypto code: a test where the bot and this
device understand each other proves the bot speaks Olm/Megolm as libolm does, not merely as
itself. The Java side (E2eeDevice) does the Matrix-level work and asks for one operation per
line: a JSON object {"op": ..., ...} on stdin, one JSON object on stdout, {"error": ...} when the
operation failed. End of input ends the process, so a vanished test JVM leaves nothing behind.
"""
import json
import sys

try:
    import olm
except ImportError as missing:
    print(json.dumps({"error": "cannot import olm (%s)" % missing, "missing_olm": True}), flush=True)
    sys.exit(3)

account = None
# Olm sessions by the other device's curve25519 key, the most recently used last: the spec asks to
# encrypt with the session that last received a message, so both sides converge on one.
olm_sessions = {}
outbound_group = {}
inbound_group = {}


def create_account(request):
    global account
    account = olm.Account()
    return {"identity_keys": account.identity_keys}


def sign(request):
    return {"signature": account.sign(request["message"])}


def verify(request):
    try:
        olm.ed25519_verify(request["key"], request["message"], request["signature"])
        return {"valid": True}
    except olm.OlmVerifyError:
        return {"valid": False}


def generate_keys(request):
    account.generate_one_time_keys(request["one_time"])
    one_time = account.one_time_keys["curve25519"]
    fallback = {}
    if request.get("fallback"):
        account.generate_fallback_key()
        # Read before marking as published: libolm only reports an unpublished fallback key.
        fallback = account.fallback_key["curve25519"]
    account.mark_keys_as_published()
    return {"one_time_keys": one_time, "fallback_keys": fallback}


def has_olm_session(request):
    return {"has": bool(olm_sessions.get(request["their_key"]))}


def create_outbound_olm(request):
    session = olm.OutboundSession(account, request["their_key"], request["their_one_time_key"])
    olm_sessions.setdefault(request["their_key"], []).append(session)
    return {"session_id": session.id}


def olm_encrypt(request):
    session = olm_sessions[request["their_key"]][-1]
    message = session.encrypt(request["plaintext"])
    return {"type": message.message_type, "body": message.ciphertext}


def _used(their_key, session):
    sessions = olm_sessions.setdefault(their_key, [])
    if session in sessions:
        sessions.remove(session)
    sessions.append(session)


def olm_decrypt(request):
    their_key = request["sender_key"]
    pre_key = request["type"] == 0
    message = olm.OlmPreKeyMessage(request["body"]) if pre_key else olm.OlmMessage(request["body"])
    for session in reversed(list(olm_sessions.get(their_key, []))):
        if pre_key and not session.matches(message, their_key):
            continue
        try:
            plaintext = session.decrypt(message, unicode_errors="strict")
        except olm.OlmSessionError:
            if pre_key:
                raise
            continue
        _used(their_key, session)
        return {"plaintext": plaintext, "new_session": False}
    if not pre_key:
        raise ValueError("no Olm session with %s decrypts this message" % their_key)
    session = olm.InboundSession(account, message, their_key)
    plaintext = session.decrypt(message, unicode_errors="strict")
    account.remove_one_time_keys(session)
    _used(their_key, session)
    return {"plaintext": plaintext, "new_session": True}


def megolm_create(request):
    session = olm.OutboundGroupSession()
    outbound_group[session.id] = session
    return {"session_id": session.id}


def megolm_session_key(request):
    session = outbound_group[request["session_id"]]
    return {"session_key": session.session_key, "message_index": session.message_index}


def megolm_encrypt(request):
    return {"ciphertext": outbound_group[request["session_id"]].encrypt(request["plaintext"])}


def megolm_install(request):
    session = olm.InboundGroupSession(request["session_key"])
    if session.id != request["session_id"]:
        raise ValueError("the session_key is of session %s, not %s" % (session.id, request["session_id"]))
    known = inbound_group.get(request["handle"])
    # A later share of the same session starts at a later index; keep the one that reads more.
    if known is None or session.first_known_index < known.first_known_index:
        inbound_group[request["handle"]] = session
        known = session
    return {"first_known_index": known.first_known_index}


def megolm_decrypt(request):
    plaintext, index = inbound_group[request["handle"]].decrypt(request["ciphertext"], unicode_errors="strict")
    return {"plaintext": plaintext, "message_index": index}


OPERATIONS = {
    "create_account": create_account,
    "sign": sign,
    "verify": verify,
    "generate_keys": generate_keys,
    "has_olm_session": has_olm_session,
    "create_outbound_olm": create_outbound_olm,
    "olm_encrypt": olm_encrypt,
    "olm_decrypt": olm_decrypt,
    "megolm_create": megolm_create,
    "megolm_session_key": megolm_session_key,
    "megolm_encrypt": megolm_encrypt,
    "megolm_install": megolm_install,
    "megolm_decrypt": megolm_decrypt,
}

print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    try:
        request = json.loads(line)
        answer = OPERATIONS[request["op"]](request)
    except Exception as failure:
        answer = {"error": "%s: %s" % (type(failure).__name__, failure)}
    print(json.dumps(answer, ensure_ascii=False), flush=True)
