"""Background jobs of contests (thin: load by id, call a service)."""

from __future__ import annotations

from django_tasks import task

from partydesk.contests.models import Round
from partydesk.contests.services.standings import rounds_due, standings_write


@task()
def round_rank(round_id: int, final: bool = False) -> int:
    """Refresh one round's leaderboard (for good when `final`); how many lines."""
    round_ = Round.objects.select_related("contest").get(pk=round_id)
    if round_.ranked_at is not None:
        return 0
    return standings_write(round_, final=final)


@task()
def rounds_rank_due() -> int:
    """Queue a refresh of every open round and the final ranking of every closed one."""
    open_, closed = rounds_due()
    for pk in open_:
        round_rank.enqueue(pk)
    for pk in closed:
        round_rank.enqueue(pk, final=True)
    return len(open_) + len(closed)
