"""The comparison report: content as a list of blocks, rendered to Markdown and to one
self-contained HTML page (figures embedded as base64 PNG).

Sentences are generated from the numbers of the tables, never written by hand.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.labels import BINARY_OUTCOMES, DAY_EVENTS, number, percent, points, unit


@dataclass(frozen=True)
class Heading:
    """A section title."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """Plain text; `backticks` mark names."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A list of short items."""

    items: Sequence[str]


@dataclass(frozen=True)
class Table:
    """A small table of already formatted strings."""

    frame: pd.DataFrame


@dataclass(frozen=True)
class FigureBlock:
    """A written figure: its PNG (embedded in HTML) and SVG files, with a caption."""

    title: str
    png: Path
    svg: Path
    caption: str = ""


Block = Heading | Paragraph | Bullets | Table | FigureBlock


@dataclass
class ReportContent:
    """Everything the report is built from."""

    title: str
    blocks: list[Block] = field(default_factory=list)


# --- sentences ---------------------------------------------------------------------------------


BINARY_PHRASES = {o.name: o.phrase for o in BINARY_OUTCOMES}
MIN_PAIRS = 10
"""Fewer pairs than this and a shift is not worth a sentence (the table still shows it)."""


def shift_sentence(row: Mapping[str, Any], baseline: str, binary: set[str]) -> str:
    """One sentence on a paired difference, in the reader's words."""
    scenario, outcome = row["scenario"], row["outcome"]
    n = int(row["n_pairs"])
    interval = f"95 % CI {number(row['ci_low'], True)} to {number(row['ci_high'], True)}"
    if outcome in binary:
        phrase = BINARY_PHRASES.get(outcome, f"`{outcome}` is true")
        return (
            f"In `{scenario}` {phrase} in {percent(row['mean_scenario'])} of runs against "
            f"{percent(row['mean_baseline'])} in `{baseline}` ({points(row['mean_diff'])} points, "
            f"95 % CI {points(row['ci_low'])} to {points(row['ci_high'])}; {n} paired runs)."
        )
    if outcome in DAY_EVENTS or outcome.endswith("_day"):
        event = DAY_EVENTS.get(outcome, f"`{outcome}` comes")
        direction = "later" if row["mean_diff"] > 0 else "earlier"
        return (
            f"In `{scenario}` {event} {number(abs(row['mean_diff']))} days {direction} on average "
            f"than in `{baseline}` ({interval} days; {n} paired runs in which it happens in both)."
        )
    units = f" {unit(outcome)}" if unit(outcome) not in ("", "index") else ""
    return (
        f"In `{scenario}` the mean `{outcome}` is {number(row['mean_scenario'])} against "
        f"{number(row['mean_baseline'])} in `{baseline}` ({number(row['mean_diff'], True)}{units}, "
        f"{interval}; {n} paired runs)."
    )


def largest_shifts(
    rows: pd.DataFrame, binary: set[str], top: int = 2, min_pairs: int = MIN_PAIRS
) -> pd.DataFrame:
    """The clearest shifts of one scenario: its ``top`` yes/no outcomes with the largest change in
    points and ``top`` numeric ones with the largest change in pooled SDs, among those whose
    paired 95 % interval excludes 0 and that rest on at least ``min_pairs`` pairs."""
    clear = rows[((rows["ci_low"] > 0) | (rows["ci_high"] < 0)) & (rows["n_pairs"] >= min_pairs)]
    is_binary = clear["outcome"].isin(binary)
    shares = clear[is_binary].sort_values("mean_diff", key=abs, ascending=False).head(top)
    numbers = clear[~is_binary]
    numbers = numbers.sort_values("standardised_diff", key=abs, ascending=False).head(top)
    return pd.concat([shares, numbers])


def shift_sentences(paired: pd.DataFrame, baseline: str, binary: set[str]) -> list[str]:
    """Per scenario, sentences on its clearest shifts from the baseline (or that there are none)."""
    sentences = []
    for scenario, rows in paired.groupby("scenario", sort=False):
        largest = largest_shifts(rows, binary)
        if largest.empty:
            sentences.append(
                f"In `{scenario}` no outcome differs from `{baseline}` beyond sampling noise "
                "(every paired 95 % interval includes 0)."
            )
        sentences.extend(shift_sentence(row, baseline, binary) for _, row in largest.iterrows())
    return sentences


# --- tables -----------------------------------------------------------------------------------


def scenario_table(
    summary: pd.DataFrame, paired: pd.DataFrame, scenario: str, binary: set[str]
) -> pd.DataFrame:
    """One scenario's outcomes: mean or share, median, interval, and the paired difference."""
    mine = paired[paired["scenario"] == scenario].set_index("outcome")
    rows = []
    for _, row in summary[summary["scenario"] == scenario].iterrows():
        outcome, is_share = row["outcome"], row["outcome"] in binary
        diff = mine.loc[outcome] if outcome in mine.index else None
        rows.append(
            {
                "Outcome": f"`{outcome}`",
                "Runs (missing)": f"{row['n']} ({row['n_missing']})",
                "Mean or share": mean_or_share(row, is_share),
                "Median": "—" if is_share or row["n"] == 0 else number(row["median"]),
                "Interval": interval_text(row, is_share),
                "Difference from baseline (95 % CI)": difference_text(diff, is_share),
            }
        )
    return pd.DataFrame(rows)


