"""A SoftHSM2 token in a temporary directory, filled with pkcs11-tool (opensc)."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

MODULE_CANDIDATES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
)
TOKEN_LABEL = "partydesk-test"
USER_PIN = "123456"
SO_PIN = "87654321"
KEY_LABEL = "signer"


@dataclass(frozen=True)
class SoftHsm:
    module: str
    directory: Path
    key: rsa.RSAPrivateKey

    def _tool(self, *args: str) -> None:
        subprocess.run(
            [
                "pkcs11-tool",
                "--module",
                self.module,
                "--token-label",
                TOKEN_LABEL,
                "--login",
                "--pin",
                USER_PIN,
                *args,
            ],
            check=True,
            capture_output=True,
        )

    def write_certificate(self, der: bytes, label: str) -> None:
        path = self.directory / f"{label}.der"
        path.write_bytes(der)
        self._tool("--write-object", str(path), "--type", "cert", "--label", label, "--id", "01")


def start(directory: Path, key: rsa.RSAPrivateKey) -> SoftHsm:
    module = next((m for m in MODULE_CANDIDATES if Path(m).is_file()), "")
    if not module:
        raise RuntimeError(
            "SoftHSM2 is missing: install the softhsm2 package (scripts/system-deps.sh)"
        )
    (directory / "tokens").mkdir(parents=True)
    conf = directory / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {directory / 'tokens'}\n"
        "objectstore.backend = file\nlog.level = ERROR\n"
    )
    os.environ["SOFTHSM2_CONF"] = str(conf)  # read when the module initializes
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            TOKEN_LABEL,
            "--so-pin",
            SO_PIN,
            "--pin",
            USER_PIN,
        ],
        check=True,
        capture_output=True,
    )
    hsm = SoftHsm(module=module, directory=directory, key=key)
    key_file = directory / "key.der"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    hsm._tool(
        "--write-object", str(key_file), "--type", "privkey", "--id", "01", "--label", KEY_LABEL
    )
    key_file.unlink()
    return hsm
