"""Print how far apart the kinds' colours are for colour-blind readers: the closest pairs, before and after.

    .venv/bin/python scripts/colourblind_table.py [--count N]

For the earlier palette and the current one (light cards, and dark cards as the dark theme
draws them) it prints the N closest pairs of kinds under each vision (normal, protanopia,
deuteranopia; Machado et al. 2009 at full severity), for the band and for the fill, as
CIEDE2000 differences, and the lowest WCAG contrast of card text on a card fill.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argmap.render import style as S  # noqa: E402
from argmap.render.colourblind import VISIONS, contrast_ratio, worst_pairs  # noqa: E402

#: The kind colours argmap had before they were checked for colour-blind readers: kind -> (band, fill).
EARLIER = {
    "question": ("#34495e", "#e9eef4"),
    "option": ("#5e35b1", "#efeaf8"),
    "consequence": ("#b26500", "#fdf2e2"),
    "scenario": ("#00796b", "#e2f3f1"),
    "pro": ("#2e7d32", "#e9f5ea"),
    "con": ("#c62828", "#fcebea"),
    "evidence": ("#546e7a", "#edf1f3"),
    "note": ("#8d7b00", "#fffbe3"),
}


def palettes() -> dict[str, tuple[dict[str, tuple[str, str]], str]]:
    """name -> (kind -> (band, fill) as drawn, card text colour)."""
    dark = {k: (band, S.DARK.card_fill(k, band, fill)) for k, (band, fill) in S.KIND_COLORS.items()}
    return {"earlier": (EARLIER, S.INK), "now, light": (dict(S.KIND_COLORS), S.LIGHT.ink), "now, dark": (dark, S.DARK.ink)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3, help="closest pairs per vision and part (default 3)")
    args = parser.parse_args(argv)
    print("| palette | part | vision | closest pairs (CIEDE2000) |")
    print("|---|---|---|---|")
    for name, (colors, _) in palettes().items():
        for part in ("band", "fill"):
            for vision in VISIONS:
                pairs = worst_pairs(colors, args.count, part, vision)
                cells = ", ".join(f"{d.first}/{d.second} {d.delta_e:.1f}" for d in pairs)
                print(f"| {name} | {part} | {vision} | {cells} |")
    print()
    print("| palette | lowest band ΔE00, any vision | lowest fill ΔE00, any vision | lowest text contrast on a fill |")
    print("|---|---|---|---|")
    for name, (colors, ink) in palettes().items():
        band = worst_pairs(colors, 1, "band")[0]
        fill = worst_pairs(colors, 1, "fill")[0]
        contrast = min(contrast_ratio(ink, f) for _, f in colors.values())
        print(f"| {name} | {band.delta_e:.1f} ({band.first}/{band.second}, {band.vision}) | "
              f"{fill.delta_e:.1f} ({fill.first}/{fill.second}, {fill.vision}) | {contrast:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
