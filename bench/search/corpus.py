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
    PROVINCES,
)
from bench.search.vocabulary import STATUSES, Vocabulary, vocabulary
from partydesk.search.models import SearchEntry, SearchReader
from partydesk.search.terms import tsvector_literal

GENERATOR_VERSION = 2
SEED = 20_251_125
DOCUMENTS = 1_000_000
DOCUMENTS_QUICK = 100_000
KIND = "document"
TODAY = dt.date(2026, 11, 20)
USERS = 40_000
BENCH_USER = 7  # named on a few hundred confidential documents, cleared up to "Tối mật"
BENCH_CLEARANCE = 2

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
