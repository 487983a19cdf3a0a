"""The capabilities exchange declares (apps.py) and checks."""

from __future__ import annotations

MANAGE_IDS = "exchange.manage_ids"
PACKAGE = "exchange.package"
PEERS_MANAGE = "exchange.peers.manage"
