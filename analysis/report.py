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

from analysis.labels import BINARY_OUTCOMES, DAY_EVENTS, label, number, percent, points, unit


@dataclass(frozen=True)
class Heading:
    """A section title (its anchor is made from the text)."""

    text: str
    level: int = 2

    @property
    def anchor(self) -> str:
        """The id the table of contents links to (GitHub's rule: lower case, dashes)."""
        return anchor(self.text)


def anchor(text: str) -> str:
    """``"When the regime collapses"`` → ``when-the-regime-collapses``."""
    plain = re.sub(r"[^\w\- ]", "", text.replace("`", "").lower())
    return plain.strip().replace(" ", "-")


@dataclass(frozen=True)
class Contents:
    """A table of contents: the level-2 headings that follow it."""

    headings: Sequence[Heading]


@dataclass(frozen=True)
class Paragraph:
    """Plain text; `backticks` mark names (``css``: a class for the HTML paragraph)."""

    text: str
    css: str = ""


@dataclass(frozen=True)
class Bullets:
    """A list of short items."""

    items: Sequence[str]


@dataclass(frozen=True)
class Table:
    """A small table of already formatted strings (``css``: a class for the HTML table)."""

    frame: pd.DataFrame
    css: str = ""


@dataclass(frozen=True)
class FigureBlock:
    """A written figure: its PNG (embedded in HTML) and SVG files, with a caption."""

    title: str
    png: Path
    svg: Path
    caption: str = ""
    css: str = ""


