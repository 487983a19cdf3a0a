"""The search bench's data: 1,000,000 Party documents, generated with COPY and reused.

Documents are written from the vocabulary of Party paperwork with Zipf-like frequencies
(so "thực hiện", "công tác", "đảng ủy" are in more than 30% of them), plus what makes real
documents distinct: people's names, places, document numbers, six-digit codes, and words
that belong to a period (Covid-19 in 2020-2022, the 2025 reorganization). They are spread
over ~50,000 organization paths and the years 2015-2026 (more in later years); ~3% are
confidential with named readers. Rows are stored in the order of their dates (give or take
ten days), as a register fills up. The set is generated once per scale (seeded) and reused.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import multiprocessing
import multiprocessing.pool
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from bench.database import copy_lines, indexes_dropped, meta_get, meta_set
from bench.harness import Context
from bench.names import (
    FAMILY,
    GIVEN_FEMALE,
    GIVEN_MALE,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
    PLACE_SYLLABLES,
    PROVINCES,
)
from partydesk.search.models import SearchEntry, SearchReader
from partydesk.search.terms import tokens, tsvector_literal

GENERATOR_VERSION = 2
SEED = 20_251_125
DOCUMENTS = 1_000_000
DOCUMENTS_QUICK = 100_000
KIND = "document"
TODAY = dt.date(2026, 11, 20)
USERS = 40_000
BENCH_USER = 7  # named on a few hundred confidential documents, cleared up to "Tối mật"
BENCH_CLEARANCE = 2

# --- vocabulary ------------------------------------------------------------------------------
# (code, name, weight): how often each type is issued or received.
TYPES = [
    ("CV", "Công văn", 30), ("BC", "Báo cáo", 20), ("KH", "Kế hoạch", 12),
    ("QĐ", "Quyết định", 10), ("TB", "Thông báo", 10), ("NQ", "Nghị quyết", 6),
    ("TTr", "Tờ trình", 3), ("HD", "Hướng dẫn", 3), ("CTr", "Chương trình", 2),
    ("BB", "Biên bản", 1.5), ("KL", "Kết luận", 1.5), ("CT", "Chỉ thị", 1),
    ("QC", "Quy chế", 0.5), ("QĐi", "Quy định", 0.5),
]  # fmt: skip
STATUSES = [("issued", 80), ("registered", 12), ("processing", 4), ("draft", 3), ("revoked", 1)]
ISSUERS = ["ĐU", "ĐUK", "HU", "TU", "CB", "UBKT", "BTC", "VPTU", "BTG", "BDV"]
# Subjects of titles, most common first (weights fall off as 1/rank).
TOPICS = """công tác kiểm tra, giám sát|công tác xây dựng Đảng và hệ thống chính trị
|học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh|công tác cán bộ
|kết nạp đảng viên|thu, nộp và quản lý đảng phí|sinh hoạt chi bộ định kỳ
|đánh giá, xếp loại chất lượng tổ chức cơ sở đảng và đảng viên
|phòng, chống tham nhũng, lãng phí, tiêu cực|công tác dân vận|công tác tuyên giáo
|tổ chức đại hội chi bộ|quy hoạch cán bộ lãnh đạo, quản lý|bồi dưỡng lý luận chính trị
|khen thưởng tổ chức đảng và đảng viên|thi hành kỷ luật đảng viên vi phạm
|bảo vệ nền tảng tư tưởng của Đảng|phát triển kinh tế - xã hội|quốc phòng, an ninh
|công tác thi đua, khen thưởng|trao tặng Huy hiệu Đảng|chuyển sinh hoạt đảng
|công tác tài chính đảng|công tác văn thư, lưu trữ|xây dựng nông thôn mới|cải cách hành chính
|chuyển đổi số trong cơ quan Đảng|kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam
|công tác bảo vệ chính trị nội bộ|công tác thanh niên|công tác nữ công|cựu chiến binh
|bảo vệ bí mật nhà nước|công tác đối ngoại|xây dựng tổ chức cơ sở đảng trong doanh nghiệp
|đào tạo, bồi dưỡng cán bộ|luân chuyển cán bộ|bầu cử đại biểu Hội đồng nhân dân"""
ACTIONS = [
    "thực hiện", "triển khai", "tổ chức", "tăng cường", "đẩy mạnh", "nâng cao chất lượng",
    "tổng kết", "sơ kết", "lãnh đạo", "chỉ đạo", "quán triệt", "kiện toàn",
]  # fmt: skip
PERIODS = ["6 tháng đầu năm", "quý I", "quý II", "quý III", "quý IV", "năm", "tháng"]
# Sentences of bodies, most common first (weights fall off as 1/rank^0.8).
SENTENCES = """Thực hiện Nghị quyết của Ban Chấp hành Đảng bộ và Chương trình công tác năm
|Ban Thường vụ Đảng ủy đề nghị các chi bộ trực thuộc quán triệt và triển khai thực hiện
|công tác kiểm tra, giám sát và thi hành kỷ luật đảng được thực hiện nghiêm túc
|nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng và chất lượng đảng viên
|đội ngũ cán bộ, đảng viên gương mẫu, tiên phong trong thực hiện nhiệm vụ chính trị
|các đồng chí cấp ủy viên phụ trách chi bộ theo dõi, đôn đốc việc thực hiện
|báo cáo kết quả về Văn phòng Đảng ủy trước ngày quy định để tổng hợp
|công tác tuyên truyền được đẩy mạnh bằng nhiều hình thức phù hợp
|tình hình tư tưởng của cán bộ, đảng viên và quần chúng ổn định
|tổ chức học tập, quán triệt các chỉ thị, nghị quyết của Đảng
|đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh
|xây dựng, chỉnh đốn Đảng và hệ thống chính trị trong sạch, vững mạnh
|thực hiện tốt nguyên tắc tập trung dân chủ, tự phê bình và phê bình
|sinh hoạt chi bộ đúng định kỳ, nội dung thiết thực
|phát triển đảng viên mới đạt và vượt chỉ tiêu đề ra
|công tác thu, nộp đảng phí đúng quy định
|kinh phí thực hiện từ nguồn ngân sách được giao
|Đảng ủy yêu cầu các tổ chức đảng nghiêm túc thực hiện
|trong quá trình thực hiện nếu có vướng mắc phản ánh về Ban Tổ chức để hướng dẫn
|Ủy ban Kiểm tra Đảng ủy tham mưu giúp Ban Thường vụ
|kết quả đánh giá, xếp loại chất lượng tổ chức cơ sở đảng và đảng viên hằng năm
|công tác dân vận được quan tâm, mối quan hệ mật thiết với nhân dân được củng cố
|phát huy vai trò của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội
|Công đoàn, Đoàn Thanh niên, Hội Cựu chiến binh, Hội Phụ nữ phối hợp thực hiện
|đấu tranh phản bác các quan điểm sai trái, thù địch
|phòng, chống suy thoái về tư tưởng chính trị, đạo đức, lối sống
|những biểu hiện tự diễn biến, tự chuyển hóa trong nội bộ
|thực hiện chuyển đổi số, ứng dụng công nghệ thông tin trong hoạt động của cấp ủy
|cải cách hành chính trong Đảng, giảm văn bản, giấy tờ hành chính
|quy hoạch, đào tạo, bồi dưỡng, luân chuyển, bố trí cán bộ
|khen thưởng kịp thời các tập thể, cá nhân có thành tích xuất sắc
|xử lý nghiêm tổ chức đảng, đảng viên vi phạm
|bảo đảm quốc phòng, an ninh, trật tự an toàn xã hội
|phát triển kinh tế - xã hội, nâng cao đời sống vật chất và tinh thần của nhân dân
|xây dựng nông thôn mới, đô thị văn minh
|bảo vệ môi trường, ứng phó với biến đổi khí hậu
|công tác văn thư, lưu trữ và bảo vệ bí mật nhà nước
|trao tặng Huy hiệu Đảng cho các đồng chí đảng viên đủ tuổi Đảng
|chuẩn bị văn kiện và nhân sự đại hội nhiệm kỳ mới
|tiếp tục thực hiện Kết luận của Bộ Chính trị
|các đơn vị chủ động xây dựng kế hoạch cụ thể và tổ chức thực hiện
|nơi nhận như trên, lưu Văn phòng"""
# Words of a period only: they appear in documents of those years and no others.
PERIOD_WORDS = [
    ((2020, 2022), "phòng, chống dịch Covid-19 và thực hiện mục tiêu kép"),
    ((2020, 2021), "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"),
    ((2025, 2026), "sắp xếp, tinh gọn tổ chức bộ máy của hệ thống chính trị"),
    ((2025, 2026), "chính quyền địa phương hai cấp sau sáp nhập"),
]
FUNCTION_WORDS = "của và các về trong theo được để với những có là cho đã tại trên việc này đến từ"


def _split(text: str) -> list[tuple[str, ...]]:
    return [tuple(tokens(part)) for part in text.replace("\n", "").split("|")]


@dataclass(frozen=True)
class Vocabulary:
    """Every phrase already folded into tokens, so generating a document is list work only."""

    types: list[tuple[str, tuple[str, ...]]]
    type_cum: list[float]
    topics: list[tuple[str, ...]]
    topic_cum: list[float]
    actions: list[tuple[str, ...]]
    periods: list[tuple[str, ...]]
    sentences: list[tuple[str, ...]]
    sentence_cum: list[float]
    function_words: list[str]
    period_words: list[tuple[int, int, tuple[str, ...]]]
    family: list[str]
    family_cum: list[float]
    middle: list[str]
    given: list[str]
    places: list[str]
    issuers: list[str]


def vocabulary() -> Vocabulary:
    topics, sentences = _split(TOPICS), _split(SENTENCES)
    names = {**MIDDLE_MALE, **MIDDLE_FEMALE}
    given = {**GIVEN_MALE, **GIVEN_FEMALE}
    return Vocabulary(
        types=[(code, tuple(tokens(name))) for code, name, _w in TYPES],
        type_cum=list(itertools.accumulate(w for *_x, w in TYPES)),
        topics=topics,
        topic_cum=list(itertools.accumulate(1 / r for r in range(1, len(topics) + 1))),
        actions=[tuple(tokens(a)) for a in ACTIONS],
        periods=[tuple(tokens(p)) for p in PERIODS],
        sentences=sentences,
        sentence_cum=list(itertools.accumulate(r**-1.1 for r in range(1, len(sentences) + 1))),
        function_words=tokens(FUNCTION_WORDS),
        period_words=[(a, b, tuple(tokens(text))) for (a, b), text in PERIOD_WORDS],
        family=[tokens(n)[0] for n in FAMILY],
        family_cum=list(itertools.accumulate(FAMILY.values())),
        middle=[tokens(n)[0] for n in names],
        given=[tokens(n)[0] for n in given],
        places=[tokens(s)[0] for s in PLACE_SYLLABLES],
        issuers=[tokens(i)[0] for i in ISSUERS],
    )


# --- organizations and documents -------------------------------------------------------------


@dataclass
class Tree:
    """Organization paths with how many documents each issues, and the scopes queries use."""

    paths: list[str]
    cumulative: list[float]
    country: str
    province: str
    district: str


def build_tree(rng: random.Random, *, quick: bool) -> Tree:
    """~50,000 paths (5,000 quick): 63 provinces, their departments, districts and blocs,
    grassroots committees, and the cells of some of them."""
    counter = itertools.count(1)
    paths: list[str] = []
    weights: list[float] = []

    def add(parent: str, weight: float) -> str:
        path = f"{parent}{next(counter):06d}."
        paths.append(path)
        weights.append(weight)
        return path

    grassroots = 5 if quick else 45
    country = add("", 3000)
    province = district = ""
    for _province in PROVINCES:
        province_path = add(country, 1500)
        province = province or province_path
        for _dept in range(5):
            add(province_path, 400)
        for unit in range(13):
            upper = add(province_path, 300)
            if unit >= 2:  # districts have departments; the two blocs do not
                for _dept in range(3):
                    add(upper, 80)
            district = district or (upper if unit >= 2 else "")
            for _g in range(grassroots + (5 if unit < 2 else 0)):
                committee = add(upper, 12)
                if rng.random() < 0.1:
                    for _cell in range(3):
                        add(committee, 4)
    return Tree(paths, list(itertools.accumulate(weights)), country, province, district)


YEAR_WEIGHTS = {year: 1 + (year - 2015) * 0.25 for year in range(2015, 2027)}


def _name(v: Vocabulary, rng: random.Random) -> list[str]:
    family = rng.choices(v.family, cum_weights=v.family_cum)[0]
    return [family, rng.choice(v.middle), rng.choice(v.given)]


def document(v: Vocabulary, rng: random.Random, year: int) -> tuple[str, list[str]]:
    """(type code, tokens of title then body) of one generated document."""
    choice = rng.choices(range(len(v.types)), cum_weights=v.type_cum)[0]
    code, type_name = v.types[choice]
    topic = rng.choices(v.topics, cum_weights=v.topic_cum)[0]
    words = list(type_name)
    shape = rng.random()
    if shape < 0.4:
        words += ["ve", *topic]
    elif shape < 0.7:
        words += [*rng.choice(v.actions), *topic, *rng.choice(v.periods), str(year)]
    else:
        words += ["ve", "viec", *rng.choice(v.actions), *topic]
    # Body: a log-normal number of sentences (median ~10, long tail), names, numbers, places.
    count = max(2, min(120, int(rng.lognormvariate(2.0, 0.6))))
    for sentence in rng.choices(v.sentences, cum_weights=v.sentence_cum, k=count):
        words += sentence
        words += rng.sample(v.function_words, 2)
    words += topic  # the body says again what the title is about
    words += ["so", str(rng.randint(1, 999)), code.lower(), rng.choice(v.issuers)]
    words += ["ngay", str(rng.randint(1, 28)), "thang", str(rng.randint(1, 12)), "nam", str(year)]
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        words += ["dong", "chi", *_name(v, rng)]
    if rng.random() < 0.6:
        words += ["xa", rng.choice(v.places), rng.choice(v.places)]
    if rng.random() < 0.5:  # a code: an amount, an identity number, a file number
        words.append(str(rng.randint(100_000, 999_999)))
    for first, last, phrase in v.period_words:
        if first <= year <= last and rng.random() < 0.35:
            words += phrase
    return code, words


@dataclass
class Generated:
    """What was loaded, for reuse and for the report."""

    fingerprint: str
    documents: int
    readers: int
    confidential: int
    paths: int
    seconds: dict[str, float]
    generated_at: str
    country: str
    province: str
    district: str
    codes: list[str]
    names: list[list[str]]
    reused: bool = False


def fingerprint(documents: int) -> str:
    return f"v{GENERATOR_VERSION}:seed{SEED}:{documents}"


CHUNK = 10_000
_worker: dict[str, Any] = {}


def _setup_worker(quick: bool, n: int) -> None:
    _worker["vocabulary"] = vocabulary()
    _worker["tree"] = build_tree(random.Random(SEED), quick=quick)
    _worker["n"] = n


def _date_at(fraction: float, rng: random.Random) -> dt.date:
    """The date of the document registered at `fraction` of the way through the data set:
    ids follow dates, as in a register, give or take the days a letter spends in the post."""
    years = list(YEAR_WEIGHTS)
    cumulative = list(itertools.accumulate(YEAR_WEIGHTS.values()))
    point = fraction * cumulative[-1]
    index = bisect.bisect_left(cumulative, point)
    year = years[min(index, len(years) - 1)]
    start = dt.date(year, 1, 1)
    last = TODAY if year == TODAY.year else dt.date(year, 12, 31)
    before = cumulative[index - 1] if index else 0.0
    within = (point - before) / YEAR_WEIGHTS[year]
    day = start + dt.timedelta(days=round(within * (last - start).days) - rng.randint(0, 10))
    return max(start, min(last, day))


def _chunk(first_id: int) -> tuple[str, str, int, list[str], list[list[str]]]:
    """Documents first_id .. first_id + CHUNK - 1 as COPY text, from their own seed, so the
    data is the same whatever the number of worker processes."""
    v: Vocabulary = _worker["vocabulary"]
    tree: Tree = _worker["tree"]
    rng = random.Random(SEED * 1_000_003 + first_id)
    n: int = _worker["n"]
    statuses = [s for s, _w in STATUSES]
    status_cum = list(itertools.accumulate(w for _s, w in STATUSES))
    total = tree.cumulative[-1]
    rows: list[str] = []
    readers: list[str] = []
    codes: list[str] = []
    names: list[list[str]] = []
    confidential = 0
    for object_id in range(first_id, first_id + CHUNK):
        date = _date_at((object_id - 1) / n, rng)
        year = date.year
        path = tree.paths[bisect.bisect_left(tree.cumulative, rng.random() * total)]
        code, words = document(v, rng, year)
        if rng.random() < 0.004:
            codes.append(words[-1] if words[-1].isdigit() else "")
            names.append(_name(v, rng))
        status = rng.choices(statuses, cum_weights=status_cum)[0]
        secrecy, restricted = 0, "f"
        if rng.random() < 0.03:
            secrecy, restricted = rng.choices((1, 2, 3), (70, 25, 5))[0], "t"
            named = {rng.randint(1, USERS) for _ in range(rng.randint(1, 6))}
            if rng.random() < 0.02:
                named.add(BENCH_USER)
            readers += [f"{object_id}\t{user}\n" for user in sorted(named)]
            confidential += 1
        rows.append(
            f"{object_id}\t{KIND}\t{object_id}\t{path}\t{year}\t{code}\t{status}\t{secrecy}\t"
            f"{restricted}\t{date.isoformat()}\t{tsvector_literal(words)}\n"
        )
    return "".join(rows), "".join(readers), confidential, [c for c in codes if c], names


def generate(n: int, *, quick: bool, log: Callable[[str], None]) -> Generated:
    """Generate in two worker processes while this one COPYs, then index and analyze."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    if n % CHUNK:
        raise ValueError(f"the number of documents must be a multiple of {CHUNK}")
    _setup_worker(quick, n)
    tree: Tree = _worker["tree"]
    readers: list[str] = []
    codes: list[str] = []
    names: list[list[str]] = []
    confidential = 0

    def documents(pool: multiprocessing.pool.Pool) -> Iterator[str]:
        nonlocal confidential
        for rows, reader_rows, secret, chunk_codes, chunk_names in pool.imap(
            _chunk, range(1, n + 1, CHUNK)
        ):
            readers.append(reader_rows)
            confidential += secret
            codes.extend(chunk_codes)
            names.extend(chunk_names)
            yield rows

    columns = [
        "id", "kind", "object_id", "organization_path", "year", "type_code", "status",
        "secrecy", "restricted", "date", "vector",
    ]  # fmt: skip
    context = multiprocessing.get_context("fork")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute("TRUNCATE search_reader, search_entry RESTART IDENTITY")
        with indexes_dropped(["search_entry", "search_reader"]):
            with context.Pool(2, initializer=_setup_worker, initargs=(quick, n)) as pool:
                copy_lines(SearchEntry, columns, documents(pool), freeze=True)
            seconds["generate and COPY documents"] = time.perf_counter() - started
            mark = time.perf_counter()
            lines = "".join(readers).splitlines(keepends=True)
            numbered = (f"{i}\t{line}" for i, line in enumerate(lines, start=1))
            copy_lines(SearchReader, ["id", "entry_id", "user_id"], _chunks(numbered), freeze=True)
            seconds["COPY readers"] = time.perf_counter() - mark
            mark = time.perf_counter()
        seconds["build indexes"] = time.perf_counter() - mark
        for table in ("search_entry", "search_reader"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )
    mark = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        cursor.execute("VACUUM (ANALYZE) search_entry")
        cursor.execute("VACUUM (ANALYZE) search_reader")
        cursor.execute("SET statement_timeout = '120s'")
    seconds["vacuum and analyze"] = time.perf_counter() - mark
    log(f"  generated {n:,} documents in {time.perf_counter() - started:.0f} s")
    return Generated(
        fingerprint=fingerprint(n),
        documents=n,
        readers=len(lines),
        confidential=confidential,
        paths=len(tree.paths),
        seconds={k: round(s, 1) for k, s in seconds.items()},
        generated_at=dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"),
        country=tree.country,
        province=tree.province,
        district=tree.district,
        codes=codes[:400],
        names=names[:400],
    )


def _chunks(lines: Iterator[str], size: int = 20_000) -> Iterator[str]:
    while batch := list(itertools.islice(lines, size)):
        yield "".join(batch)


def ensure(ctx: Context) -> Generated:
    n = DOCUMENTS_QUICK if ctx.quick else DOCUMENTS
    saved = meta_get("search")
    if (
        saved
        and saved.get("fingerprint") == fingerprint(n)
        and not ctx.regenerate
        and SearchEntry.objects.count() == n
    ):
        return Generated(**{**saved, "reused": True})
    ctx.log(f"  generating {n:,} documents ...")
    data = generate(n, quick=ctx.quick, log=ctx.log)
    meta_set("search", {k: v for k, v in data.__dict__.items() if k != "reused"})
    return data
