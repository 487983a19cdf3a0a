"""Stories of finding documents: words, scope, filters, confidentiality, paging.

Every test runs on SQLite (FTS5) and PostgreSQL (tsvector + GIN) with the same expectations.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from partydesk.search import selectors
from partydesk.search.models import SearchEntry, SearchReader
from partydesk.search.services import search_index_remove, search_index_upsert

TITLE = "Nghị quyết Đảng ủy về công tác kiểm tra, giám sát năm 2025"


def test_words_match_without_diacritics_case_or_unicode_form(index, search) -> None:
    index(1, TITLE)
    index(2, unicodedata.normalize("NFD", "Nghị quyết của Đảng ủy Khối"))
    index(3, "Kế hoạch học tập")

    assert search("nghi quyet dang uy").ids == [2, 1]
    assert search(unicodedata.normalize("NFD", "NGHỊ QUYẾT ĐẢNG ỦY")).ids == [2, 1]
    assert search("Dang uy khoi").ids == [2]  # đ matches d


def test_every_word_must_match(index, search) -> None:
    index(1, "Nghị quyết về công tác kiểm tra")
    index(2, "Nghị quyết về công tác cán bộ")

    assert search("nghi quyet kiem tra").ids == [1]
    assert search("nghi quyet dang vien").ids == []


def test_words_in_the_body_match_as_well_as_the_title(index, search) -> None:
    index(1, "Công văn số 58", body="Đề nghị các chi bộ tổng kết công tác phát triển đảng viên")

    assert search("phat trien dang vien").ids == [1]


def test_the_last_word_matches_as_a_prefix(index, search) -> None:
    index(1, "Kế hoạch thực hiện Nghị quyết")
    index(2, "Kế hoạch tổ chức hội nghị")

    assert search("ke hoach thu").ids == [1]
    assert search("ke hoach").ids == [2, 1]
    assert search("hoach ke").ids == [2, 1]  # order does not matter without quotes


def test_quoted_words_match_only_in_that_order(index, search) -> None:
    index(1, "Quyết nghị của Hội nghị", date=dt.date(2025, 3, 2))
    index(2, "Nghị quyết của Chi bộ", date=dt.date(2025, 3, 1))

    assert search("nghi quyet").ids == [1, 2]
    assert search('"nghị quyết"').ids == [2]
    assert search('"quyet nghi"').ids == [1]


def test_results_are_newest_first_with_ties_broken_by_id(index, search) -> None:
    index(10, "Báo cáo tháng 1", date=dt.date(2025, 1, 31))
    index(11, "Báo cáo tháng 3", date=dt.date(2025, 3, 31))
    index(12, "Báo cáo bổ sung tháng 3", date=dt.date(2025, 3, 31))

    assert search("bao cao").ids == [12, 11, 10]


def test_search_stays_inside_the_scope(tree, index, search) -> None:
    index(1, "Kế hoạch của Đảng ủy Sở Tài chính", organization_path=tree.committee_a.path)
    index(2, "Kế hoạch của Chi bộ Phòng Ngân sách", organization_path=tree.cell_a1.path)
    index(3, "Kế hoạch của Đảng ủy Sở Y tế", organization_path=tree.committee_b.path)

    assert search("ke hoach").ids == [2, 1]
    assert search("ke hoach", scope_path=tree.committee_b.path).ids == [3]
    assert search("ke hoach", scope_path=tree.root.path).ids == [3, 2, 1]
    assert search("ke hoach", scope_path=tree.cell_a1.path).ids == [2]


def test_a_narrower_organization_filter_cannot_widen_the_scope(tree, index, search) -> None:
    index(1, "Kế hoạch A", organization_path=tree.committee_a.path)
    index(2, "Kế hoạch A1", organization_path=tree.cell_a1.path)
    index(3, "Kế hoạch B", organization_path=tree.committee_b.path)

    assert search("ke hoach", filters={"organization_path": tree.cell_a1.path}).ids == [2]
    assert search("ke hoach", filters={"organization_path": tree.committee_b.path}).ids == []


def test_filters_narrow_the_results(index, search) -> None:
    index(1, "Nghị quyết", type_code="NQ", year=2024, status="issued", date=dt.date(2024, 5, 1))
    index(2, "Nghị quyết", type_code="NQ", year=2025, status="draft", date=dt.date(2025, 2, 1))
    index(3, "Nghị quyết", type_code="KH", year=2025, status="issued", date=dt.date(2025, 6, 1))

    assert search("nghi quyet", filters={"type_code": "NQ"}).ids == [2, 1]
    assert search("nghi quyet", filters={"type_code": ["KH", "NQ"]}).ids == [3, 2, 1]
    assert search("nghi quyet", filters={"year": 2025}).ids == [3, 2]
    assert search("nghi quyet", filters={"status": ["issued"]}).ids == [3, 1]
    assert search("nghi quyet", filters={"date_from": dt.date(2025, 1, 1)}).ids == [3, 2]
    assert search("nghi quyet", filters={"date_to": dt.date(2025, 2, 1)}).ids == [2, 1]
    assert search("", filters={"type_code": "KH"}).ids == [3]  # no words: filters alone


def test_search_syntax_words_are_just_words(index, search) -> None:
    index(1, "Kế hoạch NOT OR AND NEAR")

    assert search("NOT OR AND NEAR").ids == [1]
    assert search('ke "hoach not" or*').ids == [1]
    assert search("'); DROP TABLE search_entry; --").ids == []


def test_a_misspelt_filter_is_a_programming_error(search) -> None:
    with pytest.raises(ValueError, match="unknown search filters"):
        search("nghi quyet", filters={"types": "NQ"})


def test_a_confidential_document_is_found_only_by_its_named_readers_with_clearance(
    tree, alice, bob, index, search
) -> None:
    index(1, "Nghị quyết về công tác cán bộ", secrecy=1, reader_user_ids=[alice.id])
    index(2, "Nghị quyết về công tác cán bộ năm sau")

    assert search("can bo", user_id=alice.id, max_secrecy=1).ids == [2, 1]
    # bob is in the same committee and cleared, but not named on the document
    assert search("can bo", user_id=bob.id, max_secrecy=3).ids == [2]
    # alice is named, but her clearance is below the document's level
    assert search("can bo", user_id=alice.id, max_secrecy=0).ids == [2]
    assert search("can bo", user_id=bob.id, max_secrecy=3).total == 1


def test_a_classified_document_without_readers_needs_clearance_only(bob, index, search) -> None:
    index(1, "Báo cáo tình hình an ninh", secrecy=2, reader_user_ids=None)

    assert search("an ninh", user_id=bob.id, max_secrecy=1).ids == []
    assert search("an ninh", user_id=bob.id, max_secrecy=2).ids == [1]


def test_an_empty_reader_list_hides_the_document_from_everyone(alice, index, search) -> None:
    index(1, "Thông báo nội bộ", reader_user_ids=[])

    assert search("thong bao", user_id=alice.id, max_secrecy=3).ids == []


def test_upsert_replaces_words_place_and_readers(tree, alice, bob, index, search) -> None:
    index(1, "Dự thảo kế hoạch", secrecy=1, reader_user_ids=[alice.id])
    index(1, "Kế hoạch chính thức", organization_path=tree.cell_a1.path, reader_user_ids=[bob.id])

    assert SearchEntry.objects.count() == 1
    assert search("du thao").ids == []
    assert search("chinh thuc", user_id=bob.id, scope_path=tree.cell_a1.path).ids == [1]
    assert search("chinh thuc", user_id=alice.id, max_secrecy=3).ids == []
    assert list(SearchReader.objects.values_list("user_id", flat=True)) == [bob.id]


def test_remove_forgets_the_document_and_its_readers(alice, index, search) -> None:
    index(1, "Kế hoạch", reader_user_ids=[alice.id])
    index(2, "Kế hoạch khác")

    search_index_remove(kind="document", object_id=1)
    search_index_remove(kind="document", object_id=99)  # never indexed: nothing to do

    assert search("ke hoach", user_id=alice.id).ids == [2]
    assert not SearchReader.objects.exists()


def test_kinds_do_not_mix(index, search) -> None:
    index(1, "Kế hoạch kiểm tra")
    index(1, "Kế hoạch kiểm tra", kind="assignment")

    assert search("kiem tra").ids == [1]
    assert search("kiem tra", kind="assignment").ids == [1]
    assert SearchEntry.objects.count() == 2


def test_pages_and_totals(index, search, django_assert_max_num_queries) -> None:
    for n in range(1, 26):
        index(n, f"Báo cáo số {n}", date=dt.date(2025, 1, 1) + dt.timedelta(days=n))

    # A fixed number of statements whatever the data: on PostgreSQL an estimate, then one
    # bounded step (with its savepoint and SET LOCAL), and at most the last fallback.
    with django_assert_max_num_queries(8):
        first = search("bao cao", limit=20)
    with django_assert_max_num_queries(8):
        last = search("bao cao", limit=20, offset=20)
    with django_assert_max_num_queries(2):
        listing = search("", limit=20)
    beyond = search("bao cao", limit=20, offset=40)

    assert first.ids == list(range(25, 5, -1))
    assert (first.total, first.total_is_estimate) == (25, False)
    assert (last.ids, last.total) == ([5, 4, 3, 2, 1], 25)
    assert (beyond.ids, beyond.total) == ([], 25)
    assert (listing.ids, listing.total) == (first.ids, 25)
    assert search("khong co").total == 0


def test_past_the_exact_limit_a_listing_total_is_at_least_the_exact_limit(
    index, search, monkeypatch
) -> None:
    for n in range(1, 8):
        index(n, f"Báo cáo số {n}", date=dt.date(2025, 1, n))
    monkeypatch.setattr(selectors, "EXACT_TOTAL_LIMIT", 3)

    page = search("", limit=2)

    assert page.ids == [7, 6]
    assert page.total >= 4
    # PostgreSQL answers with its estimate; an embedded SQLite counts them all
    assert page.total_is_estimate == (selectors.connection.vendor == "postgresql")
    if not page.total_is_estimate:
        assert page.total == 7


@pytest.mark.parametrize(
    ("recent_rows", "bitmap_rows", "bitmap_first_rows", "common_rows", "sort_scope_rows"),
    [
        (2000, 2000, 0, 10**6, 10**6),
        (2000, 2000, 0, 10**6, 0),
        (2000, 2000, 0, 10**6, -1),
        (4, 2000, 10**6, 10**6, 10**6),
        (4, 3, 10**6, 10**6, 10**6),
        (4, 2000, 0, 10**6, 0),
        (4, 2000, 0, 0, 10**6),
    ],
    ids=[
        "all-recent",
        "walk",
        "short-walk",
        "bitmap-first",
        "planner",
        "recent-then-bitmap",
        "no-bitmap",
    ],
)
def test_every_search_step_gives_the_same_page(
    index,
    search,
    monkeypatch,
    recent_rows,
    bitmap_rows,
    bitmap_first_rows,
    common_rows,
    sort_scope_rows,
) -> None:
    """On PostgreSQL the steps of the search (newest rows, capped bitmap, planner) take
    over from each other at these sizes; SQLite ignores them. The pages never change."""
    for n in range(1, 41):
        title = "Báo cáo công tác tháng" + (" phòng chống dịch" if n <= 6 else "")
        index(n, title, date=dt.date(2020, 1, 1) + dt.timedelta(days=30 * n))
    monkeypatch.setattr(selectors, "RECENT_ROWS", recent_rows)
    monkeypatch.setattr(selectors, "BITMAP_ROWS", bitmap_rows)
    monkeypatch.setattr(selectors, "BITMAP_FIRST_ROWS", bitmap_first_rows)
    monkeypatch.setattr(selectors, "COMMON_ROWS", common_rows)
    monkeypatch.setattr(selectors, "SORT_SCOPE_ROWS", max(sort_scope_rows, 0))
    if sort_scope_rows < 0:  # a walk allowed to read only a handful of index entries
        monkeypatch.setattr(selectors, "WALK_ROWS", 6)

    common = search("cong tac", limit=5)
    second = search("cong tac", limit=5, offset=5)
    old = search("phong chong dich", limit=5)
    old_next = search("phong chong dich", limit=5, offset=5)
    nothing = search("khong co", limit=5)

    assert common.ids == [40, 39, 38, 37, 36]
    assert second.ids == [35, 34, 33, 32, 31]
    assert common.total == 40 or (common.total_is_estimate and common.total >= 5)
    assert (old.ids, old.total, old.total_is_estimate) == ([6, 5, 4, 3, 2], 6, False)
    assert (old_next.ids, old_next.total) == ([1], 6)
    assert (nothing.ids, nothing.total) == ([], 0)


def test_bad_arguments_are_refused(search) -> None:
    with pytest.raises(ValueError, match="limit"):
        search("x", limit=0)
    with pytest.raises(ValueError, match="scope_path"):
        search("x", scope_path="")
    with pytest.raises(ValueError, match="materialized path"):
        search_index_upsert(
            kind="document",
            object_id=1,
            organization_path="",
            title="x",
            body="",
            year=2025,
            type_code="",
            status="",
            secrecy=0,
            reader_user_ids=None,
            date=dt.date(2025, 1, 1),
        )
