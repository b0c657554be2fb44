"""Which wins deserve a bigger celebration, so the channel does not go numb."""

from __future__ import annotations

from dataclasses import dataclass

TEAM_MILESTONES = (10, 25, 50, 75, 100, 150, 200, 250, 500, 750, 1000)


def is_team_milestone(count: int) -> bool:
    """10, 25, 50, 75, 100, ... and every 500th after 1000."""
    return count in TEAM_MILESTONES or (count > 1000 and count % 500 == 0)


@dataclass(frozen=True)
class Milestone:
    kind: str  # "team" | "biggest" | "first" | "none"
    team_count: int = 0

    @property
    def big(self) -> bool:
        return self.kind != "none"


def milestone_for(
    *, rep_count_year: int, team_count_year: int, biggest_deal_so_far: bool
) -> Milestone:
    """The one milestone a win is celebrated for, the rarest first."""
    if is_team_milestone(team_count_year):
        return Milestone("team", team_count_year)
    if biggest_deal_so_far:
        return Milestone("biggest", team_count_year)
    if rep_count_year == 1:
        return Milestone("first", team_count_year)
    return Milestone("none", team_count_year)
