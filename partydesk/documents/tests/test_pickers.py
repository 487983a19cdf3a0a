"""The office's pickers: the lead, handlers and recipients come from a searchable tree that
names each unit's parent, and whole recipient groups can be ticked at once."""

from __future__ import annotations

from django.urls import reverse

from partydesk.accounts.tests.factories import verified_client
from partydesk.documents.models import Document
from partydesk.documents.tests.factories import doc_type
from partydesk.documents.tests.test_register_scope import _register
from partydesk.organizations.models import RecipientGroup
from partydesk.organizations.tests.factories import make_org


def test_the_leader_picks_the_lead_from_a_tree_of_units_and_people(tree, office_root):
    # Given two cells called the same under different committees
    make_org("Chi bộ Văn phòng", parent=tree.committee_a)
    make_org("Chi bộ Văn phòng", parent=tree.committee_b)
    document = _register(office_root, "77-CV/TU", "Về công tác tổ chức")
    # When the secretary opens the document to assign it
    html = (
        verified_client(office_root.secretary)
        .get(reverse("documents:detail", args=[document.pk]))
        .content.decode()
    )
    # Then the lead is one searchable tree picker with units and people, not a flat select
    assert '<select name="lead"' not in html
    assert html.count("data-picker") >= 3  # lead, co-handlers, for information
    assert 'type="radio" name="lead"' in html
    assert f'value="u:{office_root.specialist.pk}"' in html
    # and each namesake cell is shown with its parent
    assert 'Chi bộ Văn phòng</span> <span class="picker-context">Đảng bộ Sở Tài chính' in html
    assert 'Chi bộ Văn phòng</span> <span class="picker-context">Đảng bộ Sở Y tế' in html


def test_a_draft_released_to_all_grassroots_committees_names_each_of_them(tree, office_root):
    client = verified_client(office_root.specialist)
    url = reverse("documents:draft_new")
    page = client.get(url).content.decode()
    assert "All grassroots Party committees" in page and "data-picker" in page
    group = RecipientGroup.objects.get(code="grassroots-committees")
    response = client.post(
        url,
        {
            "document_type": doc_type("ke-hoach").pk,
            "subject": "Kế hoạch học tập nghị quyết",
            "body": "Tổ chức học tập.",
            "secrecy": "0",
            "urgency": "0",
            "signer": office_root.secretary.pk,
            "release_groups": [group.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(subject="Kế hoạch học tập nghị quyết")
    assert {r.organization for r in document.recipients.all()} == {
        tree.committee_a,
        tree.committee_b,
    }
