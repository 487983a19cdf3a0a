from partydesk.exchange.models.deliveries import (
    OutgoingPackage,
    PackageStatus,
    StatusCode,
    Transfer,
)
from partydesk.exchange.models.organ_ids import ORGAN_ID_MAX_LENGTH, ORGAN_ID_PATTERN, OrganId
from partydesk.exchange.models.packages import BusinessType, DeliveredPackage, ReceivedPackage
from partydesk.exchange.models.peers import Peer, PeerOrganId

__all__ = [
    "ORGAN_ID_MAX_LENGTH",
    "ORGAN_ID_PATTERN",
    "BusinessType",
    "DeliveredPackage",
    "OrganId",
    "OutgoingPackage",
    "PackageStatus",
    "Peer",
    "PeerOrganId",
    "ReceivedPackage",
    "StatusCode",
    "Transfer",
]
