"""An independent Olm/Megolm peer for the Java tests: libolm (python3-olm) and python3-cryptography.

Reads one JSON request per line on stdin and answers one JSON line on stdout:
{"ok": {...}} or {"error": "..."}. Objects (accounts, sessions) are kept by name.
"""
import base64
import hashlib
import json
import os
import sys

try:
    import olm
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
except ImportError as e:
    print(json.dumps({"error": "import failed: %s" % e}), flush=True)
    sys.exit(3)


def b64decode(text):
    return base64.b64decode(text + "=" * (-len(text) % 4))


def b64decode_url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64encode(data):
    return base64.b64encode(data).decode().rstrip("=")


objects = {}


def canonical(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def handle(req):
    op = req["op"]
    if op == "account_new":
        account = olm.Account()
        objects[req["name"]] = account
        return account.identity_keys
    if op == "account_sign":
        return {"signature": objects[req["name"]].sign(b64decode(req["message"]))}
    if op == "account_one_time_keys":
        account = objects[req["name"]]
        account.generate_one_time_keys(req["count"])
        keys = account.one_time_keys["curve25519"]
        account.mark_keys_as_published()
        return {"keys": keys}
    if op == "ed25519_verify":
        try:
            olm.ed25519_verify(req["key"], b64decode(req["message"]), req["signature"])
            return {"valid": True}
        except olm.OlmVerifyError:
            return {"valid": False}
    if op == "verify_signed_json":
        value = json.loads(req["json"])
        signature = value["signatures"][req["user_id"]][req["key_id"]]
        value.pop("signatures")
        value.pop("unsigned", None)
        try:
            olm.ed25519_verify(req["key"], canonical(value), signature)
            return {"valid": True}
        except olm.OlmVerifyError:
            return {"valid": False}
    if op == "session_outbound":
        session = olm.OutboundSession(objects[req["account"]], req["identity_key"], req["one_time_key"])
        objects[req["name"]] = session
        return {"session_id": session.id}
    if op == "session_inbound":
        account = objects[req["account"]]
        message = olm.OlmPreKeyMessage(req["body"])
        session = olm.InboundSession(account, message, req["identity_key"])
        account.remove_one_time_keys(session)
        objects[req["name"]] = session
        return {"session_id": session.id}
    if op == "session_encrypt":
        message = objects[req["name"]].encrypt(req["plaintext"])
        return {"type": message.message_type, "body": message.ciphertext}
    if op == "session_decrypt":
        cls = olm.OlmPreKeyMessage if req["type"] == 0 else olm.OlmMessage
        return {"plaintext": objects[req["name"]].decrypt(cls(req["body"]), unicode_errors="strict")}
    if op == "session_matches":
        return {"matches": objects[req["name"]].matches(olm.OlmPreKeyMessage(req["body"]), req["identity_key"])}
    if op == "group_outbound":
        session = olm.OutboundGroupSession()
        objects[req["name"]] = session
        return {"session_id": session.id, "session_key": session.session_key}
    if op == "group_encrypt":
        session = objects[req["name"]]
        index = session.message_index
        return {"ciphertext": session.encrypt(req["plaintext"]), "index": index}
    if op == "group_inbound":
        session = olm.InboundGroupSession(req["session_key"])
        objects[req["name"]] = session
        return {"session_id": session.id, "first_known_index": session.first_known_index}
    if op == "group_decrypt":
        plaintext, index = objects[req["name"]].decrypt(req["ciphertext"], unicode_errors="strict")
        return {"plaintext": plaintext, "index": index}
    if op == "attachment_decrypt":
        ciphertext = b64decode(req["ciphertext"])
        if b64encode(hashlib.sha256(ciphertext).digest()) != req["sha256"].rstrip("="):
            raise ValueError("hash mismatch")
        key = b64decode_url(req["key"])
        iv = b64decode(req["iv"])
        decryptor = Cipher(algorithms.AES(key), modes.CTR(iv)).decryptor()
        return {"plaintext": b64encode(decryptor.update(ciphertext) + decryptor.finalize())}
    if op == "attachment_encrypt":
        key = os.urandom(32)
        iv = os.urandom(8) + b"\0" * 8
        encryptor = Cipher(algorithms.AES(key), modes.CTR(iv)).encryptor()
        ciphertext = encryptor.update(b64decode(req["plaintext"])) + encryptor.finalize()
        return {
            "ciphertext": b64encode(ciphertext),
            "key": base64.urlsafe_b64encode(key).decode().rstrip("="),
            "iv": b64encode(iv),
            "sha256": b64encode(hashlib.sha256(ciphertext).digest()),
        }
    raise ValueError("unknown op " + op)


print(json.dumps({"ok": {"ready": True}}), flush=True)
for line in sys.stdin:
    try:
        answer = {"ok": handle(json.loads(line))}
    except Exception as e:  # the Java side asserts on the error, so any failure is an answer
        answer = {"error": "%s: %s" % (type(e).__name__, e)}
    print(json.dumps(answer), flush=True)
