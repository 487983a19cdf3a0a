"""The portal tests' set-up: the documents tests' office and signing, and a few sections."""

import pytest
from wagtail.models import Page

from partydesk.conftest import Tree
from partydesk.documents.tests.conftest import (  # noqa: F401
    _media,
    office_root,
    rsa_keys,
    signing,
)


@pytest.fixture
def sections(tree: Tree) -> dict[str, Page]:
    """The home page, the Bloc's news section, committee B's own corner and a members' area."""
    from partydesk.portal.models import HomePage, MembersPage, SectionPage
    from partydesk.portal.services.members import members_area_restrict

    home = HomePage.objects.get()
    news = home.add_child(instance=SectionPage(title="Tin tức", slug="tin-tuc"))
    corner = home.add_child(
        instance=SectionPage(title="Góc Sở Y tế", slug="goc-b", organization=tree.committee_b)
    )
    area = home.add_child(instance=MembersPage(title="Dành cho đảng viên", slug="dang-vien"))
    members_area_restrict(area)
    return {"home": home, "news": news, "corner": corner, "area": area}
