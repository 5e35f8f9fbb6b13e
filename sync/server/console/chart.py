"""A stacked bar chart as plain geometry, drawn as SVG by a template (no script, no library)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 640, 220
LEFT, BOTTOM, TOP = 36, 28, 10
LEVEL_COLOURS = {"normal": "#7f8c8d", "waspada": "#e0a800", "siaga": "#e67e22", "awas": "#c0392b"}


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[float, str]]  # (x, label) under the bars
    grid: list[tuple[float, int]]  # (y, value) lines
    baseline: float


def stacked_weeks(weeks: list[date], series: dict[str, list[int]], labels: dict[str, str]) -> Chart:
    totals = [sum(values[i] for values in series.values()) for i in range(len(weeks))]
    top = max([*totals, 4])
    plot_height = HEIGHT - BOTTOM - TOP
    step = (WIDTH - LEFT) / max(len(weeks), 1)
    scale = plot_height / top
    bars: list[Bar] = []
    for i, monday in enumerate(weeks):
        y = HEIGHT - BOTTOM
        for level, values in series.items():
            if values[i]:
                height = values[i] * scale
                y -= height
                bars.append(
                    Bar(
                        x=round(LEFT + i * step + step * 0.15, 1),
                        y=round(y, 1),
                        width=round(step * 0.7, 1),
                        height=round(height, 1),
                        fill=LEVEL_COLOURS.get(level, "#999"),
                        title=f"Minggu {monday:%d/%m/%Y}: {values[i]} {labels.get(level, level)}",
                    )
                )
    ticks = [(round(LEFT + i * step + step / 2, 1), f"{m:%d/%m}") for i, m in enumerate(weeks)]
    grid = [(round(HEIGHT - BOTTOM - v * scale, 1), v) for v in _grid_values(top)]
    return Chart(WIDTH, HEIGHT, bars, ticks, grid, HEIGHT - BOTTOM)


def _grid_values(top: int) -> list[int]:
    step = max(1, round(top / 4))
    return list(range(step, top + 1, step))
