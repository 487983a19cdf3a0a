"""People and party memberships of the national data set, as COPY lines (bench/national.py)."""

from __future__ import annotations

import array
import itertools
import math
import random
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bench.harness import Scale
from bench.names import (
    FAMILY,
    GIVEN_FEMALE,
    GIVEN_MALE,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
    PROVINCES,
)
from partydesk.core.text import fold

if TYPE_CHECKING:
    from bench.national import Org

CHUNK = 50_000
STAMP = "2020-01-01 00:00:00+07"


# --- people and memberships -----------------------------------------------------------------


def _name_pool(
    middles: dict[str, float], givens: dict[str, float]
) -> tuple[list[str], list[float]]:
    """Every family x middle x given name as 'Full Name<TAB>folded name', and cumulative
    weights for random.choices."""
    pool: list[str] = []
    weights: list[float] = []
    folded = {part: fold(part) for part in itertools.chain(FAMILY, middles, givens)}
    for family, fw in FAMILY.items():
        for middle, mw in middles.items():
            for given, gw in givens.items():
                pool.append(f"{family} {middle} {given}\t{folded[family]} {folded[middle]} "
                            f"{folded[given]}")  # fmt: skip
                weights.append(fw * mw * gw)
    return pool, list(itertools.accumulate(weights))


def _birth_years(rng: random.Random, n: int) -> list[int]:
    """Members are adults: mostly born 1950-1995, a tail of elders and young members."""
    return [min(2005, max(1935, round(rng.gauss(1972, 13)))) for _ in range(n)]


def person_lines(
    scale: Scale,
    cells: list[Org],
    rng: random.Random,
    suffix: str,
    births: array.array[int],
) -> Iterator[str]:
    male, male_cw = _name_pool(MIDDLE_MALE, GIVEN_MALE)
    female, female_cw = _name_pool(MIDDLE_FEMALE, GIVEN_FEMALE)
    sizes = [rng.lognormvariate(math.log(60), 0.9) for _ in cells]
    cell_cw = list(itertools.accumulate(sizes))
    province_codes = [c.province for c in cells]
    counters = [0] * len(PROVINCES)
    codes = [code for code, _name, _city in PROVINCES]
    days = [f"{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 29)]
    next_id = 1
    while next_id <= scale.people:
        n = min(CHUNK, scale.people - next_id + 1)
        n_male = n // 2 + rng.randint(-n // 50, n // 50)
        names = rng.choices(male, cum_weights=male_cw, k=n_male)
        names += rng.choices(female, cum_weights=female_cw, k=n - n_male)
        homes = rng.choices(range(len(cells)), cum_weights=cell_cw, k=n)
        years = _birth_years(rng, n)
        lines = []
        for offset, (name, home, year) in enumerate(zip(names, homes, years, strict=True)):
            pid = next_id + offset
            female_row = offset >= n_male
            cell = cells[home]
            cell.members += 1
            province = province_codes[home]
            counters[province] += 1
            # Citizen ID: province code, gender/century digit, birth year, then a serial that
            # is unique within the province (a bijective scramble of a per-province counter).
            century = (2 if year >= 2000 else 0) + (1 if female_row else 0)
            serial = (counters[province] * 7919 + 104_729) % 1_000_000
            citizen = f"{codes[province]}{century}{year % 100:02d}{serial:06d}"
            births[pid] = year
            lines.append(
                f"{pid}\t{STAMP}\t{STAMP}\t{name}\t{year}-{days[pid % 336]}"
                f"\t{'female' if female_row else 'male'}\t{citizen}"
                f"\t09{(pid * 48_271) % 100_000_000:08d}\t\t\t{cell.id}{suffix}\n"
            )
        if max(counters) >= 1_000_000:
            raise ValueError("more than a million people in one province: widen the serial")
        next_id += n
        yield "".join(lines)


_STATUSES = ["official"] * 940 + ["candidate"] * 40 + ["transferred_out"] * 10
_STATUSES += ["deceased"] * 6 + ["removed"] * 4


def membership_lines(
    scale: Scale, rng: random.Random, suffix: str, births: array.array[int]
) -> Iterator[str]:
    random_ = rng.random
    next_id = 1
    while next_id <= scale.people:
        n = min(CHUNK, scale.people - next_id + 1)
        lines = []
        for pid in range(next_id, next_id + n):
            born = births[pid]
            status = _STATUSES[int(random_() * 1000)]
            month, day = 1 + int(random_() * 12), 1 + int(random_() * 20)
            if status == "candidate":  # admitted within the last year, still on probation
                year, month = 2026, 1 + int(random_() * 10)
                recognized = "\\N"
            else:
                first = max(born + 18, 1960)
                year = first + int(random_() * (2024 - first + 1))
                recognized = f"{year + 1}-{month:02d}-{day + 5:02d}"
            decided = f"{year}-{month:02d}-{day:02d}"
            ceremony = f"{year}-{month:02d}-{day + 5:02d}"
            ended = "2025-03-01" if status in ("transferred_out", "deceased", "removed") else "\\N"
            dues = (
                "pensioner"
                if born < 1965
                else ("student" if born > 2002 else ("other" if pid % 9 == 0 else "salaried"))
            )
            lines.append(
                f"{pid}\t{STAMP}\t{STAMP}\t{status}\t{decided}\t{ceremony}\t{recognized}"
                f"\t{pid:08d}\t{dues}\t{ended}\t{pid}{suffix}\n"
            )
        next_id += n
        yield "".join(lines)
