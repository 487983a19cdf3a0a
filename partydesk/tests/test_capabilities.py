"""Capabilities are declared by the apps in code; roles are data that must name only those."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from partydesk.accounts.checks import check_role_capabilities
from partydesk.accounts.models import Role
from partydesk.accounts.services.roles import role_defaults_apply
from partydesk.core.capabilities import Capability, declared, defaults_for
from partydesk.documents.apps import DocumentsConfig


def test_the_default_roles_name_only_declared_capabilities(db) -> None:
    assert check_role_capabilities() == []
    clerk = Role.objects.get(code="clerk")
    assert set(clerk.capabilities) == set(defaults_for("clerk"))
    assert "documents.register" in clerk.capabilities


def test_start_up_refuses_a_role_that_grants_an_undeclared_capability(db) -> None:
    Role.objects.create(code="typo", name="Typo", capabilities=["documents.regsiter"])

    errors = check_role_capabilities()

    assert [e.id for e in errors] == ["accounts.E001"]
    assert "documents.regsiter" in errors[0].msg
    with pytest.raises(SystemCheckError, match=r"accounts\.E001"):
        call_command("check")


def test_a_default_an_administrator_took_away_stays_away(db) -> None:
    clerk = Role.objects.get(code="clerk")
    clerk.capabilities = [c for c in clerk.capabilities if c != "signatures.seal"]
    clerk.save()

    role_defaults_apply()

    clerk.refresh_from_db()
    assert "signatures.seal" not in clerk.capabilities


def test_a_capability_an_app_declares_later_reaches_its_default_roles(db, monkeypatch) -> None:
    documents = apps.get_app_config("documents")
    assert isinstance(documents, DocumentsConfig)
    monkeypatch.setattr(
        documents,
        "capabilities",
        {**documents.capabilities, "documents.archive": Capability("Archive", roles=("clerk",))},
    )

    assert "clerk" in role_defaults_apply()

    assert "documents.archive" in Role.objects.get(code="clerk").capabilities
    assert "documents.archive" not in Role.objects.get(code="specialist").capabilities
    assert role_defaults_apply() == []


def test_every_capability_has_a_label_and_its_app() -> None:
    found = declared()
    assert found["documents.register"].app_label == "documents"
    assert found["audit.view"].app_label == "accounts"
    assert all(str(item.label) for item in found.values())


def test_the_role_list_shows_what_each_role_allows_in_words(db) -> None:
    from django.contrib.admin.sites import site

    from partydesk.accounts.admin import RoleAdmin

    role_admin = site._registry[Role]
    assert isinstance(role_admin, RoleAdmin)
    clerk = Role.objects.get(code="clerk")
    clerk.capabilities = [*clerk.capabilities, "legacy.code"]

    allows = role_admin.allows(clerk)

    assert "Register incoming documents" in allows
    assert "legacy.code" in allows
