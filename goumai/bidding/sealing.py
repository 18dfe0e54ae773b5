"""Sealing a bid until opening: SM4 in GCM mode (``cryptography``), with a key kept
outside the database (``GOUMAI_BID_KEY``). The bid's identity (tender, provider) is
bound in as associated data, so a sealed bid cannot be moved to another bidder; a
changed ciphertext fails to open. ``key_id`` (the first 16 hex digits of the key's
SM3) is stored beside each sealed bid to tell which key opens it."""

from __future__ import annotations

import base64
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from goumai.core.crypto import sm3_hex


class Unsealable(Exception):
    """The sealed bid cannot be opened: another key, or changed bytes."""


def _key() -> bytes:
    try:
        key = bytes.fromhex(settings.GOUMAI_BID_KEY)
    except ValueError:
        key = b""
    if len(key) != 16:
        raise ImproperlyConfigured("GOUMAI_BID_KEY must be 32 hexadecimal digits (128 bits)")
    return key


def key_id() -> str:
    return sm3_hex(_key())[:16]


def seal_bytes(data: bytes, *, bound_to: str) -> tuple[bytes, bytes, str]:
    """(ciphertext with its 16-byte tag, nonce, key id)."""
    nonce = os.urandom(12)
    encryptor = Cipher(algorithms.SM4(_key()), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(bound_to.encode())
    return encryptor.update(data) + encryptor.finalize() + encryptor.tag, nonce, key_id()


def unseal_bytes(raw: bytes, nonce: bytes, *, sealed_key_id: str, bound_to: str) -> bytes:
    if sealed_key_id != key_id():
        raise Unsealable("sealed with another key")
    body, tag = raw[:-16], raw[-16:]
    decryptor = Cipher(algorithms.SM4(_key()), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(bound_to.encode())
    try:
        return decryptor.update(body) + decryptor.finalize()
    except InvalidTag as error:
        raise Unsealable("changed or bound to another bid") from error


def seal(payload: dict, *, bound_to: str) -> tuple[str, str, str]:
    """(ciphertext with its tag, nonce, key id), the first two in base64."""
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    sealed, nonce, used = seal_bytes(data, bound_to=bound_to)
    return base64.b64encode(sealed).decode(), base64.b64encode(nonce).decode(), used


def unseal(sealed: str, nonce: str, *, sealed_key_id: str, bound_to: str) -> dict:
    data = unseal_bytes(
        base64.b64decode(sealed),
        base64.b64decode(nonce),
        sealed_key_id=sealed_key_id,
        bound_to=bound_to,
    )
    return json.loads(data)
