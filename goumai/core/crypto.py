"""SM3 (GB/T 32905-2016), the national hash standard, from ``cryptography``."""

from cryptography.hazmat.primitives import hashes


def sm3_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()
