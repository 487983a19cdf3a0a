"""Reference token client: sign a PDF on a USB token (PKCS#11) through the partydesk API."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partydesk.signatures.token_client import (
    HttpTransport,
    TokenClientError,
    TokenKey,
    sign_pdf_with_token,
)


class Command(BaseCommand):
    help = (
        "Sign IN.pdf on your own PKCS#11 token via the API of a partydesk server (the key "
        "never leaves the token). PIN from --pin-env (default PARTYDESK_TOKEN_PIN), API token "
        "from PARTYDESK_API_TOKEN."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--server", required=True, help="e.g. https://partydesk.example.vn")
        parser.add_argument("--module", required=True, help="PKCS#11 library of the token")
        parser.add_argument("--token", required=True, help="token label")
        parser.add_argument("--key", required=True, help="label of the key and certificate")
        parser.add_argument("--pin-env", default="PARTYDESK_TOKEN_PIN")
        parser.add_argument("--organization", type=int, help="seal as this organization (id)")
        parser.add_argument("--number-symbol", default="")
        parser.add_argument("--invisible", action="store_true")
        parser.add_argument("--prehashed", action="store_true", help="token signs digests only")
        parser.add_argument("input", type=Path)
        parser.add_argument("output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        pin = os.environ.get(options["pin_env"], "")
        api_token = os.environ.get("PARTYDESK_API_TOKEN", "")
        if not pin or not api_token:
            raise CommandError(f"set {options['pin_env']} and PARTYDESK_API_TOKEN")
        key = TokenKey(
            module=options["module"],
            token_label=options["token"],
            pin=pin,
            key_label=options["key"],
        )
        try:
            signed = sign_pdf_with_token(
                HttpTransport(options["server"], api_token),
                key,
                options["input"].read_bytes(),
                organization_id=options["organization"],
                number_symbol=options["number_symbol"],
                visible=not options["invisible"],
                prehashed=options["prehashed"],
            )
        except (TokenClientError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        options["output"].write_bytes(signed)
        self.stdout.write(self.style.SUCCESS(f"Signed on the token: {options['output']}"))