def mean_or_share(row: Mapping[str, Any], is_share: bool) -> str:
    """The share (yes/no outcomes) or the mean; a dash when no run has a value."""
    if row["n"] == 0:
        return "— (never happens)" if row["outcome"].endswith("_day") else "—"
    return percent(row["value"]) if is_share else number(row["value"])


def interval_text(row: Mapping[str, Any], is_share: bool) -> str:
    """The interval column: Wilson 95 % for shares, 5–95 % of runs for numbers."""
    if row["n"] == 0:
        return "—"
    if is_share:
        return f"{percent(row['low'])} to {percent(row['high'])} (Wilson 95 %)"
    return f"{number(row['low'])} to {number(row['high'])} (5–95 % of runs)"


def difference_text(diff: Mapping[str, Any] | None, is_share: bool) -> str:
    """The paired difference with its interval and the number of pairs."""
    if diff is None:
        return "—"
    if diff["n_pairs"] == 0:
        return "no pair with both values"
    if is_share:
        low, high = points(diff["ci_low"]), points(diff["ci_high"])
        text = f"{points(diff['mean_diff'])} pts ({low} to {high})"
    else:
        text = (
            f"{number(diff['mean_diff'], True)} ({number(diff['ci_low'], True)} to "
            f"{number(diff['ci_high'], True)})"
        )
    return f"{text}, n={int(diff['n_pairs'])}"


def fidelity_tables(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The decision-point and observable tables of one scenario's fidelity rows."""
    decisions = table[table["item"] == "decision"]
    observables = table[table["item"] == "observable"]
    decision_rows = pd.DataFrame(
        {
            "Decision point": decisions["id"],
            "Who and what": "`" + decisions["subject"] + "`",
            "Window": decisions["window"],
            "Historical": decisions["historical"],
            "Runs matching": [
                f"{percent(s)} of {n}"
                for s, n in zip(decisions["share_match"], decisions["n_runs"], strict=True)
            ],
            "Brier model / uniform / status quo": [
                f"{m:.3f} / {u:.3f} / {q:.3f}"
                for m, u, q in zip(
                    decisions["brier_model"],
                    decisions["brier_uniform"],
                    decisions["brier_status_quo"],
                    strict=True,
                )
            ],
            "Note": decisions["note"],
        }
    )
    observable_rows = pd.DataFrame(
        {
            "Observable": observables["id"],
            "Outcome": "`" + observables["subject"] + "`",
            "Historical": observables["historical"],
            "Runs matching": [
                f"{percent(s)} of {n}"
                for s, n in zip(observables["share_match"], observables["n_runs"], strict=True)
            ],
            "Note": observables["note"],
        }
    )
    return decision_rows, observable_rows


# --- rendering --------------------------------------------------------------------------------


def render_markdown(content: ReportContent, folder: Path) -> str:
    """The report as Markdown; figures are linked by their path relative to ``folder``."""
    lines = [f"# {content.title}", ""]
    for block in content.blocks:
        match block:
            case Heading(text, level):
                lines += [f"{'#' * level} {text}", ""]
            case Paragraph(text):
                lines += [text, ""]
            case Bullets(items):
                lines += [f"- {item}" for item in items] + [""]
            case Table(frame):
                lines += [*markdown_table(frame), ""]
            case FigureBlock(title, png, svg, caption):
                png_name, svg_name = png.relative_to(folder), svg.relative_to(folder)
                lines += [f"![{title}]({png_name})", "", f"*{caption}* ([SVG]({svg_name}))", ""]
    return "\n".join(lines)


def markdown_table(frame: pd.DataFrame) -> list[str]:
    """A pipe table (cells with ``|`` escaped)."""

    def cell(value: Any) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    header = "| " + " | ".join(cell(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return [header, rule, *body]


CSS = """
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem;
       color: #111; line-height: 1.45; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
figure { margin: 1.5rem 0; } figure img { max-width: 100%; height: auto; }
figcaption { font-style: italic; color: #333; } code { background: #f4f4f4; padding: 0 0.2rem; }
"""


def inline_html(text: str) -> str:
    """Escape text and turn `backticks` into <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(str(text)))


def render_html(content: ReportContent) -> str:
    """The report as one self-contained HTML page (PNG figures embedded as base64)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(content.title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{html.escape(content.title)}</h1>",
    ]
    for block in content.blocks:
        match block:
            case Heading(text, level):
                parts.append(f"<h{level}>{inline_html(text)}</h{level}>")
            case Paragraph(text):
                parts.append(f"<p>{inline_html(text)}</p>")
            case Bullets(items):
                parts.append(
                    "<ul>" + "".join(f"<li>{inline_html(i)}</li>" for i in items) + "</ul>"
                )
            case Table(frame):
                parts.append(html_table(frame))
            case FigureBlock(title, png, _svg, caption):
                encoded = base64.b64encode(png.read_bytes()).decode("ascii")
                source = f"data:image/png;base64,{encoded}"
                parts.append(
                    f'<figure><img alt="{html.escape(title)}" src="{source}">'
                    f"<figcaption>{inline_html(caption)}</figcaption></figure>"
                )
    parts.append("</body></html>")
    return "\n".join(parts)


def html_table(frame: pd.DataFrame) -> str:
    """A plain HTML table of formatted strings."""
    head = "".join(f"<th>{inline_html(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{inline_html(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
