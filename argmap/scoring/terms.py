"""One-sentence explanations of the weighing terms, for tooltips and help text."""

from __future__ import annotations

__all__ = ["TERMS"]

TERMS: dict[str, str] = {
    "expected-impact": "How good or bad taking the option is expected to be: each consequence's impact times "
                       "its argued likelihood, added up its tree and averaged over the perspectives by weight.",
    "argued-support": "How well the case for the option itself stands (0 to 1) once the pros and cons hung "
                      "under it are weighed by the semantics; 0.5 when no one has argued about it.",
    "impact-scaled": "Expected impact scaled by argued support: a gain counts up to twice as much when the "
                     "option is well argued and nothing when it is refuted; a loss the other way round.",
    "standing": "The number the options are ranked by under the map's ranking setting.",
    "ranking-impact": "Rank options by expected impact alone; their pros and cons are shown beside it.",
    "ranking-support": "Rank options by argued support alone, as a pro/con map with no weighed consequences is.",
    "ranking-impact-scaled": "Rank options by expected impact scaled by argued support.",
    "grounded": "The sceptical Dung reading of the map's attacks: accepted claims are defended against every "
                "attack, rejected ones are attacked by an accepted claim, the rest are undecided.",
    "semantics-euler-based": "Euler-based: pros minus cons move a claim along a smooth curve that never quite "
                             "reaches 1, and a claim with no strength of its own stays at 0.",
    "semantics-quad": "QuAD: cons scale a claim down and pros scale it up, and a claim with both takes the "
                      "average of the two.",
    "semantics-h-categorizer": "h-categorizer: only attacks count, each claim divided by one plus the strength "
                               "of what attacks it; pros and supports are left out.",
    "p-best": "In the simulation, the share of samples in which this option came out best.",
    "driver": "An uncertain input whose sampled value goes most with the leader changing.",
    "samples": "How many times the simulation draws every uncertain input and scores the map.",
    "seed": "The starting point of the random draws: the same seed gives the same samples again.",
    "spread": "Also treat every chance and argument strength without a distribution of its own as uncertain, "
              "drawn up to this far either side of its value (0: only inputs with a distribution vary).",
    "sim-mean": "In the simulation, the option's standing averaged over all samples.",
    "sim-range": "In the simulation, the 5th and 95th percentiles of the option's standing: nine samples in ten "
                 "fall between them.",
    "correlation": "How closely an input's sampled value goes with the leader changing, from -1 to +1.",
}