Block = Heading | Contents | Paragraph | Bullets | Table | FigureBlock


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
        phrase = BINARY_PHRASES.get(outcome, f"{label(outcome).lower()} is true")
        return (
            f"In `{scenario}` {phrase} in {percent(row['mean_scenario'])} of runs against "
            f"{percent(row['mean_baseline'])} in `{baseline}` ({points(row['mean_diff'])} points, "
            f"95 % CI {points(row['ci_low'])} to {points(row['ci_high'])}; {n} paired runs)."
        )
    if outcome in DAY_EVENTS or outcome.endswith("_day"):
        event = DAY_EVENTS.get(outcome, f"{label(outcome).lower()} comes")
        direction = "later" if row["mean_diff"] > 0 else "earlier"
        return (
            f"In `{scenario}` {event} {number(abs(row['mean_diff']))} days {direction} on average "
            f"than in `{baseline}` ({interval} days; {n} paired runs in which it happens in both)."
        )
    units = f" {unit(outcome)}" if unit(outcome) not in ("", "index") else ""
    return (
        f"In `{scenario}` the mean of {label(outcome).lower()} is "
        f"{number(row['mean_scenario'])} against "
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
    summary: pd.DataFrame,
    paired: pd.DataFrame,
    scenario: str,
    binary: set[str],
    start: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """One scenario's outcomes under their labels: mean or share, median, interval, and the
    paired difference. Day outcomes are shown as calendar dates counted from ``start``."""
    mine = paired[paired["scenario"] == scenario].set_index("outcome")
    rows = []
    for _, row in summary[summary["scenario"] == scenario].iterrows():
        outcome, is_share = row["outcome"], row["outcome"] in binary
        diff = mine.loc[outcome] if outcome in mine.index else None
        is_date = start is not None and outcome in DAY_EVENTS
        rows.append(
            {
                "Outcome": label(outcome),
                "Runs (missing)": f"{row['n']} ({row['n_missing']})",
                "Mean or share": happens_text(row) if is_date else mean_or_share(row, is_share),
                "Median": median_text(row, is_share, start if is_date else None),
                "Interval": dates_text(row, start) if is_date else interval_text(row, is_share),
                "Difference from baseline (95 % CI)": difference_text(diff, is_share),
            }
        )
    return pd.DataFrame(rows)


def day_date(start: pd.Timestamp, day: float) -> str:
    """``8 Dec`` for a day number counted from ``start``."""
    date = start + pd.Timedelta(days=float(day))
    return f"{date.day} {date:%b}"


def happens_text(row: Mapping[str, Any]) -> str:
    """For a dated event: in how many runs it happens."""
    total = row["n"] + row["n_missing"]
    return f"happens in {percent(row['n'] / total)} of runs" if total else "—"


def median_text(row: Mapping[str, Any], is_share: bool, start: pd.Timestamp | None) -> str:
    """The median (a date for day outcomes); a dash for shares and outcomes without values."""
    if is_share or row["n"] == 0:
        return "—"
    return day_date(start, row["median"]) if start is not None else number(row["median"])


def dates_text(row: Mapping[str, Any], start: pd.Timestamp) -> str:
    """The 5–95 % range of a day outcome as dates."""
    if row["n"] == 0:
        return "—"
    return f"{day_date(start, row['low'])} to {day_date(start, row['high'])} (5–95 % of runs)"


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


def timing_text(row: Any) -> str:
    """``4 % / 60 % / 13 %``: runs that first took history's option before the window, after
    it, or never; blank for a status quo held."""
    if row.rule == "held":
        return ""
    return " / ".join(
        percent(share) for share in (row.share_early, row.share_late, row.share_never)
    )


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
            "First taken early / late / never": [
                timing_text(row) for row in decisions.itertuples(index=False)
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
            case Contents(headings):
                lines += [f"- [{h.text.replace('`', '')}](#{h.anchor})" for h in headings] + [""]
            case Paragraph(text, _css):
                lines += [text, ""]
            case Bullets(items):
                lines += [f"- {item}" for item in items] + [""]
            case Table(frame, _css):
                lines += [*markdown_table(frame), ""]
            case FigureBlock(title, png, svg, caption, _css):
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
body { font-family: system-ui, sans-serif; max-width: 80rem; margin: 0.8rem auto; padding: 0 1rem;
       color: #111; line-height: 1.45; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
figure { margin: 1.5rem 0; } figure img { max-width: 100%; height: auto; }
figcaption { font-style: italic; color: #333; } code { background: #f4f4f4; padding: 0 0.2rem; }
h1 { font-size: 1.5rem; margin: 0 0 0.3rem; } p.lead { margin: 0.2rem 0; font-size: 0.9rem; }
table.summary { font-size: 0.8rem; margin: 0.4rem 0; }
table.summary td, table.summary th { padding: 0.1rem 0.35rem; }
table.summary td { white-space: nowrap; } table.summary th { font-weight: 600; }
figure.headline { margin: 0.4rem 0; } figure.headline img { max-height: 430px; width: auto; }
"""


def inline_html(text: str) -> str:
    """Escape text and turn `backticks` into <code> and **stars** into <strong>."""
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(str(text)))
    return re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", escaped)


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
                parts.append(f'<h{level} id="{block.anchor}">{inline_html(text)}</h{level}>')
            case Contents(headings):
                links = "".join(
                    f'<li><a href="#{h.anchor}">{inline_html(h.text)}</a></li>' for h in headings
                )
                parts.append(f'<nav id="contents"><ol>{links}</ol></nav>')
            case Paragraph(text, css):
                attribute = f' class="{css}"' if css else ""
                parts.append(f"<p{attribute}>{inline_html(text)}</p>")
            case Bullets(items):
                parts.append(
                    "<ul>" + "".join(f"<li>{inline_html(i)}</li>" for i in items) + "</ul>"
                )
            case Table(frame, css):
                parts.append(html_table(frame, css))
            case FigureBlock(title, png, _svg, caption, css):
                encoded = base64.b64encode(png.read_bytes()).decode("ascii")
                source = f"data:image/png;base64,{encoded}"
                parts.append(
                    f'<figure class="{css}"><img alt="{html.escape(title)}" src="{source}">'
                    f"<figcaption>{inline_html(caption)}</figcaption></figure>"
                )
    parts.append("</body></html>")
    return "\n".join(parts)


def html_table(frame: pd.DataFrame, css: str = "") -> str:
    """A plain HTML table of formatted strings."""
    head = "".join(f"<th>{inline_html(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{inline_html(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    attribute = f' class="{css}"' if css else ""
    return f"<table{attribute}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
