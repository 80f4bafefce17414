"""The assignment planner: a pure function from entries, judge pools, loads and a conflict rule to the pairs to create.

No database here, so property-based tests can run it over thousands of random cases. services.assign_judges loads
the data, calls `plan_assignments` and writes the result.

How it picks: every entry needs `k` judges from the pool of its group (the judges of the panels that handle it),
minus the judges already on it and the judges with a conflict. Entries are served most-constrained first (fewest
spare eligible judges), and each takes the least-loaded eligible judges. Ties are broken by a stable hash of the
(entry, judge) pair, then the judge id: deterministic, yet it mixes who sits with whom, which per-judge normalization
needs. A judge's load is their number of assignments in the stage, across panels.

Without conflicts, taking the k least-loaded of a pool keeps the loads within one of each other (spread ≤ 1). An
entry gets k judges exactly when it has k eligible ones (judges have no capacity limit); otherwise it takes those
it can and is reported with the reasons, never filled with a conflicting judge.
"""

import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EntryNeed:
    entry_id: int
    group: str
    assigned: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Shortfall:
    """An entry left with fewer than k judges: how many it has, and which judges were excluded and why."""

    entry_id: int
    group: str
    have: int
    wanted: int
    pool_size: int
    excluded: tuple[tuple[int, str], ...] = ()

    @property
    def missing(self) -> int:
        return self.wanted - self.have


@dataclass
class Plan:
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (entry id, judge id) to create
    shortfalls: list[Shortfall] = field(default_factory=list)
    loads: dict[int, int] = field(default_factory=dict)  # judge id → assignments in the stage after the plan


def tie_break(entry_id: int, judge_id: int) -> int:
    return zlib.crc32(f"{entry_id}:{judge_id}".encode())


def plan_assignments(
    entries: Iterable[EntryNeed],
    *,
    pools: Mapping[str, Iterable[int]],
    loads: Mapping[int, int],
    k: int,
    conflict: Callable[[int, int], str | None],
) -> Plan:
    """Pick judges so that every entry has `k`. `pools` maps a group to its judge ids, `loads` gives the current
    assignments per judge in the stage, and `conflict(entry_id, judge_id)` returns a reason or None."""
    pools = {group: sorted(set(judges)) for group, judges in pools.items()}
    plan = Plan(loads={judge: 0 for judges in pools.values() for judge in judges})
    plan.loads.update(loads)
    work = []
    for entry in entries:
        pool = pools.get(entry.group, [])
        excluded, eligible = [], []
        for judge in pool:
            if judge in entry.assigned:
                continue
            reason = conflict(entry.entry_id, judge)
            if reason is None:
                eligible.append(judge)
            else:
                excluded.append((judge, reason))
        need = k - len(entry.assigned)
        if need > 0:
            work.append((len(eligible) - need, entry.entry_id, entry, need, eligible, excluded, len(pool)))
    work.sort(key=lambda item: (item[0], item[1]))
    for _slack, entry_id, entry, need, eligible, excluded, pool_size in work:
        chosen = sorted(eligible, key=lambda judge: (plan.loads[judge], tie_break(entry_id, judge), judge))[:need]
        for judge in chosen:
            plan.loads[judge] += 1
            plan.pairs.append((entry_id, judge))
        if len(chosen) < need:
            plan.shortfalls.append(
                Shortfall(
                    entry_id=entry_id,
                    group=entry.group,
                    have=len(entry.assigned) + len(chosen),
                    wanted=k,
                    pool_size=pool_size,
                    excluded=tuple(excluded),
                )
            )
    plan.shortfalls.sort(key=lambda shortfall: shortfall.entry_id)
    return plan
