"""An option's standing: how its expected impact and its argued support make one ranking.

An option has two parts (WEIGHING.md §1-§2):
- expected impact V: the perspective-weighted expected impact of its consequence tree;
- argued support σ: the final strength of the option itself under the chosen gradual
  semantics, from the pros and cons hung directly under it (its base is 0.5, so an option
  no one has argued about stands at 0.5).

The ranking setting (`Document.ranking`, or `argmap score --ranking`) says which orders them:
- "impact": V alone (pros and cons under an option are shown, never added to V);
- "support": σ alone;
- "impact-scaled": V scaled by σ, `V·2σ` for a gain (V ≥ 0) and `V·2(1 − σ)` for a loss.

Why a product. Decision-theoretic argumentation weighs a choice by combining how strongly the
case for it is argued with how much what it brings is worth, and the combination it uses is
multiplicative: Fox and Parsons (1998, "Arguing about beliefs and actions") rank actions by the
confidence in the arguments for them times the value of their outcomes, as expected utility
multiplies a probability by a utility, and Amgoud and Prade (2009, "Using arguments for making
and explaining decisions", AIJ 173) let an argument's force for a decision grow with both the
strength of its premises and the importance of the goal it serves. In WEIGHING terms σ plays
the part of the credibility of the option's case and V the worth of taking it. The factor is
normalised so that an unargued option (σ = 0.5) keeps exactly its V, and it is made to act on
the sign of V so that more support always ranks an option higher: a well-argued gain grows (to
2V at σ = 1) and a well-argued option's loss shrinks (to 0 at σ = 1); a badly argued gain shrinks
and a badly argued loss grows. The standing is continuous, rises with V and with σ, and stays
on the impact scale's unit (at most twice V's size), so it reads like a score.

When no option has an expected impact (a pure pro/con map with no weighed consequences),
"impact" and "impact-scaled" have nothing to order by, and options are ranked by support.
"""

from __future__ import annotations

from argmap.model.document import RANKINGS

__all__ = ["RANKINGS", "NEUTRAL_SUPPORT", "standing", "effective_ranking", "check_ranking"]

#: The base score of an option: its support when no pro or con hangs under it.
NEUTRAL_SUPPORT = 0.5


def check_ranking(ranking: str) -> None:
    """Raise ArgmapError for a ranking name that is not one of RANKINGS."""
    if ranking not in RANKINGS:
        from argmap.errors import ArgmapError

        raise ArgmapError(f"unknown ranking '{ranking}'", hint="Use one of: " + ", ".join(RANKINGS) + ".")


def effective_ranking(ranking: str, any_impact: bool) -> str:
    """The ranking actually used: support when there is no expected impact to rank by."""
    check_ranking(ranking)
    return ranking if ranking == "support" or any_impact else "support"


def standing(ranking: str, impact: float | None, support: float | None) -> float | None:
    """The number an option is ranked by under an (effective) ranking; None: unranked."""
    sigma = NEUTRAL_SUPPORT if support is None else support
    if ranking == "support":
        return sigma
    if impact is None:
        return None
    if ranking == "impact":
        return impact
    return impact * 2.0 * (sigma if impact >= 0 else 1.0 - sigma)
