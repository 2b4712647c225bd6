"""Encryption at rest (Fernet) and keyed pseudonyms, with the key from the environment."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet

KEY_VARIABLE = "SCREENING_DATA_KEY"


@dataclass(frozen=True)
class Cipher:
    """Encrypts and decrypts text; derives pseudonyms that cannot be turned back."""

    key: bytes

    def encrypt(self, text: str) -> str:
        """The text, encrypted and authenticated."""
        return Fernet(self.key).encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        """The text back (raises if the token was altered or the key is wrong)."""
        return Fernet(self.key).decrypt(token.encode("ascii")).decode("utf-8")

    def pseudonym(self, *parts: str) -> str:
        """A keyed hash of the parts (e.g. channel and sender id)."""
        mac_key = hashlib.sha256(b"pseudonym:" + base64.urlsafe_b64decode(self.key)).digest()
        return hmac.new(mac_key, "\x1f".join(parts).encode("utf-8"), hashlib.sha256).hexdigest()


def log_tag(cipher: Cipher, sender_id: str) -> str:
    """A keyed tag of a sender id for the logs: the same conversation gets the same tag, and it leads nowhere."""
    return cipher.pseudonym("log", sender_id)[:12]


def load_cipher(var_dir: Path) -> Cipher:
    """The key from SCREENING_DATA_KEY, or a development key generated under var/ (with a warning)."""
    key = os.environ.get(KEY_VARIABLE)
    if key:
        return Cipher(key.encode("ascii"))
    path = var_dir / "dev_data.key"
    var_dir.mkdir(parents=True, exist_ok=True)
    try:  # created once, atomically: the Rasa server and the action server may start together
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(handle, "wb") as key_file:
            key_file.write(Fernet.generate_key())
    print(
        f"WARNING: {KEY_VARIABLE} is not set; using the development key in {path}. "
        "Anyone with that file can read the stored contact details. Set the key in production.",
        file=sys.stderr,
    )
    return Cipher(path.read_bytes().strip())
