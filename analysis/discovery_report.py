"""Scenario discovery written out: the boxes as a table, a figure and a report section."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from analysis.discovery import Discovery
from analysis.figure_text import wrap
from analysis.labels import percent
from analysis.report import Block, Bullets, FigureBlock, Heading, Paragraph
from analysis.summary import SMALL_SAMPLE

SECTION_TITLE = "Under which conditions does Assad survive?"
BOX_COLOURS = ("#0072B2", "#D55E00", "#009E73")


def limit_text(row: pd.Series) -> str:
    """``iran.commitment_to_assad ≥ 0.72`` or ``0.2 ≤ x ≤ 0.4``."""
    low_cut, high_cut = row["low"] > row["full_low"], row["high"] < row["full_high"]
    name = f"`{row['parameter']}`"
    if low_cut and high_cut:
        return f"{row['low']:.3g} ≤ {name} ≤ {row['high']:.3g}"
    return f"{name} ≥ {row['low']:.3g}" if low_cut else f"{name} ≤ {row['high']:.3g}"


def boxes_table(found: Discovery) -> pd.DataFrame:
    """One row per box: coverage, density, mass, runs and the limits in words."""
    rows = [
        {
            "box": index,
            "coverage": box.coverage,
            "density": box.density,
            "mass": box.mass,
            "runs_in_box": box.n_runs,
            "cases_in_box": box.n_cases,
            "limits": "; ".join(limit_text(r) for _, r in box.limits.iterrows()) or "(none)",
        }
        for index, box in enumerate(found.boxes, start=1)
    ]
    columns = ["box", "coverage", "density", "mass", "runs_in_box", "cases_in_box", "limits"]
    return pd.DataFrame(rows, columns=columns)


def sentences(found: Discovery) -> list[str]:
    """One sentence per box, in the reader's words."""
    where = f" in `{found.scenario}`" if found.scenario else ""
    lines = []
    for index, box in enumerate(found.boxes, start=1):
        limits = " and ".join(limit_text(r) for _, r in box.limits.iterrows()) or "anywhere"
        lines.append(
            f"Box {index}: when {limits}, {found.case} in "
            f"{percent(box.density)} of the {box.n_runs} runs in the box (density), against "
            f"{percent(found.base_density)} of all {found.n_runs} runs{where}; the box holds "
            f"{percent(box.coverage)} of all {found.n_cases} cases (coverage)."
        )
    return lines


def plot_discovery(found: Discovery) -> Figure:
    """Left: each box's limits within each parameter's full range. Right: the first box's
    peeling trajectory (coverage against density)."""
    figure = Figure(figsize=(11, 1.8 + 0.45 * max(3, len(found.parameters))), layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=[3, 2])
    names = found.parameters
    for index, box in enumerate(found.boxes):
        limits = box.limits.set_index("parameter")
        for position, name in enumerate(names):
            if name not in limits.index:
                continue
            row = limits.loc[name]
            span = row["full_high"] - row["full_low"] or 1.0
            low, high = (
                (row["low"] - row["full_low"]) / span,
                (row["high"] - row["full_low"]) / span,
            )
            y = position + (index - (len(found.boxes) - 1) / 2) * 0.25
            left.plot([low, high], [y, y], color=BOX_COLOURS[index % 3], linewidth=5)
            left.annotate(f"{row['low']:.2g}–{row['high']:.2g}", xy=(high, y), xytext=(4, 0),
                          textcoords="offset points", va="center", fontsize="x-small")  # fmt: skip
    left.set_yticks(range(len(names)), names, fontsize="small")
    left.set_ylim(len(names) - 0.5, -0.5)
    left.set_xlim(0, 1.25)
    left.set_xlabel("Position within the parameter's drawn range (0 = lowest, 1 = highest)")
    left.set_title(
        wrap("Boxes: parameter limits (unrestricted parameters left blank)", 6), fontsize="medium"
    )
    for index, box in enumerate(found.boxes):
        left.plot([], [], color=BOX_COLOURS[index % 3], linewidth=5,
                  label=f"box {index + 1}: coverage {percent(box.coverage)}, "
                  f"density {percent(box.density)}")  # fmt: skip
    if found.boxes:
        left.legend(loc="lower right", fontsize="x-small")
    if found.trajectory is not None:
        trajectory = found.trajectory
        right.plot(trajectory["coverage"], trajectory["density"], "o-", color="#7F7F7F", ms=3)
        first = found.boxes[0]
        right.plot(first.coverage, first.density, "o", color=BOX_COLOURS[0], ms=9)
        right.annotate("box 1", xy=(first.coverage, first.density), xytext=(-10, 8),
                       textcoords="offset points", ha="right")  # fmt: skip
    right.set_xlabel("Coverage (share of all cases in the box)")
    right.set_ylabel("Density (share of the box's runs that are cases)")
    right.set_title(wrap("Peeling trajectory of box 1", 4), fontsize="medium")
    right.grid(alpha=0.3)
    where = f" in {found.scenario}" if found.scenario else ""
    figure.suptitle(
        wrap(
            f"Scenario discovery (PRIM): when does it happen that {found.case}{where}? "
            f"{found.n_cases} cases in {found.n_runs} runs"
            + (" (few cases: read the boxes as hints)" if found.n_cases < SMALL_SAMPLE else ""),
            figure.get_figwidth(),
        )
    )
    return figure


def write_discovery(found: Discovery, out: Path, stem: str) -> tuple[list[Path], list[Block]]:
    """Write the figure (PNG, SVG), the boxes (CSV) and the section (Markdown); return the files
    and the section's blocks for the comparison report."""
    out.mkdir(parents=True, exist_ok=True)
    figure = plot_discovery(found)
    paths = [out / f"{stem}.png", out / f"{stem}.svg", out / f"{stem}.csv"]
    figure.savefig(paths[0], dpi=150)
    figure.set_layout_engine("none")
    figure.savefig(paths[1])
    boxes_table(found).to_csv(paths[2], index=False)
    blocks = section_blocks(found, FigureBlock(SECTION_TITLE, paths[0], paths[1], CAPTION))
    return paths, blocks


CAPTION = (
    "PRIM (patient rule induction, Friedman & Fisher 1999; EMA Workbench) peels the space of the "
    "drawn parameters to boxes where cases are dense. Coverage: share of all cases inside the box; "
    "density: share of the box's runs that are cases."
)


def section_blocks(found: Discovery, figure: FigureBlock | None) -> list[Block]:
    """The report section on one discovery."""
    blocks: list[Block] = [
        Heading(SECTION_TITLE),
        Paragraph(
            f"Case: {found.case}; {found.n_cases} of {found.n_runs} runs "
            f"({percent(found.base_density)}). Parameters searched: "
            + ", ".join(f"`{p}`" for p in found.parameters)
            + "."
        ),
    ]
    if found.n_cases < SMALL_SAMPLE:
        blocks.append(
            Paragraph(
                f"Only {found.n_cases} cases: the boxes are hints to test with more runs, not "
                "findings."
            )
        )
    if found.boxes:
        blocks.append(Bullets(sentences(found)))
    else:
        blocks.append(Paragraph("PRIM found no box denser in cases than the runs at large."))
    if figure is not None:
        blocks.append(figure)
    return blocks
