"""Upload limits and each module's own limits and switches (exchange, learning, contests,
assignments), read from the environment; config.settings takes them in whole after loading
.env. .env.example documents each."""

from __future__ import annotations

from config.env import env_bool, env_int

PARTYDESK_MAX_UPLOAD_MB = env_int("PARTYDESK_MAX_UPLOAD_MB", 50, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Largest edXML package read or written (megabytes); base64 makes a package ~4/3 of its files.
PARTYDESK_EXCHANGE_MAX_PACKAGE_MB = env_int("PARTYDESK_EXCHANGE_MAX_PACKAGE_MB", 70, minimum=1)
# Public certificate verifications answered per client address and minute (issue 11).
PARTYDESK_LEARNING_VERIFY_RATE_PER_MINUTE = env_int(
    "PARTYDESK_LEARNING_VERIFY_RATE_PER_MINUTE", 30, minimum=1
)
# Public contest registrations accepted per client address and minute (issue 12).
PARTYDESK_CONTESTS_REGISTER_RATE_PER_MINUTE = env_int(
    "PARTYDESK_CONTESTS_REGISTER_RATE_PER_MINUTE", 20, minimum=1
)
# Requests one contest registration may make per minute while taking a round (answers,
# starts, hand-ins); a person ticks a few answers a minute, a script thousands.
PARTYDESK_CONTESTS_TAKER_RATE_PER_MINUTE = env_int(
    "PARTYDESK_CONTESTS_TAKER_RATE_PER_MINUTE", 120, minimum=1
)
# Reader feedback accepted on the portal per client address and minute (issue 13).
PARTYDESK_PORTAL_FEEDBACK_RATE_PER_MINUTE = env_int(
    "PARTYDESK_PORTAL_FEEDBACK_RATE_PER_MINUTE", 5, minimum=1
)
PARTYDESK_EXCHANGE_INBOX_RATE_PER_MINUTE = env_int(
    "PARTYDESK_EXCHANGE_INBOX_RATE_PER_MINUTE", 120, minimum=1
)
# Packages go to peers over HTTPS only. For loopback tests and `make run-peer`, this allows
# http:// to 127.0.0.1, ::1 and localhost (never to another host). ADR 0020.
PARTYDESK_EXCHANGE_ALLOW_HTTP_LOOPBACK = env_bool("PARTYDESK_EXCHANGE_ALLOW_HTTP_LOOPBACK", False)
# How long one POST to a peer may take before it counts as a network failure (retried).
PARTYDESK_EXCHANGE_SEND_TIMEOUT_SECONDS = env_int(
    "PARTYDESK_EXCHANGE_SEND_TIMEOUT_SECONDS", 30, minimum=1
)
# Assignments (docs/decisions/0023): remind the lead N working days before a deadline, and
# take overdue work to the assigner's superior after M working days.
PARTYDESK_ASSIGNMENT_WARN_DAYS = env_int("PARTYDESK_ASSIGNMENT_WARN_DAYS", 3, minimum=1)
PARTYDESK_ASSIGNMENT_ESCALATE_DAYS = env_int("PARTYDESK_ASSIGNMENT_ESCALATE_DAYS", 5, minimum=1)
